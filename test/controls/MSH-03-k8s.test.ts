import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, podSpec, serverContainer, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { stackResources, synthesizedPlans } from "../support/plans";

const FILE = "prod/workloads.yaml";
const rule = "msh-03-csi-secrets-read-only";

describe("MSH-03 secret management in Kubernetes (Secrets Store CSI, read-only, never synced to Secrets)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test.each(config(environment).mcpServers.map((server) => [server.name, server] as const))("%s: a SecretProviderClass listing exactly its own secrets, fetched with its Pod Identity role", (name, server) => {
      expect(yamlObject(plans, environment, `SecretProviderClass/${name}/${name}-secrets`).spec).toEqual({
        provider: "aws",
        parameters: {
          region: config(environment).region,
          usePodIdentity: "true",
          objects: server.secrets.map((secret) => `- objectName: mcp/${environment}/${name}/${secret.name}\n  objectType: secretsmanager\n  objectAlias: ${secret.name}\n`).join(""),
        },
      });
    });

    test("every secret a class names is a Secrets Manager secret of the environment's stack", () => {
      const secretNames = new Set(stackResources(plans, environment, "aws_secretsmanager_secret").map((secret) => secret.values["name"]));
      for (const secretClass of yamlObjects(plans, environment, "SecretProviderClass")) {
        for (const [, objectName] of String(secretClass.spec.parameters.objects).matchAll(/objectName: (\S+)/g)) expect(secretNames).toContain(objectName);
      }
    });

    test("no finding of the Kubernetes MSH-03 rule", () => {
      expect(findingLines(plans, "MSH-03").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports MSH-03 when the real manifests are weakened", () => {
    test("the class syncs a Kubernetes Secret and stops using Pod Identity", () => {
      expect(
        weakened("MSH-03", (plans) => {
          const spec = yamlObject(plans, "prod", "SecretProviderClass/docs-search/docs-search-secrets").spec;
          spec.secretObjects = [{ secretName: "search", type: "Opaque", data: [{ objectName: "search-api-key", key: "key" }] }];
          delete spec.parameters.usePodIdentity;
        })
      ).toEqual([
        `${rule} ${FILE} SecretProviderClass/docs-search/docs-search-secrets: does not fetch with the pod's own EKS Pod Identity role (parameters.usePodIdentity: "true")`,
        `${rule} ${FILE} SecretProviderClass/docs-search/docs-search-secrets: syncs secrets into Kubernetes Secrets (secretObjects)`,
      ]);
    });

    test("the CSI volume and its mount become writable", () => {
      expect(
        weakened("MSH-03", (plans) => {
          podSpec(plans, "prod", "github-tools").volumes[1].csi.readOnly = false;
          delete serverContainer(plans, "prod", "github-tools").volumeMounts[1].readOnly;
        })
      ).toEqual([
        `${rule} ${FILE} Deployment/github-tools/github-tools: Secrets Store CSI volume "secrets" does not set readOnly: true`,
        `${rule} ${FILE} Deployment/github-tools/github-tools: container "github-tools" mounts secrets volume "secrets" at /var/run/secrets/mcp writable`,
      ]);
    });
  });
});
