/**
 * The Kubernetes side of one environment: a cdk8s app with one chart, `workloads`, holding every MCP server's
 * objects (one {@link McpServer} each) and the MCP servers' PriorityClass. The same objects are written as YAML to
 * `dist/k8s/<env>/` and applied by the `mcp-<env>-workloads` Terraform stack.
 */
import * as fs from "fs";
import * as path from "path";
import { ApiObject, App as Cdk8sApp, Chart } from "cdk8s";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { McpGateway } from "../constructs/k8s/mcp-gateway";
import { GUARD_NAMES } from "../constructs/k8s/mcp-guard";
import { McpServer } from "../constructs/k8s/mcp-server";
import { SANDBOX_NODE_LABEL, SANDBOX_TOLERATION, STAGE_LABEL } from "../baselines/sandbox";
import { addObjectException } from "../constructs/k8s/object-exceptions";
import { WorkloadPriorityClass } from "../constructs/k8s/workload-priority-class";
import { ConfigError } from "../environments/config-error";
import { EnvironmentConfig, McpServerConfig } from "../environments/schema";
import { kubernetesAddress } from "../policies/kubernetes";
import { KubernetesObject } from "../policies/types";
import { MCP_NODE_LABEL } from "./compute";
import { addAccessReviewChart } from "./access-review";
import { addGateway } from "./gateway";
import { addIdentityChart } from "./identity";
import { addEdgeIngress } from "./ingress-tls";
import { addMesh } from "./mesh";
import { addObservability } from "./observability";
import { deployedEnvironment, isSandboxed } from "./sandbox";

/** The PriorityClass of MCP server pods: below the platform's own components, never preempting. */
export const MCP_SERVER_PRIORITY_CLASS = "mcp-server";

/** Whether an exception's resource names a Kubernetes object (`Kind/name` or `Kind/namespace/name`) rather than a Terraform address. */
export function isKubernetesAddress(resource: string): boolean {
  return resource.includes("/");
}

/** Replicas of a server: one per availability zone, at most its maximum. */
export function serverReplicas(environment: EnvironmentConfig, server: McpServerConfig): number {
  return Math.min(server.quota.maxReplicas, environment.azCount);
}

/**
 * The chart of an environment's MCP workloads. Further constructs (mesh policies, the gateway) can be added to it,
 * or further charts to its app: everything in the app is written and applied.
 */
export class McpWorkloadsChart extends Chart {
  /** Each server's objects, by server name. */
  readonly servers: ReadonlyMap<string, McpServer>;
  /** The PriorityClass of MCP server pods. */
  readonly priorityClass: WorkloadPriorityClass;

  constructor(scope: Construct, id: string, readonly environment: EnvironmentConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    this.priorityClass = new WorkloadPriorityClass(this, "priority-class", {
      name: MCP_SERVER_PRIORITY_CLASS,
      value: 1000,
      description: "MCP servers: scheduled after the platform's components, and never preempting other pods.",
    });
    const servers = new Map<string, McpServer>();
    for (const server of environment.mcpServers) {
      servers.set(
        server.name,
        new McpServer(this, server.name, {
          name: server.name,
          image: server.image,
          port: server.port,
          privilegedPortJustification: server.privilegedPortJustification,
          declaredTools: server.tools,
          onboarding: server.onboarding,
          resources: { cpu: server.quota.cpu, memory: server.quota.memory, ephemeralStorage: server.quota.ephemeralStorage, requests: server.quota.requests },
          replicas: serverReplicas(environment, server),
          maxReplicas: server.quota.maxReplicas,
          podSecurityVersion: `v${environment.cluster.kubernetesVersion}`,
          secrets: {
            region: environment.region,
            files: server.secrets.map((secret) => ({ secretName: `mcp/${environment.name}/${server.name}/${secret.name}`, fileName: secret.name })),
          },
          healthPath: server.healthPath,
          kubernetesApiAccess: server.kubernetesApiAccess,
          internetEgress: server.egressDomains.length > 0,
          internalCidrs: [environment.vpcCidr],
          priorityClassName: this.priorityClass.name,
          ...(isSandboxed(server)
            ? { nodeSelector: { ...SANDBOX_NODE_LABEL }, tolerations: [{ ...SANDBOX_TOLERATION }], namespaceLabels: { [STAGE_LABEL]: "sandbox" } }
            : { nodeSelector: { ...MCP_NODE_LABEL } }),
        })
      );
    }
    this.servers = servers;
  }
}

/** One environment's cdk8s app, its workloads chart and its gateway. */
export interface EnvironmentWorkloads {
  readonly environment: EnvironmentConfig;
  readonly app: Cdk8sApp;
  readonly chart: McpWorkloadsChart;
  /** The gateway, with the MCP guard and its generated configuration. */
  readonly gateway: McpGateway;
}

/** A generated guard configuration file: its path under the guard output directory and its text. */
export interface GuardConfigFile {
  /** `<env>/guard-config.json`. */
  readonly file: string;
  readonly text: string;
}

/** The guard configuration file of an environment's workloads (the same text as its ConfigMap). */
export function guardConfigFile(workloads: EnvironmentWorkloads): GuardConfigFile {
  return { file: `${workloads.environment.name}/${GUARD_NAMES.configFile}`, text: workloads.gateway.guard.configText };
}

/** Writes guard configuration files under `dir` (`dir/<env>/guard-config.json`). */
export function writeGuardConfigs(dir: string, files: readonly GuardConfigFile[]): void {
  for (const file of files) {
    const target = path.join(dir, file.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
}

/** One generated YAML file: its path under the Kubernetes output directory and its objects, in order. */
export interface ManifestFile {
  /** `<env>/<chart>.yaml`. */
  readonly file: string;
  readonly objects: readonly KubernetesObject[];
}

/** Builds an environment's cdk8s app with its workloads chart, sandboxed servers as the sandbox runs them. Nothing is written. */
export function buildWorkloads(config: EnvironmentConfig): EnvironmentWorkloads {
  const environment = deployedEnvironment(config);
  const app = new Cdk8sApp();
  const chart = new McpWorkloadsChart(app, "workloads", environment);
  const gateway = addGateway(app, environment);
  addObservability(app, environment);
  addEdgeIngress(addMesh(app, environment, gateway).mesh, environment);
  addIdentityChart(app, environment);
  addAccessReviewChart(app, environment);
  return { environment, app, chart, gateway };
}

/** Every chart of the app (in construct order) with its objects, as JSON. */
export function manifestFiles(workloads: EnvironmentWorkloads): ManifestFile[] {
  applyKubernetesExceptions(workloads);
  return workloads.app.charts.map((chart) => ({ file: `${workloads.environment.name}/${chart.node.id}.yaml`, objects: chart.toJson() as KubernetesObject[] }));
}

/** The YAML text of one file: one document per object. */
export function manifestYaml(file: ManifestFile): string {
  return file.objects.map((object) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}

/** Writes manifest files under `dir` (`dir/<env>/<chart>.yaml`). */
export function writeManifests(dir: string, files: readonly ManifestFile[]): void {
  for (const file of files) {
    const target = path.join(dir, file.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, manifestYaml(file));
  }
}

/**
 * Records the environment's accepted exceptions that name Kubernetes objects as the `mcp-hardening.io/exceptions`
 * annotation of those objects, where the policy engine reads them. An exception naming no object is a ConfigError.
 */
function applyKubernetesExceptions(workloads: EnvironmentWorkloads): void {
  const { environment, app } = workloads;
  const objects = app.node.findAll().filter((node): node is ApiObject => node instanceof ApiObject);
  const byObject = new Map<ApiObject, { rule: string; justification: string }[]>();
  const problems = environment.exceptions.flatMap((exception, index) => {
    if (!isKubernetesAddress(exception.resource)) return [];
    const object = objects.find((candidate) => kubernetesAddress(candidate.toJson() as KubernetesObject) === exception.resource);
    if (!object) {
      return [
        {
          path: `${environment.name}.exceptions[${index}].resource`,
          message: `no Kubernetes object "${exception.resource}" in the workloads of ${environment.name}`,
          hint: `use Kind/namespace/name from dist/k8s/${environment.name}/, e.g. Deployment/<server>/<server>`,
        },
      ];
    }
    byObject.set(object, [...(byObject.get(object) ?? []), { rule: exception.rule, justification: exception.justification }]);
    return [];
  });
  if (problems.length > 0) throw new ConfigError(problems);
  for (const [object, list] of byObject) {
    for (const exception of list) addObjectException(object, exception);
  }
}
