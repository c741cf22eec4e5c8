"use strict";
/**
 * Automated containment of high-severity findings (OPS-03, IR-02a, IR-02d, JIT-04), invoked by EventBridge with a
 * GuardDuty or Security Hub finding event:
 * - an EC2 instance the finding names (in this environment's VPC only) is isolated: every network interface is moved
 *   to the quarantine security group, which has no rules; the instance is tagged `mcp:quarantine`; each attached EBS
 *   volume is snapshotted as evidence, tagged `mcp:evidence`;
 * - a Kubernetes workload the finding names, in this environment's cluster, stops: the MCP server of its namespace
 *   (Deployment `<namespace>` in namespace `<namespace>`) is scaled to zero through the private cluster API, with the
 *   function's own access entry, whose Kubernetes group may only read and patch the scale of MCP server Deployments.
 *   A workload outside the MCP servers' namespaces is refused by that RBAC and logged for an operator.
 * Every action is logged as one JSON line. The handler's dependencies are injectable, so it is tested without AWS.
 *
 * Runs on the nodejs20.x Lambda runtime, whose AWS SDK for JavaScript v3 provides `@aws-sdk/client-ec2`.
 */
const { eksToken, kubernetesOperations } = require("./kubernetes");

/** Tags the function writes: on the quarantined instance, and on evidence snapshots. */
const TAGS = {
  quarantine: "mcp:quarantine",
  quarantineFinding: "mcp:quarantine-finding",
  evidence: "mcp:evidence",
  environment: "mcp:environment",
  instance: "mcp:instance-id",
  finding: "mcp:finding-id",
  findingSource: "mcp:finding-source",
};

/** The environment variables the blueprint sets on the function. */
const SETTINGS = { quarantineGroupId: "QUARANTINE_SECURITY_GROUP_ID", vpcId: "VPC_ID", environment: "ENVIRONMENT" };
/** The environment variables naming the cluster whose MCP servers the function may scale to zero: all or none. */
const CLUSTER_SETTINGS = { name: "CLUSTER_NAME", endpoint: "CLUSTER_ENDPOINT", certificateAuthority: "CLUSTER_CERTIFICATE_AUTHORITY" };

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:instance\/(i-[0-9a-f]{8,17})$/;
/** AWS's limit on a tag value. */
const MAX_TAG_VALUE = 256;

/** The function's settings from its environment variables; throws naming every missing one. */
function readSettings(env) {
  const unset = (name) => typeof env[name] !== "string" || env[name] === "";
  const clusterNames = Object.values(CLUSTER_SETTINGS);
  const withCluster = clusterNames.some((name) => !unset(name));
  const missing = [...Object.values(SETTINGS), ...(withCluster ? clusterNames : [])].filter(unset);
  if (missing.length > 0) {
    throw new Error(`containment: environment variable(s) ${missing.join(", ")} not set; the ContainmentFunction construct sets them`);
  }
  const settings = { quarantineGroupId: env[SETTINGS.quarantineGroupId], vpcId: env[SETTINGS.vpcId], environment: env[SETTINGS.environment] };
  if (!withCluster) return settings;
  const cluster = { name: env[CLUSTER_SETTINGS.name], endpoint: env[CLUSTER_SETTINGS.endpoint], certificateAuthority: env[CLUSTER_SETTINGS.certificateAuthority] };
  return { ...settings, cluster };
}

function unique(values) {
  return [...new Set(values)];
}

/** The instance ID of a Security Hub resource of type AwsEc2Instance, from its ARN or bare ID. */
function securityHubInstanceId(resource) {
  if (resource.Type !== "AwsEc2Instance" || typeof resource.Id !== "string") return undefined;
  if (INSTANCE_ID.test(resource.Id)) return resource.Id;
  const match = INSTANCE_ARN.exec(resource.Id);
  return match ? match[1] : undefined;
}

/**
 * The findings of an EventBridge event, each with the EC2 instances and Kubernetes workloads it names: one finding
 * for GuardDuty, one per finding for Security Hub, none for any other source.
 */
function findingsOf(event) {
  const detail = (event && event.detail) || {};
  if (event && event.source === "aws.guardduty") {
    const resource = detail.resource || {};
    const instanceId = resource.instanceDetails && resource.instanceDetails.instanceId;
    const workload = resource.kubernetesDetails && resource.kubernetesDetails.kubernetesWorkloadDetails;
    const cluster = resource.eksClusterDetails && resource.eksClusterDetails.name;
    return [
      {
        id: String(detail.id || "unknown"),
        source: "guardduty",
        title: String(detail.title || detail.type || "GuardDuty finding"),
        severity: detail.severity,
        instanceIds: typeof instanceId === "string" && INSTANCE_ID.test(instanceId) ? [instanceId] : [],
        workloads:
          workload && workload.name && workload.namespace
            ? [{ namespace: String(workload.namespace), name: String(workload.name), kind: String(workload.type || "Deployment"), ...(typeof cluster === "string" ? { cluster } : {}) }]
            : [],
      },
    ];
  }
  if (event && event.source === "aws.securityhub") {
    return (Array.isArray(detail.findings) ? detail.findings : []).map((finding) => ({
      id: String(finding.Id || "unknown"),
      source: "securityhub",
      title: String(finding.Title || "Security Hub finding"),
      severity: finding.Severity && finding.Severity.Label,
      instanceIds: unique((Array.isArray(finding.Resources) ? finding.Resources : []).map(securityHubInstanceId).filter(Boolean)),
      workloads: [],
    }));
  }
  return [];
}

function tagValue(value) {
  const text = String(value);
  return text.length > MAX_TAG_VALUE ? text.slice(0, MAX_TAG_VALUE) : text;
}

/** Isolates one instance and snapshots its volumes; logs each step. */
async function containInstance(ec2, settings, finding, instanceId, log) {
  const base = { environment: settings.environment, findingId: finding.id, findingSource: finding.source, instanceId };
  const instance = await ec2.describeInstance(instanceId);
  if (!instance) {
    log({ ...base, action: "isolate-instance", outcome: "skipped", reason: "no such instance in this account and region" });
    return;
  }
  if (instance.vpcId !== settings.vpcId) {
    log({ ...base, action: "isolate-instance", outcome: "refused", reason: `the instance is in ${instance.vpcId}, not in this environment's VPC ${settings.vpcId}` });
    return;
  }
  const open = instance.networkInterfaces.filter((eni) => !(eni.groupIds.length === 1 && eni.groupIds[0] === settings.quarantineGroupId));
  if (open.length === 0 && instance.tags[TAGS.quarantine] === "true") {
    log({ ...base, action: "isolate-instance", outcome: "already-isolated", securityGroupId: settings.quarantineGroupId });
    return;
  }
  for (const eni of open) {
    await ec2.setNetworkInterfaceGroups(eni.id, [settings.quarantineGroupId]);
    log({ ...base, action: "quarantine-network-interface", outcome: "done", networkInterfaceId: eni.id, previousSecurityGroupIds: eni.groupIds, securityGroupId: settings.quarantineGroupId });
  }
  await ec2.tagInstance(instanceId, { [TAGS.quarantine]: "true", [TAGS.quarantineFinding]: tagValue(finding.id) });
  log({ ...base, action: "tag-instance", outcome: "done", tags: [TAGS.quarantine, TAGS.quarantineFinding] });
  for (const volumeId of instance.volumeIds) {
    const snapshotId = await ec2.snapshotVolume(volumeId, tagValue(`Evidence: ${instanceId} (${settings.environment}), ${finding.source} finding ${finding.id}`), {
      [TAGS.evidence]: "true",
      [TAGS.environment]: settings.environment,
      [TAGS.instance]: instanceId,
      [TAGS.finding]: tagValue(finding.id),
      [TAGS.findingSource]: finding.source,
    });
    log({ ...base, action: "snapshot-volume", outcome: "done", volumeId, snapshotId });
  }
}

/** The command an operator runs from the bastion to stop a namespace's MCP server. */
function scaleCommand(namespace) {
  return `kubectl --namespace ${namespace} scale deployment/${namespace} --replicas=0`;
}

/**
 * Stops the MCP server of the namespace a workload finding names: its Deployment (named like the namespace) is scaled
 * to zero; its replicas before are logged, to restore after eradication. Without cluster access, or for a workload
 * outside the MCP servers' namespaces (RBAC answers 403), logs the command for an operator instead.
 */
async function containWorkload(kubernetes, settings, finding, workload, log) {
  const { namespace } = workload;
  const base = { environment: settings.environment, findingId: finding.id, findingSource: finding.source, namespace, workload: `${workload.kind}/${workload.name}`, deployment: namespace };
  const operator = (reason) => log({ ...base, action: "scale-to-zero", outcome: "operator-required", command: scaleCommand(namespace), reason });
  if (kubernetes === undefined || settings.cluster === undefined) return operator("the function has no cluster access configured: run the command from the bastion");
  if (workload.cluster !== undefined && workload.cluster !== settings.cluster.name) {
    return log({ ...base, action: "scale-to-zero", outcome: "refused", reason: `the workload runs in cluster ${workload.cluster}, not in this environment's cluster ${settings.cluster.name}` });
  }
  let replicas;
  try {
    replicas = await kubernetes.getReplicas(namespace, namespace);
  } catch (error) {
    if (error && error.status === 403) return operator(`namespace ${namespace} holds no MCP server the function may scale (RBAC refused): contain the workload by hand`);
    throw error;
  }
  if (replicas === undefined) return operator(`namespace ${namespace} has no MCP server Deployment ${namespace}: contain the workload by hand`);
  if (replicas === 0) return log({ ...base, action: "scale-to-zero", outcome: "already-contained", previousReplicas: 0 });
  await kubernetes.scaleToZero(namespace, namespace);
  log({ ...base, action: "scale-to-zero", outcome: "done", previousReplicas: replicas });
}

/**
 * Builds the handler from its dependencies: `ec2` (the operations of {@link ec2Operations}), `kubernetes` (those of
 * `kubernetesOperations`, or undefined without cluster access), `settings` (quarantine group, VPC, environment,
 * cluster) and `log` (one record per call). The handler contains everything the event names, logging
 * each step; when a step fails it goes on with the other targets, then throws so the invocation fails and the
 * function's on-failure destination is notified.
 */
function createHandler({ ec2, kubernetes, settings, log }) {
  return async (event) => {
    const findings = findingsOf(event);
    const failures = [];
    if (findings.length === 0) {
      log({ environment: settings.environment, action: "none", outcome: "ignored", reason: `not a GuardDuty or Security Hub finding event (source ${JSON.stringify(event && event.source)})` });
    }
    for (const finding of findings) {
      const base = { environment: settings.environment, findingId: finding.id, findingSource: finding.source, title: finding.title, severity: finding.severity };
      if (finding.instanceIds.length === 0 && finding.workloads.length === 0) {
        log({ ...base, action: "none", outcome: "no-target", reason: "the finding names no EC2 instance and no Kubernetes workload" });
      }
      for (const instanceId of finding.instanceIds) {
        try {
          await containInstance(ec2, settings, finding, instanceId, log);
        } catch (error) {
          failures.push(`${instanceId}: ${error.message}`);
          log({ ...base, instanceId, action: "isolate-instance", outcome: "failed", error: String(error.name || "Error"), message: error.message });
        }
      }
      for (const workload of finding.workloads) {
        try {
          await containWorkload(kubernetes, settings, finding, workload, log);
        } catch (error) {
          failures.push(`${workload.namespace}/${workload.name}: ${error.message}`);
          log({ ...base, namespace: workload.namespace, action: "scale-to-zero", outcome: "failed", error: String(error.name || "Error"), message: error.message, command: scaleCommand(workload.namespace) });
        }
      }
    }
    if (failures.length > 0) throw new Error(`containment failed for ${failures.join("; ")}`);
    return { findings: findings.length };
  };
}

function toTags(tags) {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ Key: key, Value: tags[key] }));
}

/** The EC2 operations the handler needs, over an AWS SDK v3 `EC2Client` (`client`) and its module (`sdk`). */
function ec2Operations(sdk, client) {
  return {
    async describeInstance(instanceId) {
      let output;
      try {
        output = await client.send(new sdk.DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      } catch (error) {
        if (error && error.name === "InvalidInstanceID.NotFound") return undefined;
        throw error;
      }
      const instance = (output.Reservations || []).flatMap((reservation) => reservation.Instances || [])[0];
      if (!instance) return undefined;
      return {
        instanceId,
        vpcId: instance.VpcId,
        tags: Object.fromEntries((instance.Tags || []).map((tag) => [tag.Key, tag.Value])),
        networkInterfaces: (instance.NetworkInterfaces || []).map((eni) => ({ id: eni.NetworkInterfaceId, groupIds: (eni.Groups || []).map((group) => group.GroupId) })),
        volumeIds: (instance.BlockDeviceMappings || []).map((mapping) => mapping.Ebs && mapping.Ebs.VolumeId).filter(Boolean),
      };
    },
    async setNetworkInterfaceGroups(networkInterfaceId, groupIds) {
      await client.send(new sdk.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: networkInterfaceId, Groups: groupIds }));
    },
    async tagInstance(instanceId, tags) {
      await client.send(new sdk.CreateTagsCommand({ Resources: [instanceId], Tags: toTags(tags) }));
    },
    async snapshotVolume(volumeId, description, tags) {
      const output = await client.send(
        new sdk.CreateSnapshotCommand({ VolumeId: volumeId, Description: description, TagSpecifications: [{ ResourceType: "snapshot", Tags: toTags(tags) }] })
      );
      return output.SnapshotId;
    },
  };
}

let lambdaHandler;

/** The function's own credentials, which the Lambda runtime puts in its environment. */
function runtimeCredentials(env) {
  return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
}

/**
 * The Lambda entry point: real EC2 client, Kubernetes calls signed with the function's role when the cluster is
 * configured, settings from the environment, log lines to stdout (CloudWatch Logs).
 */
async function handler(event) {
  if (lambdaHandler === undefined) {
    const sdk = require("@aws-sdk/client-ec2");
    const settings = readSettings(process.env);
    const { cluster } = settings;
    const token = () => eksToken({ clusterName: cluster.name, region: process.env.AWS_REGION, credentials: runtimeCredentials(process.env), now: new Date() });
    lambdaHandler = createHandler({
      ec2: ec2Operations(sdk, new sdk.EC2Client({})),
      kubernetes: cluster === undefined ? undefined : kubernetesOperations({ endpoint: cluster.endpoint, caData: cluster.certificateAuthority, token }),
      settings,
      log: (record) => console.log(JSON.stringify(record)),
    });
  }
  return lambdaHandler(event);
}

module.exports = { handler, createHandler, ec2Operations, findingsOf, readSettings, TAGS, SETTINGS, CLUSTER_SETTINGS };
