import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, ref, rulesFired } from "../support/compute";
import { named, statements } from "../support/detection";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";

type Step = { name: string; action: string; onFailure: string; inputs: Record<string, unknown>; description?: string };
const runbook = (plans: Artifacts, environment: string, server: string) => named(plans, environment, "aws_ssm_document", `mcp-${environment}-recover-${server}`);
const editSteps = (plans: Artifacts, server: string, edit: (steps: Step[]) => Step[]) => {
  const document = runbook(plans, "prod", server);
  const content = JSON.parse(String(document.values["content"])) as { mainSteps: Step[] };
  document.values["content"] = JSON.stringify({ ...content, mainSteps: edit(content.mainSteps) });
};

describe("IR-02b eradication and IR-02c recovery: an SSM Automation runbook per MCP server", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const fn = named(plans, environment, "aws_lambda_function", `mcp-${environment}-recovery`, "function_name");
    const automationRole = named(plans, environment, "aws_iam_role", `mcp-${environment}-recovery-automation`);

    test("each server's runbook revokes, rotates or pauses for each secret, redeploys, verifies and restores, run by the automation role", () => {
      for (const server of config(environment).mcpServers) {
        const document = runbook(plans, environment, server.name);
        expect(document.values).toMatchObject({ document_type: "Automation", document_format: "JSON" });
        const content = JSON.parse(String(document.values["content"])) as { assumeRole: string; mainSteps: Step[] };
        expect(content.assumeRole).toBe(ref(automationRole, "arn"));
        const steps = content.mainSteps;
        expect(steps[0].name).toBe("RevokeSessions");
        expect(steps.slice(-3).map((step) => step.name)).toEqual(["RedeployApprovedDigest", "VerifyRollout", "RestoreReplicas"]);
        expect(steps.length).toBe(4 + server.secrets.length);
        for (const step of steps.filter((candidate) => candidate.action === "aws:invokeLambdaFunction")) expect(step.inputs["FunctionName"]).toBe(ref(fn, "function_name"));
        for (const secret of server.secrets) {
          const resource = named(plans, environment, "aws_secretsmanager_secret", `mcp/${environment}/${server.name}/${secret.name}`);
          const step = steps.find((candidate) => candidate.inputs["SecretId"] === ref(resource, "arn") || String(candidate.description ?? "").includes(String(resource.values["name"])));
          expect(step?.action).toBe(secret.rotation ? "aws:executeAwsApi" : "aws:pause");
        }
      }
    });

    test("the function redeploys exactly the configured digests; the automation role may invoke it and rotate rotating secrets only", () => {
      const approved = JSON.parse(String((fn.values["environment"] as { variables: Record<string, string> }).variables["APPROVED_SERVERS"])) as Record<string, { image: string }>;
      expect(Object.fromEntries(Object.entries(approved).map(([name, entry]) => [name, entry.image]))).toEqual(Object.fromEntries(config(environment).mcpServers.map((server) => [server.name, server.image])));
      const policy = statements(stackResources(plans, environment, "aws_iam_role_policy").find((candidate) => candidate.values["role"] === ref(automationRole, "id"))!);
      expect(policy.get("InvokeTheRecoveryFunction")).toMatchObject({ Action: "lambda:InvokeFunction", Resource: ref(fn, "arn") });
      const rotating = config(environment).mcpServers.flatMap((server) => server.secrets.filter((secret) => secret.rotation).map((secret) => ref(named(plans, environment, "aws_secretsmanager_secret", `mcp/${environment}/${server.name}/${secret.name}`), "arn")));
      expect(policy.get("StartRotationsOfServerSecrets")?.["Resource"]).toEqual(rotating.length === 0 ? undefined : rotating);
      expect([...policy.keys()].sort()).toEqual(rotating.length === 0 ? ["InvokeTheRecoveryFunction"] : ["InvokeTheRecoveryFunction", "StartRotationsOfServerSecrets"]);
    });

    test("a rotating secret's policy lets the automation role start a rotation and nothing else the deny guards", () => {
      for (const server of config(environment).mcpServers) {
        for (const secret of server.secrets.filter((candidate) => candidate.rotation)) {
          const resource = named(plans, environment, "aws_secretsmanager_secret", `mcp/${environment}/${server.name}/${secret.name}`);
          const policy = statements(stackResources(plans, environment, "aws_secretsmanager_secret_policy").find((candidate) => candidate.values["secret_arn"] === ref(resource, "arn"))!);
          const rotatorArn = `arn:aws:iam::${config(environment).accountId}:role/mcp-${environment}-recovery-automation`;
          expect(policy.get("OnlyNamedRolesRotate")).toMatchObject({ Effect: "Deny", Action: "secretsmanager:RotateSecret" });
          expect((policy.get("OnlyNamedRolesRotate")?.["Condition"] as { StringNotEquals: Record<string, string[]> }).StringNotEquals["aws:PrincipalArn"]).toContain(rotatorArn);
          expect((policy.get("NobodyElseTouchesTheValue")?.["Condition"] as { StringNotEquals: Record<string, string[]> }).StringNotEquals["aws:PrincipalArn"]).not.toContain(rotatorArn);
          expect(policy.get("NobodyElseTouchesTheValue")?.["Action"]).toContain("secretsmanager:GetSecretValue");
        }
      }
    });
  });

  describe("check reports IR-02b and IR-02c when the real plan is weakened", () => {
    const fired = (control: string, mutate: (plans: Artifacts) => void) => rulesFired(control, mutate);

    test("the plan as synthesized passes", () => {
      expect(fired("IR-02b", () => undefined)).toEqual([]);
      expect(fired("IR-02c", () => undefined)).toEqual([]);
    });

    test("a server's runbook is removed", () => {
      expect(fired("IR-02b", (plans) => void removeResources(plans, "prod", "aws_ssm_document", (document) => document.values["name"] === "mcp-prod-recover-docs-search"))).toEqual(["ir-02b-recovery-runbooks"]);
    });

    test("replicas are restored before the rollout is verified", () => {
      expect(fired("IR-02c", (plans) => editSteps(plans, "github-tools", (steps) => [...steps.slice(0, -2), steps[steps.length - 1], steps[steps.length - 2]]))).toEqual(["ir-02b-recovery-runbooks"]);
    });

    test("the verification continues on failure", () => {
      expect(fired("IR-02c", (plans) => editSteps(plans, "github-tools", (steps) => steps.map((step) => (step.name === "VerifyRollout" ? { ...step, onFailure: "Continue" } : step))))).toEqual(["ir-02b-recovery-runbooks"]);
    });

    test("the rotation of a secret is dropped", () => {
      expect(fired("IR-02b", (plans) => editSteps(plans, "github-tools", (steps) => steps.filter((step) => step.action !== "aws:executeAwsApi")))).toEqual(["ir-02b-recovery-runbooks"]);
    });

    test("the revocation step is dropped", () => {
      expect(fired("IR-02b", (plans) => editSteps(plans, "docs-search", (steps) => steps.filter((step) => step.name !== "RevokeSessions")))).toEqual(["ir-02b-recovery-runbooks"]);
    });

    test("the approved image of a server is a mutable tag", () => {
      expect(
        fired("IR-02b", (plans) => {
          const fn = named(plans, "prod", "aws_lambda_function", "mcp-prod-recovery", "function_name");
          const variables = (fn.values["environment"] as { variables: Record<string, string> }).variables;
          const approved = JSON.parse(variables["APPROVED_SERVERS"]) as Record<string, { image: string; replicas: number }>;
          approved["docs-search"].image = "ghcr.io/example/docs-search:latest";
          variables["APPROVED_SERVERS"] = JSON.stringify(approved);
        })
      ).toEqual(["ir-02b-recovery-runbooks"]);
    });
  });
});
