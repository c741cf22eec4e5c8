import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { PLATFORM_ROLE_NAMES } from "../../environments/workload-checks";
import { Artifacts } from "../../policies/types";
import { addResource, findingsFor, stackResources, synthesizedPlans } from "../support/plans";
import { association, ref, secretNamed, secretPolicy, serverRole } from "../support/secrets";

/** `resource: message` of every ISO-02 finding, sorted. */
function iso02(plans: Artifacts): string[] {
  return findingsFor(plans, "ISO-02")
    .map((finding) => `${finding.rule} ${finding.location} ${finding.resource}: ${finding.message}`)
    .sort();
}

describe("ISO-02 session-state isolation (disjoint per-server credentials)", () => {
  const plans = synthesizedPlans();

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s: every role is a server's own or one the config refuses as a server name, so no server can share a platform role", (name, environment) => {
    const prefix = `mcp-${name}-`;
    const roles = stackResources(plans, name, "aws_iam_role").map((role) => String(role.values["name"]));
    expect(roles.filter((role) => !role.startsWith(prefix))).toEqual([]);
    const servers = new Set(environment.mcpServers.map((server) => server.name));
    expect(roles.map((role) => role.slice(prefix.length)).filter((role) => !servers.has(role)).sort()).toEqual([...PLATFORM_ROLE_NAMES]);
  });

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s: each server's role reads exactly its own secrets, and nothing else is attached to it", (name, environment) => {
    const readers = new Map<string, string>();
    for (const server of environment.mcpServers) {
      const role = serverRole(plans, name, server.name);
      const policies = stackResources(plans, name, "aws_iam_role_policy").filter((policy) => policy.values["role"] === ref(role, "id"));
      const secrets = server.secrets.map((secret) => ref(secretNamed(plans, name, `mcp/${name}/${server.name}/${secret.name}`), "arn"));
      expect(policies.map((policy) => policy.values["name"])).toEqual(server.secrets.length > 0 ? ["read-own-secrets"] : []);
      if (policies.length > 0) {
        expect(JSON.parse(String(policies[0].values["policy"])).Statement[0]).toEqual({
          Sid: "ReadOwnSecretsOnly",
          Effect: "Allow",
          Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
          Resource: secrets,
        });
      }
      for (const type of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"]) {
        expect(stackResources(plans, name, type).filter((attachment) => [role.values["name"], ref(role, "name"), ref(role, "id")].includes(attachment.values["role"] as string))).toEqual([]);
      }
      expect(role.values["managed_policy_arns"]).toBeUndefined();
      expect(role.values["inline_policy"]).toBeUndefined();
      for (const secret of secrets) {
        expect(readers.get(secret)).toBeUndefined();
        readers.set(secret, server.name);
      }
    }
    expect(readers.size).toBe(environment.mcpServers.reduce((count, server) => count + server.secrets.length, 0));
  });

  test("the real plans have no ISO-02 finding", () => {
    expect(iso02(plans)).toEqual([]);
  });

  test("check reports ISO-02 when two servers share a role", () => {
    const weakened = synthesizedPlans();
    const githubRole = serverRole(weakened, "prod", "github-tools");
    association(weakened, "prod", "docs-search").values["role_arn"] = ref(githubRole, "arn");
    const github = association(weakened, "prod", "github-tools");
    expect(iso02(weakened)).toEqual([`iso-02-disjoint-server-credentials mcp-prod ${github.address}: github-tools/github-tools uses role ${githubRole.address}, which docs-search/docs-search uses too: every server needs its own role`]);
  });

  test("check reports ISO-02 when a server's role is granted another server's secret, in its policy or in the secret's", () => {
    const weakened = synthesizedPlans();
    const docsRole = serverRole(weakened, "prod", "docs-search");
    const key = secretNamed(weakened, "prod", "mcp/prod/github-tools/app-private-key");
    const policy = stackResources(weakened, "prod", "aws_iam_role_policy").find((candidate) => candidate.values["role"] === ref(docsRole, "id"))!;
    const document = JSON.parse(String(policy.values["policy"]));
    document.Statement[0].Resource.push(ref(key, "arn"));
    policy.values["policy"] = JSON.stringify(document);
    const webhook = secretNamed(weakened, "prod", "mcp/prod/github-tools/webhook-secret");
    const webhookPolicy = secretPolicy(weakened, "prod", webhook);
    const secretDocument = JSON.parse(String(webhookPolicy.values["policy"]));
    secretDocument.Statement[0].Principal.AWS = [secretDocument.Statement[0].Principal.AWS, ref(docsRole, "arn")];
    webhookPolicy.values["policy"] = JSON.stringify(secretDocument);
    const github = association(weakened, "prod", "github-tools");
    expect(iso02(weakened)).toEqual(
      [
        `iso-02-disjoint-server-credentials mcp-prod ${github.address}: github-tools/github-tools and docs-search/docs-search can both read secret ${key.address}: a server's secrets are its own`,
        `iso-02-disjoint-server-credentials mcp-prod ${github.address}: github-tools/github-tools and docs-search/docs-search can both read secret ${webhook.address}: a server's secrets are its own`,
      ].sort()
    );
  });

  test("check reports ISO-02 when one managed policy is attached to two servers' roles", () => {
    const weakened = synthesizedPlans();
    for (const server of ["github-tools", "docs-search"]) {
      addResource(weakened, "test", "aws_iam_role_policy_attachment", `shared-${server}`, { role: ref(serverRole(weakened, "test", server), "name"), policy_arn: "arn:aws:iam::222222222222:policy/shared-cache" });
    }
    const github = association(weakened, "test", "github-tools");
    expect(iso02(weakened)).toEqual([`iso-02-disjoint-server-credentials mcp-test ${github.address}: github-tools/github-tools and docs-search/docs-search share the managed policy arn:aws:iam::222222222222:policy/shared-cache: their permissions must be disjoint`]);
  });
});
