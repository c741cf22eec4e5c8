/**
 * The Kubernetes side of each environment: the `mcp-<env>-workloads` Terraform stack applies exactly the objects
 * written to dist/k8s/<env>/, to the environment's own cluster, in a safe order; exceptions on Kubernetes objects;
 * and the synthesis gate over Kubernetes objects.
 */
import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import { ConfigError } from "../environments/config-error";
import { EnvironmentConfig } from "../environments/schema";
import { EXCEPTIONS_ANNOTATION, loadKubernetes } from "../policies/engine";
import { kubernetesAddress, objects } from "../policies/kubernetes";
import { KubernetesObject } from "../policies/types";
import { McpEnvironmentStack } from "../stacks/environment-stack";
import { PolicyViolationError, synthesize, synthesizeApp } from "../stacks/synthesize";
import { buildWorkloads, manifestFiles } from "../stacks/workloads";
import { McpWorkloadsStack } from "../stacks/workloads-stack";
import { config, ENVIRONMENTS } from "./support/compute";
import { manifestResources, transitivePrerequisites, yamlObjects } from "./support/kubernetes";
import { stack, stackResources, synthesizedPlans, tempDir } from "./support/plans";

describe("the workloads stack of each environment", () => {
  const plans = synthesizedPlans();

  describe.each(ENVIRONMENTS)("mcp-%s-workloads", (environment) => {
    const { accountId, region, state } = config(environment);
    const json = stack(plans, `${environment}-workloads`).json as Record<string, any>;

    test("reaches the environment's own cluster with a token from aws_eks_cluster_auth, in the environment's account", () => {
      expect(json.data).toEqual({
        aws_eks_cluster: { cluster: expect.objectContaining({ name: `mcp-${environment}` }) },
        aws_eks_cluster_auth: { "cluster-auth": expect.objectContaining({ name: `mcp-${environment}` }) },
      });
      expect(json.provider.kubernetes).toEqual([
        {
          host: "${data.aws_eks_cluster.cluster.endpoint}",
          cluster_ca_certificate: "${base64decode(data.aws_eks_cluster.cluster.certificate_authority[0].data)}",
          token: "${data.aws_eks_cluster_auth.cluster-auth.token}",
        },
      ]);
      expect(json.provider.aws).toEqual((stack(plans, environment).json as Record<string, any>).provider.aws);
      expect(json.provider.aws[0]).toMatchObject({ region, allowed_account_ids: [accountId] });
      expect(json.output).toBeUndefined();
    });

    test("its YAML files parse back to exactly the objects the synthesis gate judged", () => {
      const byFile = (a: { file: string }, b: { file: string }) => a.file.localeCompare(b.file);
      const judged = manifestFiles(buildWorkloads(config(environment))).sort(byFile);
      expect(plans.kubernetes.filter((file) => file.file.startsWith(`${environment}/`)).sort(byFile)).toStrictEqual(judged);
    });

    test("keeps its own state in the environment's encrypted backend", () => {
      expect(json.terraform.backend.s3).toMatchObject({ bucket: state.bucket, key: `mcp-hardening/mcp-${environment}-workloads/terraform.tfstate`, encrypt: true, use_lockfile: true });
      expect((stack(plans, environment).json as Record<string, any>).terraform.backend.s3.key).toBe(`mcp-hardening/mcp-${environment}/terraform.tfstate`);
    });

    test("applies exactly the objects of dist/k8s/<env>/, one kubernetes_manifest each, with its own field manager", () => {
      const manifests = manifestResources(plans, environment);
      const byAddress = (list: KubernetesObject[]) => new Map(list.map((object) => [kubernetesAddress(object), object]));
      const applied = objects(plans).filter((item) => item.location === `mcp-${environment}-workloads`).map((item) => item.object);
      expect(byAddress(applied)).toEqual(byAddress(yamlObjects(plans, environment)));
      expect(manifests).toHaveLength(yamlObjects(plans, environment).length);
      for (const resource of manifests) expect(resource.values["field_manager"]).toEqual({ name: "mcp-hardening", force_conflicts: false });
    });

    test("installs the mesh and the policy controller first, then cluster-wide objects, Namespaces, a namespace's configuration, then its workloads, each naming only its direct prerequisites", () => {
      const manifests = manifestResources(plans, environment);
      const platform = stackResources(plans, `${environment}-workloads`, "helm_release").map((release) => release.address).sort();
      const manifest = (resource: { values: Record<string, unknown> }) => resource.values["manifest"] as KubernetesObject;
      const dependsOn = (resource: { values: Record<string, unknown> }) => [...((resource.values["depends_on"] as string[] | undefined) ?? [])].sort();
      const clusterWide = manifests.filter((resource) => !manifest(resource).metadata.namespace && manifest(resource).kind !== "Namespace");
      for (const resource of clusterWide) expect(dependsOn(resource)).toEqual(platform);
      for (const server of config(environment).mcpServers) {
        const namespace = manifests.find((resource) => manifest(resource).kind === "Namespace" && manifest(resource).metadata.name === server.name)!;
        const inNamespace = manifests.filter((resource) => manifest(resource).metadata.namespace === server.name);
        const deployment = inNamespace.find((resource) => resource.name === `Deployment_${server.name}_${server.name}`)!;
        const configuration = inNamespace.filter((resource) => resource !== deployment);
        expect(dependsOn(namespace)).toEqual([...platform, ...clusterWide.map((resource) => resource.address)].sort());
        expect(dependsOn(deployment)).toEqual(configuration.map((resource) => resource.address).sort());
        for (const resource of configuration) expect(dependsOn(resource)).toEqual([namespace.address]);
      }
    });

    test("every object comes after the platform, every namespaced object after the cluster-wide objects, and every workload after its namespace's policies, quota and accounts", () => {
      const manifests = manifestResources(plans, environment);
      const prerequisites = transitivePrerequisites(plans, environment);
      const closure = (address: string) => prerequisites.get(address)!;
      const manifest = (resource: { values: Record<string, unknown> }) => resource.values["manifest"] as KubernetesObject;
      const platform = stackResources(plans, `${environment}-workloads`, "helm_release").map((release) => release.address);
      const clusterWide = manifests.filter((resource) => !manifest(resource).metadata.namespace && manifest(resource).kind !== "Namespace").map((resource) => resource.address);
      // The ingress namespace and the SecretProviderClass of the ingress gateway's TLS files come before the platform: its pods mount it.
      const beforePlatform = ["Namespace/istio-ingress", "SecretProviderClass/istio-ingress/ingress-tls"];
      expect(manifests.filter((resource) => platform.some((release) => closure(release).has(resource.address))).map((resource) => kubernetesAddress(manifest(resource)))).toEqual(beforePlatform);
      for (const resource of manifests.filter((candidate) => !beforePlatform.includes(kubernetesAddress(manifest(candidate))))) {
        const earlier = closure(resource.address);
        expect(platform.filter((release) => !earlier.has(release))).toEqual([]);
        const { namespace } = manifest(resource).metadata;
        if (namespace === undefined) continue;
        expect(clusterWide.filter((address) => !earlier.has(address))).toEqual([]);
        if (!["Deployment", "DaemonSet", "StatefulSet", "Job", "CronJob", "Pod"].includes(manifest(resource).kind)) continue;
        const configuration = manifests.filter((other) => manifest(other).metadata.namespace === namespace && !["Deployment", "DaemonSet", "StatefulSet", "Job", "CronJob", "Pod"].includes(manifest(other).kind));
        expect(configuration.map((other) => other.address).filter((address) => !earlier.has(address))).toEqual([]);
      }
    });
  });

  test("each workloads stack is deployed after its environment's infrastructure stack", () => {
    const app = Testing.app();
    const prod = config("prod");
    const environmentStack = new McpEnvironmentStack(app, prod);
    const workloads = new McpWorkloadsStack(app, prod, { environmentStack, objects: manifestFiles(buildWorkloads(prod)).flatMap((file) => file.objects) });
    expect(workloads.dependencies).toEqual([environmentStack]);
  });

  test("strings that Terraform would interpolate are escaped, and rules read them back literally", () => {
    const app = new App({ outdir: tempDir("escape") });
    const prod = config("prod");
    const environmentStack = new McpEnvironmentStack(app, prod);
    const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "templates", namespace: "docs-search" }, data: { greeting: "${name} and %{if x}" } };
    const workloads = new McpWorkloadsStack(app, prod, { environmentStack, objects: [object] });
    const synthesized = JSON.parse(Testing.synth(workloads)) as Record<string, any>;
    expect(synthesized.resource.kubernetes_manifest["ConfigMap_docs-search_templates"].manifest.data.greeting).toBe("$${name} and %%{if x}");
    const read = objects({ stacks: [{ name: "mcp-prod-workloads", file: "", json: synthesized }], kubernetes: [] });
    expect(read.map((item) => item.object)).toEqual([object]);
    expect(synthesized.resource.kubernetes_manifest["ConfigMap_docs-search_templates"].manifest.data.greeting).toBe("$${name} and %%{if x}");
  });
});

describe("exceptions on Kubernetes objects", () => {
  const prod = config("prod");
  const justification = "Debug build for incident INC-9, approved by the CISO until 2026-12-01.";

  test("an exception naming a Kubernetes object is recorded on it, in the YAML and in the workloads stack", () => {
    const withException: EnvironmentConfig = { ...prod, exceptions: [{ rule: "ctr-01-read-only-root", resource: "Deployment/docs-search/docs-search", justification }] };
    const plans = synthesizedPlans([withException]);
    const [deployment] = yamlObjects(plans, "prod", "Deployment").filter((object) => object.metadata.name === "docs-search");
    expect(JSON.parse(deployment.metadata.annotations![EXCEPTIONS_ANNOTATION])).toEqual([{ rule: "ctr-01-read-only-root", justification }]);
    const resource = manifestResources(plans, "prod").find((candidate) => candidate.name === "Deployment_docs-search_docs-search")!;
    expect((resource.values["//"] as Record<string, unknown>)["exceptions"]).toEqual([{ rule: "ctr-01-read-only-root", justification }]);
  });

  test("an exception naming no Kubernetes object is a ConfigError, and nothing is written", () => {
    const outdir = path.join(tempDir("k8s-exception"), "cdktf.out");
    const withException: EnvironmentConfig = { ...prod, exceptions: [{ rule: "ctr-01-read-only-root", resource: "Deployment/docs-search/nope", justification }] };
    let error: unknown;
    try {
      synthesize([withException], { outdir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/no Kubernetes object "Deployment\/docs-search\/nope" in the workloads of prod/);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(outdir), "dist"))).toBe(false);
  });
});

describe("the synthesis gate over Kubernetes objects", () => {
  const prod = config("prod");

  test("a manifest that violates a rule is refused: neither the Terraform nor the YAML output is written; a justified exception accepts it", () => {
    const base = tempDir("k8s-gate");
    const outdir = path.join(base, "cdktf.out");
    const k8sOutdir = path.join(base, "k8s");
    const writableRoot = (environment: EnvironmentConfig) => (app: App, outputs: { addManifests: (files: ReturnType<typeof manifestFiles>) => void }) => {
      new McpEnvironmentStack(app, environment);
      const files = manifestFiles(buildWorkloads(environment));
      const deployment = files[0].objects.find((object) => kubernetesAddress(object) === "Deployment/docs-search/docs-search") as Record<string, any>;
      deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
      outputs.addManifests(files);
    };
    let error: unknown;
    try {
      synthesizeApp(writableRoot(prod), { outdir, k8sOutdir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect((error as PolicyViolationError).report.findings.map((finding) => `${finding.rule} ${finding.location} ${finding.resource}`)).toEqual([
      "ctr-01-read-only-root prod/workloads.yaml Deployment/docs-search/docs-search",
    ]);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.existsSync(k8sOutdir)).toBe(false);
    expect(fs.existsSync(`${k8sOutdir}.staging`)).toBe(false);

    const justification = "Legacy image writes to /var/cache; approved by security review SR-51 until 2026-12-01.";
    const accepted = synthesizeApp(writableRoot({ ...prod, exceptions: [{ rule: "ctr-01-read-only-root", resource: "Deployment/docs-search/docs-search", justification }] }), { outdir, k8sOutdir });
    expect(accepted.findings).toEqual([]);
    const acceptedInWorkloads = accepted.accepted.filter((finding) => finding.location === "prod/workloads.yaml");
    expect(acceptedInWorkloads.map((finding) => [finding.rule, finding.resource, finding.justification])).toEqual([["ctr-01-read-only-root", "Deployment/docs-search/docs-search", justification]]);
    expect(loadKubernetes(k8sOutdir).map((file) => file.file)).toEqual(["prod/access-review.yaml", "prod/admission.yaml", "prod/gateway.yaml", "prod/identity.yaml", "prod/mesh.yaml", "prod/observability.yaml", "prod/workloads.yaml"]);
  });
});
