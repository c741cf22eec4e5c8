import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, only, rulesFired } from "../support/compute";
import { keyStatements } from "../support/detection";
import { findingsFor, synthesizedPlans } from "../support/plans";

const SID = "GuardDutyDecryptsItsListsThroughS3";

/** Rewrites the environment key's policy of prod. */
function editKeyPolicy(plans: Artifacts, edit: (statements: Record<string, unknown>[]) => Record<string, unknown>[]): void {
  const key = only(plans, "prod", "aws_kms_key");
  const policy = JSON.parse(String(key.values["policy"])) as { Statement: Record<string, unknown>[] };
  key.values["policy"] = JSON.stringify({ ...policy, Statement: edit(policy.Statement) });
}

const withGrant = (change: (grant: Record<string, unknown>) => Record<string, unknown>) => (plans: Artifacts) =>
  editKeyPolicy(plans, (statements) => statements.map((statement) => (statement["Sid"] === SID ? change(statement) : statement)));

describe("TI-01 GuardDuty reads the threat list the feed bucket encrypts with the environment key, and nothing more", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, region } = config(environment);

    test("the environment key lets GuardDuty's service-linked role decrypt, through S3, objects of the feed bucket only", () => {
      expect(keyStatements(plans, environment).get(SID)).toEqual({
        Sid: SID,
        Effect: "Allow",
        Principal: "*",
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
          StringEquals: {
            "aws:PrincipalArn": `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
            "kms:CallerAccount": accountId,
            "kms:ViaService": `s3.${region}.amazonaws.com`,
            "kms:EncryptionContext:aws:s3:arn": [`arn:aws:s3:::mcp-${environment}-threat-intel-${accountId}`],
          },
        },
      });
    });

    test("the synthesized plan passes the rule", () => {
      expect(findingsFor(plans, "TI-01").filter((finding) => finding.rule === "ti-01-guardduty-decrypts-threat-lists")).toEqual([]);
    });
  });

  describe("check reports TI-01 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("TI-01", mutate);

    test("the grant is removed: GuardDuty cannot read its encrypted list", () => {
      expect(fired((plans) => editKeyPolicy(plans, (statements) => statements.filter((statement) => statement["Sid"] !== SID)))).toEqual(["ti-01-guardduty-decrypts-threat-lists"]);
    });

    test("the grant also allows encrypting", () => {
      expect(fired(withGrant((grant) => ({ ...grant, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] })))).toEqual(["ti-01-guardduty-decrypts-threat-lists"]);
    });

    test("the grant is not limited to S3", () => {
      expect(
        fired(
          withGrant((grant) => {
            const conditions = { ...(grant["Condition"] as { StringEquals: Record<string, unknown> }).StringEquals };
            delete conditions["kms:ViaService"];
            return { ...grant, Condition: { StringEquals: conditions } };
          }),
        ),
      ).toEqual(["ti-01-guardduty-decrypts-threat-lists"]);
    });

    test("the grant covers every bucket", () => {
      expect(
        fired(withGrant((grant) => ({ ...grant, Condition: { StringEquals: { ...(grant["Condition"] as { StringEquals: Record<string, unknown> }).StringEquals, "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::*"] } } }))),
      ).toEqual(["ti-01-guardduty-decrypts-threat-lists"]);
    });

    test("the GuardDuty service principal may decrypt without aws:SourceAccount/aws:SourceArn (confused deputy)", () => {
      expect(
        fired((plans) => editKeyPolicy(plans, (statements) => [...statements, { Sid: "GuardDutyDecryptsAnything", Effect: "Allow", Principal: { Service: "guardduty.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }])),
      ).toEqual(["ti-01-guardduty-decrypts-threat-lists"]);
    });
  });
});
