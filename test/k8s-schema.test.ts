/**
 * Every generated Kubernetes object validates against its real schema: the Kubernetes API's JSON schemas
 * (kubernetes-models) for built-in kinds, Istio's (@kubernetes-models/istio) for the mesh's kinds, the Secrets Store
 * CSI driver's CRD schema for SecretProviderClass and the sigstore policy-controller's for ClusterImagePolicy.
 * kubernetes-models is ESM-only, so validation runs in a child `node` process (test/k8s-validate.mjs).
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { kubernetesAddress } from "../policies/kubernetes";
import { KubernetesObject } from "../policies/types";
import { ENVIRONMENTS } from "./support/compute";
import { yamlObjects } from "./support/kubernetes";
import { synthesizedPlans } from "./support/plans";

interface ValidationResult {
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly result: "valid" | "invalid" | "unvalidated";
  readonly errors: readonly string[];
}

/** Kinds the blueprint generates that have no published schema to validate against. None today. */
const UNVALIDATED_KINDS: readonly string[] = [];

function validate(objects: readonly unknown[]): ValidationResult[] {
  const output = execFileSync(process.execPath, [path.join(__dirname, "k8s-validate.mjs")], { input: JSON.stringify(objects), cwd: path.join(__dirname, "..") });
  return JSON.parse(output.toString("utf8")) as ValidationResult[];
}

describe("generated Kubernetes objects validate against their schemas", () => {
  const plans = synthesizedPlans();

  test.each(ENVIRONMENTS)("%s: every object is valid, and every kind has a schema", (environment) => {
    const objects = yamlObjects(plans, environment);
    const results = validate(objects);
    expect(results.filter((result) => result.result === "invalid").map((result) => ({ object: kubernetesAddress(objects[result.index]), errors: result.errors }))).toEqual([]);
    expect([...new Set(results.filter((result) => result.result === "unvalidated").map((result) => result.kind))].sort()).toEqual(UNVALIDATED_KINDS);
    expect([...new Set(objects.map((object) => object.kind))].sort()).toEqual(
      [
        "AuthorizationPolicy", "ClusterImagePolicy", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "CronJob", "DaemonSet", "Deployment", "DestinationRule", "Gateway", "LimitRange", "Namespace", "NetworkPolicy", "PeerAuthentication",
        "PodDisruptionBudget", "PriorityClass", "ResourceQuota", "Role", "RoleBinding", "SecretProviderClass", "Service", "ServiceAccount", "ServiceEntry", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "VirtualService",
      ]
    );
  });

  test("the validator rejects wrong types, bad enums, malformed quantities and misspelled CRD fields", () => {
    const [deployment] = yamlObjects(synthesizedPlans(), "prod", "Deployment");
    const [secretClass] = yamlObjects(synthesizedPlans(), "prod", "SecretProviderClass");
    const broken = (edit: (object: Record<string, any>) => void, from: KubernetesObject) => {
      const copy = structuredClone(from) as Record<string, any>;
      edit(copy);
      return copy;
    };
    const results = validate([
      broken((object) => (object.spec.template.spec.containers[0].securityContext.runAsUser = "root"), deployment),
      broken((object) => (object.spec.template.spec.securityContext.seccompProfile.type = 42), deployment),
      broken((object) => (object.spec.template.spec.containers[0].resources.limits.cpu = "lots"), deployment),
      broken((object) => (object.spec.secretObject = []), secretClass),
      broken((object) => (object.spec.parameters.usePodIdentity = true), secretClass),
    ]);
    expect(results.map((result) => [result.result, result.errors.length > 0])).toEqual(Array(5).fill(["invalid", true]));
  });

  test("the validator rejects broken mesh and admission objects (Istio, admissionregistration and sigstore schemas)", () => {
    const plans = synthesizedPlans();
    const first = (kind: string) => yamlObjects(plans, "prod", kind)[0];
    const broken = (edit: (object: Record<string, any>) => void, from: KubernetesObject) => {
      const copy = structuredClone(from) as Record<string, any>;
      edit(copy);
      return copy;
    };
    const results = validate([
      broken((object) => (object.spec.mtls.mode = "LAX"), first("PeerAuthentication")),
      broken((object) => (object.spec.action = "PERMIT"), yamlObjects(plans, "prod", "AuthorizationPolicy").find((policy) => policy.spec.action === "ALLOW")!),
      broken((object) => (object.spec.trafficPolicy.connectionPool.tcp.maxConnections = "many"), first("DestinationRule")),
      broken((object) => (object.spec.resolution = "MAGIC"), first("ServiceEntry")),
      broken((object) => (object.spec.failurePolicy = 42), first("ValidatingAdmissionPolicy")),
      broken((object) => (object.spec.validationActions = "Deny"), first("ValidatingAdmissionPolicyBinding")),
      broken((object) => (object.spec.authorities[0].key.kms = ["awskms:///"]), first("ClusterImagePolicy")),
      broken((object) => (object.spec.authorities[0].keyRef = { kms: "awskms:///" }), first("ClusterImagePolicy")),
    ]);
    expect(results.map((result) => [result.kind, result.result, result.errors.length > 0])).toEqual(
      ["PeerAuthentication", "AuthorizationPolicy", "DestinationRule", "ServiceEntry", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ClusterImagePolicy", "ClusterImagePolicy"].map((kind) => [kind, "invalid", true])
    );
  });
});
