/**
 * The scheduled access review of an environment's live cluster and realm (OPS-04): the `access-review` chart (the
 * CronJob, its read-only RBAC, its network policies, and what the synthesized output approves, see
 * constructs/k8s/access-review-job.ts), and on the AWS side the Secrets Manager secret of its Keycloak client's key
 * with the job's Pod Identity role, and the alarm that pages the environment's security alerts topic when the job
 * logs a finding or cannot run. EKS access entries are not read by the job: they exist only through the Terraform
 * plan (reviewed by `mcp-harden access-review` and the OPS-04 rules), IAM Access Analyzer watches the roles they name,
 * and a change outside the plan is a CloudTrail event the `eks-access-changes` alarm pages on (constructs/security-alarms.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { App as Cdk8sApp, Chart } from "cdk8s";
import { ACCESS_REVIEW_ALARM_PATTERN, ACCESS_REVIEW_CLIENT_ID, ACCESS_REVIEW_HEARTBEAT_HOURS, ACCESS_REVIEW_HEARTBEAT_PATTERN, ACCESS_REVIEW_KUBERNETES_URL, AccessReviewJobSettings, ApprovedAccess, PLATFORM_RBAC, RBAC_KINDS } from "../baselines/access-review";
import { ACCESS_REVIEW_NAMES, AccessReviewJob, DEFAULT_ACCESS_REVIEW_SCHEDULE } from "../constructs/k8s/access-review-job";
import { KEYCLOAK_NAMES } from "../constructs/k8s/keycloak";
import { selectorLabels } from "../constructs/k8s/labels";
import { containmentSourceDirectory } from "../constructs/containment-function";
import { lambdaBundle } from "../constructs/lambda-bundle";
import { LogEventAlarm } from "../constructs/log-event-alarm";
import { LogHeartbeatAlarm } from "../constructs/log-heartbeat-alarm";
import { McpServerIdentity } from "../constructs/mcp-server-identity";
import { tierSubnetCidrs } from "../constructs/mcp-network";
import { EnvironmentConfig } from "../environments/schema";
import { KubernetesObject } from "../policies/types";
import { administratorRoleArns } from "./access";
import { MCP_NODE_LABEL } from "./compute";
import type { McpEnvironmentStack } from "./environment-stack";
import { environmentRealm } from "./identity";
import { containerLogGroupName } from "./observability";

/** The Secrets Manager name of the access review client's private key in an environment. */
export function accessReviewKeySecretName(environment: Pick<EnvironmentConfig, "name">): string {
  return `mcp/${environment.name}/identity/${ACCESS_REVIEW_CLIENT_ID}-key`;
}

/** What the key secret holds. */
export const ACCESS_REVIEW_KEY_DESCRIPTION = `The private key (an EC P-256 JWK) of the Keycloak client ${ACCESS_REVIEW_CLIENT_ID}, which the administrators generate and whose public key they register on the client.`;

/** The name of the alarm on the review's findings and failures: `mcp-<env>-access-review`. */
export function accessReviewAlarmName(environment: Pick<EnvironmentConfig, "name">): string {
  return `mcp-${environment.name}-access-review`;
}

/** The name of the alarm on the review's missing summary lines: `mcp-<env>-access-review-heartbeat`. */
export function accessReviewHeartbeatName(environment: Pick<EnvironmentConfig, "name">): string {
  return `${accessReviewAlarmName(environment)}-heartbeat`;
}

let bundled: string | undefined;

/** The job's one-file bundle (review/access-review-job.ts and what it imports), from the sources in a checkout, else the build. */
export function accessReviewBundle(): string {
  if (bundled !== undefined) return bundled;
  const root = path.dirname(path.dirname(containmentSourceDirectory()));
  const source = path.join(root, "review", "access-review-job.ts");
  const job = `./${path.relative(root, fs.existsSync(source) ? source : path.join(__dirname, "..", "review", "access-review-job.js")).split(path.sep).join("/")}`;
  const entry = `require(${JSON.stringify(job)}).run(process.argv[2]).then((code) => { process.exitCode = code; });`;
  bundled = lambdaBundle({ entry, entryName: "access-review-entry.js", root }).toString("utf8");
  return bundled;
}

/** The RBAC objects of every chart of the app, as synthesized: what the review approves. */
function approvedRbac(app: Cdk8sApp): KubernetesObject[] {
  return app.charts.flatMap((chart) => (chart.toJson() as KubernetesObject[]).filter((object) => (RBAC_KINDS as readonly string[]).includes(object.kind)));
}

/**
 * Adds the `access-review` chart to an environment's app, after every other chart: the approved RBAC is every RBAC
 * object of the app, the job's own included; the approved realm is the generated one. Runs daily
 * ({@link DEFAULT_ACCESS_REVIEW_SCHEDULE}), the schedule the heartbeat alarm's 25 hours are made for.
 */
export function addAccessReviewChart(app: Cdk8sApp, environment: EnvironmentConfig): AccessReviewJob {
  const chart = new Chart(app, "access-review", { disableResourceNameHashes: true });
  const realm = environmentRealm(environment);
  const { configDir, secretsDir } = ACCESS_REVIEW_NAMES;
  const settings: AccessReviewJobSettings = {
    approvedFile: `${configDir}/${ACCESS_REVIEW_NAMES.approvedFile}`,
    kubernetesUrl: ACCESS_REVIEW_KUBERNETES_URL,
    kubernetesTokenFile: "/var/run/secrets/kubernetes.io/serviceaccount/token",
    kubernetesCaFile: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    ...(realm !== undefined
      ? {
          keycloak: {
            url: `http://${KEYCLOAK_NAMES.name}.${KEYCLOAK_NAMES.namespace}.svc.cluster.local:${KEYCLOAK_NAMES.port}`,
            issuer: environment.gateway.jwt.issuer,
            clientId: ACCESS_REVIEW_CLIENT_ID,
            keyFile: `${secretsDir}/${ACCESS_REVIEW_NAMES.keyFile}`,
          },
        }
      : {}),
  };
  const job = new AccessReviewJob(chart, "access-review", {
    image: environment.gateway.guardImage,
    bundle: accessReviewBundle(),
    settings: `${JSON.stringify(settings, null, 2)}\n`,
    approved: () => {
      const approved: ApprovedAccess = { environment: environment.name, rbac: approvedRbac(app), platform: PLATFORM_RBAC, ...(realm !== undefined ? { realm: realm as Record<string, unknown> } : {}) };
      return `${JSON.stringify(approved)}\n`;
    },
    podSecurityVersion: `v${environment.cluster.kubernetesVersion}`,
    apiServerCidrs: tierSubnetCidrs(environment.vpcCidr, "mcp", environment.azCount),
    keycloak:
      realm === undefined
        ? undefined
        : {
            pods: { namespaceLabels: { "kubernetes.io/metadata.name": KEYCLOAK_NAMES.namespace }, podLabels: selectorLabels(KEYCLOAK_NAMES.name) },
            port: KEYCLOAK_NAMES.port,
            keySecret: { name: accessReviewKeySecretName(environment), region: environment.region },
          },
    nodeSelector: { ...MCP_NODE_LABEL },
  });
  return job;
}

/**
 * The AWS side of the review: the client key's secret and the job's role when the environment deploys Keycloak, the
 * alarm on findings and errors, and the heartbeat alarm on a review that did not complete (never started, killed).
 */
export function addAccessReviewAws(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: { readonly clusterName: string; readonly clusterArn: string; readonly containerLogGroup: { readonly fqn: string } }): { readonly alarm: LogEventAlarm; readonly heartbeat: LogHeartbeatAlarm } {
  if (environment.identity !== undefined) {
    new McpServerIdentity(stack, "access-review-identity", {
      roleName: `mcp-${environment.name}-access-review`,
      accountId: environment.accountId,
      region: environment.region,
      clusterName: deps.clusterName,
      clusterArn: deps.clusterArn,
      namespace: ACCESS_REVIEW_NAMES.name,
      serviceAccount: ACCESS_REVIEW_NAMES.name,
      kmsKeyArn: stack.key.arn,
      administratorRoleArns: administratorRoleArns(environment),
      recoveryWindowInDays: environment.production ? 30 : 7,
      secrets: [{ id: "client-key", name: accessReviewKeySecretName(environment), description: ACCESS_REVIEW_KEY_DESCRIPTION }],
    });
  }
  const alarm = new LogEventAlarm(stack, "access-review-alarm", {
    name: accessReviewAlarmName(environment),
    description: "The scheduled access review (OPS-04) found live access the synthesized output does not approve (a binding, a Keycloak client, user or role), or could not run. Read its JSON lines in the container log group (namespace mcp-access-review): add each live access through the blueprint (and redeploy) or remove it; an error line says why the review could not run.",
    logGroupName: containerLogGroupName(environment),
    pattern: ACCESS_REVIEW_ALARM_PATTERN,
    alarmTopicArns: [stack.alerts.arn],
  });
  alarm.filter.dependsOn = [deps.containerLogGroup.fqn];
  const heartbeat = new LogHeartbeatAlarm(stack, "access-review-heartbeat", {
    name: accessReviewHeartbeatName(environment),
    description: `The scheduled access review (OPS-04) wrote no summary line for ${ACCESS_REVIEW_HEARTBEAT_HOURS} hours: it did not run, was killed or could not finish, so the live cluster and realm went unreviewed. Check the CronJob mcp-access-review (kubectl -n mcp-access-review get cronjob,jobs,pods) and its log lines in the container log group.`,
    logGroupName: containerLogGroupName(environment),
    pattern: ACCESS_REVIEW_HEARTBEAT_PATTERN,
    hours: ACCESS_REVIEW_HEARTBEAT_HOURS,
    alarmTopicArns: [stack.alerts.arn],
  });
  heartbeat.filter.dependsOn = [deps.containerLogGroup.fqn];
  return { alarm, heartbeat };
}
