import { config, ENVIRONMENTS, only } from "../support/compute";
import { yamlObject } from "../support/kubernetes";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";
import { Artifacts } from "../../policies/types";

const rule = "tool-01-vetting-gate-anchor";
const POLICY = "ClusterImagePolicy/mcp-signed-images";

/** The distinct messages of the TOOL-01 findings after `mutate` weakens a fresh copy of the real plans, with the locations they were found at. */
function fired(mutate: (plans: Artifacts) => void): { rules: string[]; messages: string[]; locations: string[] } {
  const plans = synthesizedPlans();
  mutate(plans);
  const findings = findingsFor(plans, "TOOL-01");
  return {
    rules: [...new Set(findings.map((finding) => finding.rule))].sort(),
    messages: [...new Set(findings.map((finding) => finding.message.replace(/^kubernetes_manifest\.\S+ /, "").replace(/^[A-Za-z]+\/\S+: /, "")))].sort(),
    locations: [...new Set(findings.map((finding) => finding.location))].sort(),
  };
}

describe("TOOL-01 security-review checkpoints: the vetting gate's trust anchor (Inspector's ECR scans, the key admission trusts)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("Inspector scans ECR, the registry uses enhanced scanning, and admission verifies with the configured key, whose public half the verifier reads", () => {
      expect(only(plans, environment, "aws_inspector2_enabler").values["resource_types"]).toContain("ECR");
      expect(only(plans, environment, "aws_ecr_registry_scanning_configuration").values["scan_type"]).toBe("ENHANCED");
      const key = config(environment).cluster.imageSigningKey;
      expect(yamlObject(plans, environment, POLICY).spec.authorities).toEqual([{ name: "environment-signing-key", key: { kms: key, hashAlgorithm: "sha256" } }]);
      const verifier = stackResources(plans, environment, "aws_iam_role_policy").filter((policy) => String(policy.values["policy"]).includes("kms:GetPublicKey"));
      expect(verifier.map((policy) => JSON.parse(String(policy.values["policy"])).Statement[0].Resource)).toEqual([key.replace("awskms:///", "")]);
    });

    test("no finding of the vetting gate's anchor rule", () => {
      expect(findingsFor(plans, "TOOL-01")).toEqual([]);
    });
  });

  describe("check reports TOOL-01 when the real plan is weakened", () => {
    test("Inspector stops scanning ECR", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_inspector2_enabler").values["resource_types"] = ["EC2", "LAMBDA"]))).toEqual({
        rules: [rule],
        messages: ["Amazon Inspector does not scan ECR in prod: the gate has no image findings to wait for"],
        locations: ["mcp-prod-workloads", "prod/gateway.yaml"],
      });
    });

    test("the registry falls back to basic scanning", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_ecr_registry_scanning_configuration").values["scan_type"] = "BASIC")).messages).toEqual([
        "the ECR registry of prod does not use enhanced (Inspector) scanning: the gate has no image findings to wait for",
      ]);
    });

    test("admission trusts a key other than the one the environment's verifier reads (not the gate's key)", () => {
      const other = "arn:aws:kms:eu-central-1:333333333333:key/9e9e9e9e-0000-4000-8000-000000000000";
      expect(fired((plans) => (yamlObject(plans, "prod", POLICY).spec.authorities[0].key.kms = `awskms:///${other}`)).messages).toEqual([
        `the admission policy trusts ${other}, but no role of prod may read its public key (kms:GetPublicKey): the gate's signatures cannot be verified`,
      ]);
    });

    test("admission only warns, or the policy is gone: the gate's signature proves nothing", () => {
      const message = "no enforcing ClusterImagePolicy verifies signatures with a KMS key: the gate's signature proves nothing at admission";
      expect(fired((plans) => (yamlObject(plans, "prod", POLICY).spec.mode = "warn")).messages).toEqual([message]);
    });
  });
});
