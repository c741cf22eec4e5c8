import { ConfigError } from "../../environments/config-error";
import { parseEnvironment } from "../../environments/parse";
import { prod } from "../../environments/prod";
import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, removeYamlObjects, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { editHelmValues, helmRelease, helmValues } from "../support/mesh";
import { stackResources, synthesizedPlans } from "../support/plans";

const ADMISSION = "prod/admission.yaml";
const rule = "prov-01-signed-images-required";
const POLICY = "ClusterImagePolicy/mcp-signed-images";
const CONTROLLER = "helm_release.image-policy-controller_release_645B101C";

describe("PROV-01 mandatory code signing (only images signed with the environment's KMS key run in MCP and gateway namespaces)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const registry = `${config(environment).accountId}.dkr.ecr.${config(environment).region}.amazonaws.com`;

    test("one enforcing ClusterImagePolicy over the whole ECR registry, verified with the configured KMS key", () => {
      expect(yamlObjects(plans, environment, "ClusterImagePolicy").map((policy) => [policy.metadata.name, policy.spec])).toEqual([
        [
          "mcp-signed-images",
          {
            authorities: [{ key: { hashAlgorithm: "sha256", kms: config(environment).cluster.imageSigningKey }, name: "environment-signing-key" }],
            images: [{ glob: `${registry}/**` }],
            mode: "enforce",
          },
        ],
      ]);
      expect(config(environment).cluster.imageSigningKey).toMatch(new RegExp(`^awskms:///arn:aws:kms:${config(environment).region}:${config(environment).accountId}:key/`));
    });

    test("every MCP server namespace and the gateway's are opted into verification", () => {
      const zoned = yamlObjects(plans, environment, "Namespace").filter((namespace) => ["mcp", "gateway"].includes(namespace.metadata.labels?.["mcp.security/zone"] ?? ""));
      expect(zoned.map((namespace) => namespace.metadata.name).sort()).toEqual([...config(environment).mcpServers.map((server) => server.name), "mcp-gateway"].sort());
      for (const namespace of zoned) expect(namespace.metadata.labels!["policy.sigstore.dev/include"]).toBe("true");
    });

    test("the policy-controller is installed pinned, fails closed and denies images no policy covers", () => {
      expect(helmValues(helmRelease(plans, environment, "policy-controller"))).toEqual({
        webhook: {
          image: { repository: `${registry}/mcp/platform/sigstore/policy-controller` },
          failurePolicy: "Fail",
          configData: { "no-match-policy": "deny" },
          namespaceSelector: { matchExpressions: [{ key: "policy.sigstore.dev/include", operator: "In", values: ["true"] }] },
          serviceAccount: { create: true, name: "policy-controller-webhook" },
        },
      });
    });

    test("the policy-controller's Pod Identity role reads only the signing key's public half and the environment's registry", () => {
      const [association] = stackResources(plans, environment, "aws_eks_pod_identity_association").filter((candidate) => candidate.values["namespace"] === "cosign-system");
      expect(association.values).toMatchObject({ service_account: "policy-controller-webhook", role_arn: expect.stringContaining("image-verifier-identity") });
      const [policy] = stackResources(plans, environment, "aws_iam_role_policy").filter((candidate) => candidate.name.startsWith("image-verifier-identity"));
      expect(JSON.parse(policy.values["policy"] as string).Statement).toEqual([
        { Sid: "ReadSigningPublicKeyOnly", Effect: "Allow", Action: ["kms:DescribeKey", "kms:GetPublicKey"], Resource: config(environment).cluster.imageSigningKey.replace("awskms:///", "") },
        { Sid: "AuthenticateToRegistry", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "ReadOwnRegistryImagesAndSignatures", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: `arn:aws:ecr:${config(environment).region}:${config(environment).accountId}:repository/*` },
      ]);
    });

    test("the platform's images are mirrored into the environment's registry, and every repository lets the verifier pull the signatures", () => {
      const repositories = stackResources(plans, environment, "aws_ecr_repository").map((repository) => repository.values["name"]);
      expect(repositories).toEqual(expect.arrayContaining(["mcp/platform/istio/pilot", "mcp/platform/istio/install-cni", "mcp/platform/istio/proxyv2", "mcp/platform/sigstore/policy-controller"]));
      const verifier = `arn:aws:iam::${config(environment).accountId}:role/mcp-${environment}-image-verifier`;
      const policies = stackResources(plans, environment, "aws_ecr_repository_policy").map((policy) => JSON.parse(policy.values["policy"] as string));
      expect(policies).toHaveLength(repositories.length);
      for (const policy of policies) expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === "NodesPull").Principal.AWS).toContain(verifier);
    });

    test("no finding of the signed-images rule", () => {
      expect(findingLines(plans, "PROV-01")).toEqual([]);
    });
  });

  test("the config refuses a signing key that is an alias, a bare ARN or another account's, and a sidecar image not pinned in the environment's registry", () => {
    const problems = (edit: (cluster: Record<string, unknown>) => void) => {
      const broken = structuredClone(prod) as unknown as { cluster: Record<string, unknown> };
      edit(broken.cluster);
      try {
        parseEnvironment(broken);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((problem) => [problem.path, problem.message, problem.hint]);
        throw error;
      }
      return [];
    };
    expect(problems((cluster) => (cluster["imageSigningKey"] = "awskms:///arn:aws:kms:eu-central-1:333333333333:alias/mcp-signing"))).toEqual([
      ["cluster.imageSigningKey", '"awskms:///arn:aws:kms:eu…" (65 characters) names a KMS alias', "name the key itself, awskms:///arn:aws:kms:<region>:<account>:key/<key id>: an alias can be repointed to another key"],
    ]);
    expect(problems((cluster) => (cluster["imageSigningKey"] = "arn:aws:kms:eu-central-1:333333333333:key/0f3c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e33"))[0].slice(0, 2)).toEqual([
      "cluster.imageSigningKey",
      '"arn:aws:kms:eu-central-1…" (78 characters) is a KMS key ARN without the awskms:// scheme',
    ]);
    expect(problems((cluster) => (cluster["imageSigningKey"] = "awskms:///arn:aws:kms:eu-central-1:111111111111:key/0f3c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e11"))[0].slice(0, 2)).toEqual([
      "cluster.imageSigningKey",
      '"awskms:///arn:aws:kms:eu…" (88 characters) is a key of account 111111111111, not of this environment\'s account 333333333333',
    ]);
    expect(problems((cluster) => (cluster["meshProxyImage"] = "docker.io/istio/proxyv2@sha256:" + "a".repeat(64)))[0].slice(0, 2)).toEqual([
      "cluster.meshProxyImage",
      'image registry "docker.io" is not this environment\'s ECR registry 333333333333.dkr.ecr.eu-central-1.amazonaws.com',
    ]);
    expect(problems((cluster) => (cluster["meshProxyImage"] = "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mirror/proxyv2@sha256:" + "a".repeat(64)))[0].slice(0, 2)).toEqual([
      "cluster.meshProxyImage",
      'image repository "mirror/proxyv2" is not the sidecar\'s mirror repository "mcp/platform/istio/proxyv2"',
    ]);
    expect(problems((cluster) => (cluster["meshProxyImage"] = "333333333333.dkr.ecr.eu-central-1.amazonaws.com/istio/proxyv2:1.29.3"))[0].slice(0, 2)).toEqual([
      "cluster.meshProxyImage",
      '"333333333333.dkr.ecr.eu-…" (68 characters) is not pinned by digest',
    ]);
  });

  describe("check reports PROV-01 when the real plan is weakened", () => {
    test("a server namespace opts out, and the policy only warns", () => {
      expect(
        weakened("PROV-01", (plans) => {
          yamlObject(plans, "prod", "Namespace/docs-search").metadata.labels!["policy.sigstore.dev/include"] = "false";
          yamlObject(plans, "prod", POLICY).spec.mode = "warn";
        })
      ).toEqual([
        `${rule} ${ADMISSION} ${POLICY}: mode is "warn": unsigned images are only warned about`,
        `${rule} prod/workloads.yaml Namespace/docs-search: is not opted into image signature verification: policy.sigstore.dev/include is "false", not "true"`,
      ]);
    });

    test("a static authority lets images pass unchecked", () => {
      expect(weakened("PROV-01", (plans) => yamlObject(plans, "prod", POLICY).spec.authorities.push({ name: "anything", static: { action: "pass" } }))).toEqual([
        `${rule} ${ADMISSION} ${POLICY}: authority 1 is static: it admits images without checking a signature`,
      ]);
    });

    test("the policy covers only one repository, or is deleted", () => {
      const missing = `${rule} prod/gateway.yaml Namespace/mcp-gateway: no ClusterImagePolicy requiring a signature covers every image of 333333333333.dkr.ecr.eu-central-1.amazonaws.com (images glob <registry>/**)`;
      expect(weakened("PROV-01", (plans) => (yamlObject(plans, "prod", POLICY).spec.images = [{ glob: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools" }]))).toEqual([missing]);
      expect(weakened("PROV-01", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "ClusterImagePolicy"))).toEqual([missing]);
    });

    test("the controller admits images no policy covers, and fails open", () => {
      expect(
        weakened("PROV-01", (plans) =>
          editHelmValues(helmRelease(plans, "prod", "policy-controller"), (values) => {
            values.webhook.configData["no-match-policy"] = "allow";
            values.webhook.failurePolicy = "Ignore";
          })
        )
      ).toEqual([
        `${rule} mcp-prod-workloads ${CONTROLLER}: webhook.configData.no-match-policy is "allow", not "deny": images no policy covers are admitted`,
        `${rule} mcp-prod-workloads ${CONTROLLER}: webhook.failurePolicy is "Ignore": the signature check fails open`,
      ]);
    });
  });
});
