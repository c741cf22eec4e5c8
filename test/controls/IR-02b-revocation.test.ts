import { serverAudience } from "../../environments/gateway-checks";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { named, statements } from "../support/detection";
import { findingsFor, removeResources, stackResources, synthesizedPlans } from "../support/plans";

const RULE = "ir-02b-recovery-revocation-wired";
const fired = (mutate: (plans: Artifacts) => void) => rulesFired("JIT-04", mutate).filter((rule) => rule === RULE);
const recoveryFunction = (plans: Artifacts, environment: string) => named(plans, environment, "aws_lambda_function", `mcp-${environment}-recovery`, "function_name");
const variables = (plans: Artifacts, environment: string) => (recoveryFunction(plans, environment).values["environment"] as { variables: Record<string, string> }).variables;
const functionPolicy = (plans: Artifacts, environment: string) => stackResources(plans, environment, "aws_iam_role_policy").find((policy) => policy.values["name"] === "recover-servers" && String(policy.values["role"]).includes("recovery_function-role"))!;
const editStatements = (plans: Artifacts, edit: (statements: Record<string, unknown>[]) => Record<string, unknown>[]) => {
  const policy = functionPolicy(plans, "prod");
  const document = JSON.parse(String(policy.values["policy"])) as { Statement: Record<string, unknown>[] };
  policy.values["policy"] = JSON.stringify({ ...document, Statement: edit(document.Statement) });
};

describe("IR-02b / JIT-04: the recovery runbook's revoke step reaches the guard's store", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the function names the store's endpoint, port and token secret; its role reads that secret only, decrypting it only via Secrets Manager", () => {
      const store = named(plans, environment, "aws_elasticache_replication_group", `mcp-${environment}-guard-store`, "replication_group_id");
      const secret = named(plans, environment, "aws_secretsmanager_secret", `mcp/${environment}/gateway/guard-store-token`);
      expect(variables(plans, environment)).toMatchObject({
        REVOCATION_STORE_HOST: ref(store, "primary_endpoint_address"),
        REVOCATION_STORE_PORT: "6379",
        REVOCATION_STORE_TOKEN_SECRET: ref(secret, "arn"),
        REVOCATION_KEY_PREFIX: "mcp-guard:",
        REVOCATION_TTL_SECONDS: "305",
      });
      const policy = statements(functionPolicy(plans, environment));
      expect(policy.get("ReadTheGuardStoreToken")).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: ref(secret, "arn") });
      expect(policy.get("DecryptTheGuardStoreTokenViaSecretsManager")?.["Condition"]).toEqual({
        StringEquals: { "kms:ViaService": `secretsmanager.${config(environment).region}.amazonaws.com`, "kms:EncryptionContext:SecretARN": ref(secret, "arn") },
      });
    });

    test("each server's revocation names every client its tokens are issued to: its own and, with just-in-time tools and the generated realm, its token-exchange client (review)", () => {
      const approved = JSON.parse(variables(plans, environment)["APPROVED_SERVERS"]) as Record<string, { clients: string[] }>;
      for (const server of config(environment).mcpServers) {
        const exchanges = config(environment).identity !== undefined && server.tools.some((tool) => (tool.jit?.purposes.length ?? 0) > 0);
        expect(approved[server.name].clients).toEqual(exchanges ? [`mcp-${server.name}`, serverAudience(config(environment), server)] : [`mcp-${server.name}`]);
      }
      if (config(environment).identity !== undefined) expect(Object.values(approved).filter((entry) => entry.clients.length === 2).length).toBeGreaterThan(0);
    });

    test("no finding of the rule", () => {
      expect(findingsFor(plans, "JIT-04").filter((finding) => finding.rule === RULE)).toEqual([]);
    });
  });

  describe("check reports IR-02b and JIT-04 when the real plan is weakened", () => {
    test("the function's egress to the store is removed", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_vpc_security_group_egress_rule", (rule) => rule.name.startsWith("recovery_to-guard-store")))).toEqual([RULE]);
    });

    test("the store no longer admits the function", () => {
      expect(fired((plans) => void removeResources(plans, "prod", "aws_vpc_security_group_ingress_rule", (rule) => rule.name.startsWith("recovery_guard-store-from-function")))).toEqual([RULE]);
    });

    test("the grant to read the token is removed, or widened to every secret", () => {
      expect(fired((plans) => editStatements(plans, (list) => list.filter((statement) => statement["Sid"] !== "ReadTheGuardStoreToken")))).toEqual([RULE]);
      expect(fired((plans) => editStatements(plans, (list) => list.map((statement) => (statement["Sid"] === "ReadTheGuardStoreToken" ? { ...statement, Resource: "*" } : statement))))).toEqual([RULE]);
    });

    test("the token can no longer be decrypted through Secrets Manager", () => {
      expect(fired((plans) => editStatements(plans, (list) => list.filter((statement) => statement["Sid"] !== "DecryptTheGuardStoreTokenViaSecretsManager")))).toEqual([RULE]);
    });

    test("the function no longer names the store, or names another port", () => {
      expect(fired((plans) => delete variables(plans, "prod")["REVOCATION_STORE_HOST"])).toEqual([RULE]);
      expect(fired((plans) => (variables(plans, "prod")["REVOCATION_STORE_PORT"] = "6380"))).toEqual([RULE]);
    });

    test("the revocation lapses before the guard stops accepting earlier tokens, or lands under another key prefix (review)", () => {
      expect(fired((plans) => (variables(plans, "prod")["REVOCATION_TTL_SECONDS"] = "300"))).toEqual([RULE]);
      expect(fired((plans) => (variables(plans, "prod")["REVOCATION_KEY_PREFIX"] = "other:"))).toEqual([RULE]);
      const plans = synthesizedPlans();
      variables(plans, "prod")["REVOCATION_TTL_SECONDS"] = "1";
      expect(findingsFor(plans, "IR-02b").filter((finding) => finding.rule === RULE).map((finding) => finding.message)).toEqual([
        "revoke step: REVOCATION_TTL_SECONDS 1 is shorter than the 305 s a token stays acceptable to guard mcp-guard (its longest lifetime plus clock tolerance): a token issued before the revocation outlives it",
      ]);
    });

    test("the finding names the function and what is missing", () => {
      const plans = synthesizedPlans();
      removeResources(plans, "prod", "aws_vpc_security_group_egress_rule", (rule) => rule.name.startsWith("recovery_to-guard-store"));
      expect(findingsFor(plans, "IR-02b").filter((finding) => finding.rule === RULE).map((finding) => finding.message)).toEqual(["revoke step: its security group has no egress to the store's on 6379"]);
    });
  });
});
