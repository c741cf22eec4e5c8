import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { Artifacts } from "../../policies/types";
import { addResource, findingsFor, stackResources, synthesizedPlans } from "../support/plans";

const MFA_RULE = "pub-08-admin-roles-require-mfa";

describe("JIT-01 dynamic, time-limited access", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, name, type);
    const roles = of("aws_iam_role").filter((role) => /-(admin|readonly)$/.test(String(role.values["name"])));
    const policy = (suffix: string) => of("aws_iam_policy").find((candidate) => candidate.values["name"] === `mcp-${name}-${suffix}`)!;
    const document = (suffix: string) => JSON.parse(String(policy(suffix).values["policy"]));

    test("human-assumable roles issue sessions of the configured length: one hour in production", () => {
      expect(roles.map((role) => [role.values["name"], role.values["max_session_duration"]])).toEqual([
        [`mcp-${name}-admin`, environment.access.maxSessionHours * 3600],
        [`mcp-${name}-readonly`, environment.access.maxSessionHours * 3600],
      ]);
      expect(environment.access.maxSessionHours).toBeLessThanOrEqual(environment.production ? 1 : 4);
    });

    test("both roles are bounded by a permissions boundary that forbids long-term credentials and changing the roles", () => {
      const boundary = policy("privileged-boundary");
      for (const role of roles) expect(role.values["permissions_boundary"]).toBe(`\${${boundary.address}.arn}`);
      const statements = document("privileged-boundary").Statement as { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[] }[];
      expect(statements.map((statement) => [statement.Sid, statement.Effect])).toEqual([
        ["AllowWithinTheDenials", "Allow"],
        ["DenyLongTermCredentials", "Deny"],
        ["DenyChangingThePrivilegedRoles", "Deny"],
        ["DenyChangingTheirPolicies", "Deny"],
        ["DenyTamperingWithAuditRecords", "Deny"],
        ["DenyReadingSecretValues", "Deny"],
      ]);
      expect(statements[1].Action).toEqual(expect.arrayContaining(["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]));
      expect(statements[2].Resource).toEqual([`arn:aws:iam::${environment.accountId}:role/mcp-${name}-admin`, `arn:aws:iam::${environment.accountId}:role/mcp-${name}-readonly`]);
      expect(statements[2].Action).toEqual(expect.arrayContaining(["iam:DeleteRolePermissionsBoundary", "iam:UpdateAssumeRolePolicy"]));
      expect(statements[4].Action).toEqual(expect.arrayContaining(["cloudtrail:StopLogging", "ec2:DeleteFlowLogs", "ec2:ModifyClientVpnEndpoint", "logs:DeleteLogGroup"]));
    });

    test("the admin role reads everything and changes only node groups and its own bastion sessions; the read-only role only reads", () => {
      const attachments = of("aws_iam_role_policy_attachment").map((attachment) => [attachment.values["role"], attachment.values["policy_arn"]]);
      const roleName = (suffix: string) => `\${${roles.find((role) => role.values["name"] === `mcp-${name}-${suffix}`)!.address}.name}`;
      expect(attachments).toEqual(
        expect.arrayContaining([
          [roleName("admin"), "arn:aws:iam::aws:policy/ReadOnlyAccess"],
          [roleName("admin"), `\${${policy("admin-operate").address}.arn}`],
          [roleName("readonly"), "arn:aws:iam::aws:policy/ReadOnlyAccess"],
        ]),
      );
      expect(attachments.filter(([role]) => role === roleName("readonly"))).toHaveLength(1);
      const operate = document("admin-operate").Statement as { Sid: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown }[];
      const scope = `${environment.region}:${environment.accountId}`;
      expect(operate.map((statement) => [statement.Sid, statement.Resource])).toEqual([
        ["OperateEksClusters", [`arn:aws:eks:${scope}:cluster/*`, `arn:aws:eks:${scope}:nodegroup/*`]],
        ["SessionManagerToAdminTierInstances", `arn:aws:ec2:${scope}:instance/*`],
        ["SessionManagerDefaultShellDocument", `arn:aws:ssm:${scope}:document/SSM-SessionManagerRunShell`],
        ["OwnSessionsOnly", `arn:aws:ssm:${scope}:session/$\${aws:userid}-*`],
      ]);
      expect(operate[1].Condition).toEqual({ StringEquals: { "ssm:resourceTag/mcp:tier": "admin" }, BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } });
    });

    test("VPN sessions end after the configured timeout and are disconnected", () => {
      expect(of("aws_ec2_client_vpn_endpoint")[0].values).toMatchObject({ session_timeout_hours: environment.access.vpn.sessionTimeoutHours, disconnect_on_session_timeout: true });
    });

    test("the synthesized plan passes every JIT-01 rule", () => {
      expect(findingsFor(plans, "JIT-01")).toEqual([]);
    });
  });

  describe("check reports JIT-01 when sessions get longer", () => {
    const fired = (environment: string, seconds: number | undefined) => {
      const plans = synthesizedPlans();
      const admin = stackResources(plans, environment, "aws_iam_role").find((role) => role.values["name"] === `mcp-${environment}-admin`)!;
      if (seconds === undefined) delete admin.values["max_session_duration"];
      else admin.values["max_session_duration"] = seconds;
      return findingsFor(plans, "JIT-01").map((finding) => [finding.rule, finding.resource, finding.message]);
    };

    test("a 12-hour admin session in production", () => {
      expect(fired("prod", 43200)).toEqual([[MFA_RULE, expect.stringMatching(/^aws_iam_role\./), "max_session_duration is 43200 seconds, above the limit of 3600"]]);
    });

    test("a 2-hour admin session in production, while dev may have up to 4 hours but not 12", () => {
      expect(fired("prod", 7200)).toEqual([[MFA_RULE, expect.stringMatching(/^aws_iam_role\./), "max_session_duration is 7200 seconds, above the limit of 3600"]]);
      expect(fired("dev", 14400)).toEqual([]);
      expect(fired("dev", 43200)).toEqual([[MFA_RULE, expect.stringMatching(/^aws_iam_role\./), "max_session_duration is 43200 seconds, above the limit of 14400"]]);
    });

    test("the session length left to IAM's one-hour default passes", () => {
      expect(fired("prod", undefined)).toEqual([]);
    });
  });
});

describe("JIT-00 eliminate standing privileges (no IAM users or static keys)", () => {
  const fired = (mutate: (plans: Artifacts) => void) => {
    const plans = synthesizedPlans();
    mutate(plans);
    return findingsFor(plans, "JIT-00").map((finding) => [finding.rule, finding.resource]);
  };

  test("no stack creates an IAM user or a long-term user credential", () => {
    const plans = synthesizedPlans();
    for (const stack of plans.stacks) {
      const types = Object.keys((stack.json["resource"] ?? {}) as Record<string, unknown>);
      expect(types.filter((type) => /^aws_iam_(user|access_key|service_specific_credential|signing_certificate)/.test(type))).toEqual([]);
    }
    expect(findingsFor(plans, "JIT-00")).toEqual([]);
  });

  test("check reports an access key or a service-specific credential added to any environment", () => {
    expect(fired((plans) => addResource(plans, "dev", "aws_iam_access_key", "ci", { user: "ci" }))).toEqual([["pub-08-no-iam-users", "aws_iam_access_key.ci"]]);
    expect(fired((plans) => addResource(plans, "test", "aws_iam_service_specific_credential", "git", { user_name: "ci", service_name: "codecommit.amazonaws.com" }))).toEqual([
      ["pub-08-no-iam-users", "aws_iam_service_specific_credential.git"],
    ]);
  });
});
