import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as https from "https";
import { AddressInfo } from "net";
import * as path from "path";
import { containmentPackage, containmentSourceDirectory } from "../constructs/containment-function";
import { crc32, deterministicZip } from "../constructs/deterministic-zip";
import { dev } from "../environments/dev";
import { stackResources as resourcesOf } from "../policies/terraform";
import { loadStacks } from "../policies/engine";
import { synthesize } from "../stacks/synthesize";
import { ContainmentSettings, createHandler, ec2Operations, Ec2Operations, findingsOf, InstanceState, KubernetesOperations, LogRecord, readSettings, TAGS } from "../functions/containment";
import { ApiRequest, eksToken, kubernetesOperations, presignUrl } from "../functions/containment/kubernetes";
import { sharedOutput, tempDir } from "./support/plans";

const SETTINGS: ContainmentSettings = { quarantineGroupId: "sg-0quarantine", vpcId: "vpc-0123", environment: "prod" };
const CLUSTER = { name: "mcp-prod", endpoint: "https://ABCDEF.gr7.eu-central-1.eks.amazonaws.com", certificateAuthority: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64") };

/** An EC2 fake recording every call, over a fixed set of instances. */
function fakeEc2(instances: readonly InstanceState[], failOn: ReadonlySet<string> = new Set()) {
  const calls: string[] = [];
  let snapshots = 0;
  const ec2: Ec2Operations = {
    async describeInstance(instanceId) {
      calls.push(`describe ${instanceId}`);
      return instances.find((instance) => instance.instanceId === instanceId);
    },
    async setNetworkInterfaceGroups(id, groups) {
      if (failOn.has(id)) throw Object.assign(new Error(`not authorized to modify ${id}`), { name: "UnauthorizedOperation" });
      calls.push(`groups ${id} ${groups.join(",")}`);
    },
    async tagInstance(id, tags) {
      calls.push(`tag ${id} ${JSON.stringify(tags)}`);
    },
    async snapshotVolume(volumeId, description, tags) {
      calls.push(`snapshot ${volumeId} ${JSON.stringify(tags)} ${description}`);
      return `snap-${++snapshots}`;
    },
  };
  return { ec2, calls };
}

/** A Kubernetes fake over the replicas of MCP server Deployments by `namespace/name`; other namespaces answer 403, as RBAC does. */
function fakeKubernetes(replicas: Readonly<Record<string, number>>, calls: string[], serverNamespaces: readonly string[] = ["github-tools", "docs-search"]) {
  const kubernetes: KubernetesOperations = {
    async getReplicas(namespace, name) {
      calls.push(`get-scale ${namespace}/${name}`);
      if (!serverNamespaces.includes(namespace)) throw Object.assign(new Error("deployments.apps \"x\" is forbidden"), { name: "KubernetesApiError", status: 403 });
      return replicas[`${namespace}/${name}`];
    },
    async scaleToZero(namespace, name) {
      calls.push(`scale-to-zero ${namespace}/${name}`);
    },
  };
  return kubernetes;
}

function run(instances: readonly InstanceState[], event: unknown, failOn?: ReadonlySet<string>, cluster?: { readonly replicas: Readonly<Record<string, number>> }) {
  const { ec2, calls } = fakeEc2(instances, failOn);
  const logs: LogRecord[] = [];
  const kubernetes = cluster ? fakeKubernetes(cluster.replicas, calls) : undefined;
  const settings = cluster ? { ...SETTINGS, cluster: CLUSTER } : SETTINGS;
  const handler = createHandler({ ec2, kubernetes, settings, log: (record) => logs.push(JSON.parse(JSON.stringify(record))) });
  return { result: handler(event), calls, logs };
}

const instance = (instanceId: string, overrides: Partial<InstanceState> = {}): InstanceState => ({
  instanceId,
  vpcId: "vpc-0123",
  tags: {},
  networkInterfaces: [
    { id: "eni-0aaa", groupIds: ["sg-0mcp"] },
    { id: "eni-0bbb", groupIds: ["sg-0mcp", "sg-0extra"] },
  ],
  volumeIds: ["vol-0root", "vol-0data"],
  ...overrides,
});

const guardDuty = (resource: Record<string, unknown>, id = "gd-finding-1") => ({
  source: "aws.guardduty",
  "detail-type": "GuardDuty Finding",
  detail: { id, title: "Instance communicating with a known C2 server", severity: 8, type: "Backdoor:EC2/C&CActivity.B", resource },
});

describe("containment function (OPS-03, IR-02a, IR-02d): the handler with fake EC2 clients", () => {
  test("a GuardDuty instance finding quarantines every interface, tags the instance and snapshots every volume as evidence", async () => {
    const { result, calls, logs } = run([instance("i-0123456789abcdef0")], guardDuty({ resourceType: "Instance", instanceDetails: { instanceId: "i-0123456789abcdef0" } }));
    await expect(result).resolves.toEqual({ findings: 1 });
    expect(calls).toEqual([
      "describe i-0123456789abcdef0",
      "groups eni-0aaa sg-0quarantine",
      "groups eni-0bbb sg-0quarantine",
      `tag i-0123456789abcdef0 ${JSON.stringify({ "mcp:quarantine": "true", "mcp:quarantine-finding": "gd-finding-1" })}`,
      `snapshot vol-0root ${JSON.stringify({ "mcp:evidence": "true", "mcp:environment": "prod", "mcp:instance-id": "i-0123456789abcdef0", "mcp:finding-id": "gd-finding-1", "mcp:finding-source": "guardduty" })} Evidence: i-0123456789abcdef0 (prod), guardduty finding gd-finding-1`,
      `snapshot vol-0data ${JSON.stringify({ "mcp:evidence": "true", "mcp:environment": "prod", "mcp:instance-id": "i-0123456789abcdef0", "mcp:finding-id": "gd-finding-1", "mcp:finding-source": "guardduty" })} Evidence: i-0123456789abcdef0 (prod), guardduty finding gd-finding-1`,
    ]);
    expect(logs.map((record) => `${record["action"]}:${record["outcome"]}`)).toEqual([
      "quarantine-network-interface:done",
      "quarantine-network-interface:done",
      "tag-instance:done",
      "snapshot-volume:done",
      "snapshot-volume:done",
    ]);
    expect(logs[1]).toEqual({
      environment: "prod",
      findingId: "gd-finding-1",
      findingSource: "guardduty",
      instanceId: "i-0123456789abcdef0",
      action: "quarantine-network-interface",
      outcome: "done",
      networkInterfaceId: "eni-0bbb",
      previousSecurityGroupIds: ["sg-0mcp", "sg-0extra"],
      securityGroupId: "sg-0quarantine",
    });
    expect(logs[4]).toMatchObject({ action: "snapshot-volume", volumeId: "vol-0data", snapshotId: "snap-2" });
  });

  test("an instance outside the environment's VPC is refused and left untouched", async () => {
    const { result, calls, logs } = run([instance("i-0aaaaaaaaaaaaaaaa", { vpcId: "vpc-0other" })], guardDuty({ instanceDetails: { instanceId: "i-0aaaaaaaaaaaaaaaa" } }));
    await result;
    expect(calls).toEqual(["describe i-0aaaaaaaaaaaaaaaa"]);
    expect(logs).toEqual([expect.objectContaining({ action: "isolate-instance", outcome: "refused", reason: "the instance is in vpc-0other, not in this environment's VPC vpc-0123" })]);
  });

  test("an instance already isolated is not snapshotted again", async () => {
    const isolated = instance("i-0bbbbbbbbbbbbbbbb", { tags: { [TAGS.quarantine]: "true" }, networkInterfaces: [{ id: "eni-0aaa", groupIds: ["sg-0quarantine"] }] });
    const { result, calls, logs } = run([isolated], guardDuty({ instanceDetails: { instanceId: "i-0bbbbbbbbbbbbbbbb" } }));
    await result;
    expect(calls).toEqual(["describe i-0bbbbbbbbbbbbbbbb"]);
    expect(logs).toEqual([expect.objectContaining({ action: "isolate-instance", outcome: "already-isolated" })]);
  });

  test("a Security Hub finding contains the EC2 instances among its resources, by ARN", async () => {
    const event = {
      source: "aws.securityhub",
      "detail-type": "Security Hub Findings - Imported",
      detail: {
        findings: [
          {
            Id: "arn:aws:securityhub:eu-central-1:333333333333:finding/1",
            Title: "Unexpected process",
            Severity: { Label: "CRITICAL" },
            Resources: [
              { Type: "AwsEc2Instance", Id: "arn:aws:ec2:eu-central-1:333333333333:instance/i-0cccccccccccccccc" },
              { Type: "AwsS3Bucket", Id: "arn:aws:s3:::some-bucket" },
            ],
          },
        ],
      },
    };
    expect(findingsOf(event)).toEqual([
      { id: "arn:aws:securityhub:eu-central-1:333333333333:finding/1", source: "securityhub", title: "Unexpected process", severity: "CRITICAL", instanceIds: ["i-0cccccccccccccccc"], workloads: [] },
    ]);
    const { result, calls } = run([instance("i-0cccccccccccccccc", { volumeIds: [] })], event);
    await result;
    expect(calls.filter((call) => call.startsWith("groups"))).toEqual(["groups eni-0aaa sg-0quarantine", "groups eni-0bbb sg-0quarantine"]);
  });

  const workloadFinding = (namespace: string, name: string, type: string, cluster = "mcp-prod") =>
    guardDuty({ resourceType: "EKSCluster", eksClusterDetails: { name: cluster }, kubernetesDetails: { kubernetesWorkloadDetails: { name, namespace, type } } }, "gd-eks-1");

  test("a finding on a pod of an MCP server scales the server's Deployment to zero, logging the replicas it had", async () => {
    const { result, calls, logs } = run([], workloadFinding("github-tools", "github-tools-7d9f8c6b5-x2x9z", "Pods"), undefined, { replicas: { "github-tools/github-tools": 3 } });
    await expect(result).resolves.toEqual({ findings: 1 });
    expect(calls).toEqual(["get-scale github-tools/github-tools", "scale-to-zero github-tools/github-tools"]);
    expect(logs).toEqual([
      {
        environment: "prod",
        findingId: "gd-eks-1",
        findingSource: "guardduty",
        namespace: "github-tools",
        workload: "Pods/github-tools-7d9f8c6b5-x2x9z",
        deployment: "github-tools",
        action: "scale-to-zero",
        outcome: "done",
        previousReplicas: 3,
      },
    ]);
  });

  test("a server already at zero is left alone; a workload outside the MCP servers' namespaces is left to an operator", async () => {
    const stopped = run([], workloadFinding("docs-search", "docs-search", "Deployment"), undefined, { replicas: { "docs-search/docs-search": 0 } });
    await stopped.result;
    expect(stopped.calls).toEqual(["get-scale docs-search/docs-search"]);
    expect(stopped.logs).toEqual([expect.objectContaining({ action: "scale-to-zero", outcome: "already-contained", previousReplicas: 0 })]);

    const system = run([], workloadFinding("kube-system", "coredns", "Deployment"), undefined, { replicas: {} });
    await expect(system.result).resolves.toEqual({ findings: 1 });
    expect(system.calls).toEqual(["get-scale kube-system/kube-system"]);
    expect(system.logs).toEqual([
      expect.objectContaining({
        action: "scale-to-zero",
        outcome: "operator-required",
        command: "kubectl --namespace kube-system scale deployment/kube-system --replicas=0",
        reason: "namespace kube-system holds no MCP server the function may scale (RBAC refused): contain the workload by hand",
      }),
    ]);
  });

  test("a workload of another cluster is refused; without cluster access the command is logged for the operator", async () => {
    const other = run([], workloadFinding("github-tools", "github-tools", "Deployment", "someone-elses"), undefined, { replicas: { "github-tools/github-tools": 2 } });
    await other.result;
    expect(other.calls).toEqual([]);
    expect(other.logs).toEqual([expect.objectContaining({ outcome: "refused", reason: "the workload runs in cluster someone-elses, not in this environment's cluster mcp-prod" })]);

    const { result, calls, logs } = run([], guardDuty({ resourceType: "EKSCluster", kubernetesDetails: { kubernetesWorkloadDetails: { name: "github-tools", namespace: "github-tools", type: "Deployment" } } }));
    await result;
    expect(calls).toEqual([]);
    expect(logs).toEqual([
      expect.objectContaining({
        action: "scale-to-zero",
        outcome: "operator-required",
        namespace: "github-tools",
        workload: "Deployment/github-tools",
        command: "kubectl --namespace github-tools scale deployment/github-tools --replicas=0",
      }),
    ]);
  });

  test("a failed scale is logged with the operator's command and fails the invocation", async () => {
    const { ec2, calls } = fakeEc2([]);
    const kubernetes: KubernetesOperations = {
      ...fakeKubernetes({ "github-tools/github-tools": 2 }, calls),
      async scaleToZero() {
        throw Object.assign(new Error("scaling deployments/github-tools in github-tools to zero: etcdserver: request timed out"), { name: "KubernetesApiError", status: 500 });
      },
    };
    const logs: LogRecord[] = [];
    const handler = createHandler({ ec2, kubernetes, settings: { ...SETTINGS, cluster: CLUSTER }, log: (record) => logs.push(record) });
    await expect(handler(workloadFinding("github-tools", "github-tools", "Deployment"))).rejects.toThrow("containment failed for github-tools/github-tools: scaling deployments/github-tools");
    expect(logs).toEqual([expect.objectContaining({ action: "scale-to-zero", outcome: "failed", error: "KubernetesApiError", command: "kubectl --namespace github-tools scale deployment/github-tools --replicas=0" })]);
  });

  test("a failing step is logged, the other instances are still contained, and the invocation fails for the on-failure destination", async () => {
    const event = {
      source: "aws.securityhub",
      detail: {
        findings: [
          { Id: "f-1", Resources: [{ Type: "AwsEc2Instance", Id: "i-0ddddddddddddddd1" }] },
          { Id: "f-2", Resources: [{ Type: "AwsEc2Instance", Id: "i-0ddddddddddddddd2" }] },
        ],
      },
    };
    const first = instance("i-0ddddddddddddddd1", { networkInterfaces: [{ id: "eni-0broken", groupIds: ["sg-0mcp"] }] });
    const { result, calls, logs } = run([first, instance("i-0ddddddddddddddd2")], event, new Set(["eni-0broken"]));
    await expect(result).rejects.toThrow("containment failed for i-0ddddddddddddddd1: not authorized to modify eni-0broken");
    expect(logs[0]).toMatchObject({ instanceId: "i-0ddddddddddddddd1", action: "isolate-instance", outcome: "failed", error: "UnauthorizedOperation" });
    expect(calls).toContain("groups eni-0aaa sg-0quarantine");
  });

  test("events of other sources and findings without a target are logged and ignored", async () => {
    const other = run([], { source: "aws.inspector2", detail: {} });
    await other.result;
    expect(other.logs).toEqual([expect.objectContaining({ action: "none", outcome: "ignored" })]);
    const empty = run([], guardDuty({ resourceType: "S3Bucket" }));
    await empty.result;
    expect(empty.logs).toEqual([expect.objectContaining({ action: "none", outcome: "no-target" })]);
    expect(empty.calls).toEqual([]);
  });

  test("settings come from the environment variables the construct sets; a missing one is named", () => {
    const base = { QUARANTINE_SECURITY_GROUP_ID: "sg-1", VPC_ID: "vpc-1", ENVIRONMENT: "dev" };
    expect(readSettings(base)).toEqual({ quarantineGroupId: "sg-1", vpcId: "vpc-1", environment: "dev" });
    expect(() => readSettings({ VPC_ID: "vpc-1" })).toThrow("environment variable(s) QUARANTINE_SECURITY_GROUP_ID, ENVIRONMENT not set");
    const cluster = { CLUSTER_NAME: "mcp-dev", CLUSTER_ENDPOINT: "https://x.eks.amazonaws.com", CLUSTER_CERTIFICATE_AUTHORITY: "LS0t" };
    expect(readSettings({ ...base, ...cluster })).toEqual({ quarantineGroupId: "sg-1", vpcId: "vpc-1", environment: "dev", cluster: { name: "mcp-dev", endpoint: "https://x.eks.amazonaws.com", certificateAuthority: "LS0t" } });
    expect(() => readSettings({ ...base, CLUSTER_NAME: "mcp-dev" })).toThrow("environment variable(s) CLUSTER_ENDPOINT, CLUSTER_CERTIFICATE_AUTHORITY not set");
  });

  test("the SDK adapter sends the EC2 commands with the right inputs and treats an unknown instance as absent", async () => {
    const command = (name: string) => class { readonly name = name; constructor(readonly input: Record<string, unknown>) {} };
    const sdk = {
      DescribeInstancesCommand: command("DescribeInstances"),
      ModifyNetworkInterfaceAttributeCommand: command("ModifyNetworkInterfaceAttribute"),
      CreateTagsCommand: command("CreateTags"),
      CreateSnapshotCommand: command("CreateSnapshot"),
    };
    const sent: unknown[] = [];
    const client = {
      async send(sentCommand: { readonly input: Record<string, unknown> }) {
        sent.push(sentCommand);
        const name = (sentCommand as unknown as { name: string }).name;
        if (name === "DescribeInstances") {
          if ((sentCommand.input["InstanceIds"] as string[])[0] === "i-0eeeeeeeeeeeeeee0") throw Object.assign(new Error("gone"), { name: "InvalidInstanceID.NotFound" });
          return {
            Reservations: [
              {
                Instances: [
                  {
                    VpcId: "vpc-0123",
                    Tags: [{ Key: "Name", Value: "bastion" }],
                    NetworkInterfaces: [{ NetworkInterfaceId: "eni-1", Groups: [{ GroupId: "sg-a" }] }],
                    BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeId: "vol-1" } }],
                  },
                ],
              },
            ],
          };
        }
        return name === "CreateSnapshot" ? { SnapshotId: "snap-9" } : {};
      },
    };
    const ops = ec2Operations(sdk, client);
    expect(await ops.describeInstance("i-0123456789abcdef0")).toEqual({
      instanceId: "i-0123456789abcdef0",
      vpcId: "vpc-0123",
      tags: { Name: "bastion" },
      networkInterfaces: [{ id: "eni-1", groupIds: ["sg-a"] }],
      volumeIds: ["vol-1"],
    });
    expect(await ops.describeInstance("i-0eeeeeeeeeeeeeee0")).toBeUndefined();
    await ops.setNetworkInterfaceGroups("eni-1", ["sg-q"]);
    await ops.tagInstance("i-0123456789abcdef0", { b: "2", a: "1" });
    expect(await ops.snapshotVolume("vol-1", "evidence", { [TAGS.evidence]: "true" })).toBe("snap-9");
    expect(sent.slice(2).map((entry) => ({ ...(entry as Record<string, unknown>) }))).toEqual([
      { name: "ModifyNetworkInterfaceAttribute", input: { NetworkInterfaceId: "eni-1", Groups: ["sg-q"] } },
      { name: "CreateTags", input: { Resources: ["i-0123456789abcdef0"], Tags: [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }] } },
      { name: "CreateSnapshot", input: { VolumeId: "vol-1", Description: "evidence", TagSpecifications: [{ ResourceType: "snapshot", Tags: [{ Key: "mcp:evidence", Value: "true" }] }] } },
    ]);
  });

  test("the Lambda entry point reads its settings from the environment and writes one JSON line per action", async () => {
    jest.resetModules();
    jest.doMock(
      "@aws-sdk/client-ec2",
      () => ({
        EC2Client: class {
          async send() {
            return { Reservations: [] };
          }
        },
        DescribeInstancesCommand: class {
          constructor(readonly input: unknown) {}
        },
      }),
      { virtual: true }
    );
    const saved = { ...process.env };
    Object.assign(process.env, { QUARANTINE_SECURITY_GROUP_ID: "sg-0q", VPC_ID: "vpc-0123", ENVIRONMENT: "test" });
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      const { handler } = jest.requireActual<typeof import("../functions/containment")>("../functions/containment");
      await handler(guardDuty({ instanceDetails: { instanceId: "i-0123456789abcdef0" } }));
    } finally {
      spy.mockRestore();
      process.env = saved;
    }
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { environment: "test", findingId: "gd-finding-1", findingSource: "guardduty", instanceId: "i-0123456789abcdef0", action: "isolate-instance", outcome: "skipped", reason: "no such instance in this account and region" },
    ]);
  });
});

describe("containment function cluster access: EKS token and the scale subresource, without a cluster", () => {
  const AWS_EXAMPLE = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

  test("the Signature Version 4 presigner reproduces AWS's documented presigned URL (S3 GET example)", () => {
    const url = presignUrl({
      method: "GET",
      host: "examplebucket.s3.amazonaws.com",
      path: "/test.txt",
      service: "s3",
      region: "us-east-1",
      credentials: AWS_EXAMPLE,
      now: new Date("2013-05-24T00:00:00Z"),
      expiresSeconds: 86400,
      payloadHash: "UNSIGNED-PAYLOAD",
    });
    expect(url).toBe(
      "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
  });

  test("the EKS token is k8s-aws-v1. and an unpadded base64url STS GetCallerIdentity URL bound to the cluster, valid 60 s", () => {
    const token = eksToken({ clusterName: "mcp-prod", region: "eu-central-1", credentials: { ...AWS_EXAMPLE, sessionToken: "session/token+1" }, now: new Date("2026-11-25T10:00:00Z") });
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token.slice("k8s-aws-v1.".length), "base64url").toString("utf8"));
    expect(url.origin + url.pathname).toBe("https://sts.eu-central-1.amazonaws.com/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: "GetCallerIdentity",
      Version: "2011-06-15",
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": "AKIAIOSFODNN7EXAMPLE/20261125/eu-central-1/sts/aws4_request",
      "X-Amz-Date": "20261125T100000Z",
      "X-Amz-Expires": "60",
      "X-Amz-Security-Token": "session/token+1",
      "X-Amz-SignedHeaders": "host;x-k8s-aws-id",
      "X-Amz-Signature": expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(url.search).toContain("X-Amz-Security-Token=session%2Ftoken%2B1");
    const other = eksToken({ clusterName: "mcp-dev", region: "eu-central-1", credentials: { ...AWS_EXAMPLE, sessionToken: "session/token+1" }, now: new Date("2026-11-25T10:00:00Z") });
    expect(other).not.toBe(token);
  });

  test("the operations read and patch only deployments/<name>/scale, with a fresh token and the cluster CA", async () => {
    const sent: ApiRequest[] = [];
    const answers = [
      { status: 200, body: { kind: "Scale", spec: { replicas: 2 } } },
      { status: 200, body: { kind: "Scale", spec: { replicas: 0 } } },
      { status: 404, body: { message: "deployments.apps \"gone\" not found" } },
      { status: 403, body: { message: "forbidden" } },
    ];
    let tokens = 0;
    const ops = kubernetesOperations({
      endpoint: `${CLUSTER.endpoint}/`,
      caData: CLUSTER.certificateAuthority,
      token: () => `token-${++tokens}`,
      request: async (request) => {
        sent.push(request);
        return answers.shift()!;
      },
    });
    expect(await ops.getReplicas("github-tools", "github-tools")).toBe(2);
    await ops.scaleToZero("github-tools", "github-tools");
    expect(await ops.getReplicas("github-tools", "gone")).toBeUndefined();
    await expect(ops.getReplicas("kube-system", "coredns")).rejects.toMatchObject({ status: 403, message: "reading deployments/coredns/scale in kube-system: forbidden" });
    expect(sent[0]).toEqual({
      url: `${CLUSTER.endpoint}/apis/apps/v1/namespaces/github-tools/deployments/github-tools/scale`,
      method: "GET",
      ca: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      body: undefined,
      headers: { Authorization: "Bearer token-1", Accept: "application/json" },
    });
    expect(sent[1]).toMatchObject({
      method: "PATCH",
      body: '{"spec":{"replicas":0}}',
      headers: { Authorization: "Bearer token-2", "Content-Type": "application/merge-patch+json", "Content-Length": 23 },
    });
    await expect(ops.getReplicas("../etc", "x")).rejects.toThrow('"../etc/x" is not a valid namespace and Deployment name');
  });
});

/** A CA and a `localhost` server certificate it signs, made with openssl in `dir`. */
function certificateAuthority(dir: string, name: string): { caPem: string; keyPem?: string; certPem?: string } {
  const file = (suffix: string) => path.join(dir, `${name}-${suffix}`);
  const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", `/CN=${name} CA`, "-addext", "basicConstraints=critical,CA:TRUE", "-keyout", file("ca.key"), "-out", file("ca.pem")]);
  openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost", "-keyout", file("server.key"), "-out", file("server.csr")]);
  fs.writeFileSync(file("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  openssl(["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", file("ext"), "-out", file("server.pem")]);
  return { caPem: fs.readFileSync(file("ca.pem"), "utf8"), keyPem: fs.readFileSync(file("server.key"), "utf8"), certPem: fs.readFileSync(file("server.pem"), "utf8") };
}

describe("containment function cluster access over real TLS (a local API server with its own CA)", () => {
  const dir = tempDir("containment-tls");
  const cluster = certificateAuthority(dir, "cluster");
  const stranger = certificateAuthority(dir, "stranger");
  const received: { method?: string; url?: string; authorization?: string; contentType?: string; body: string }[] = [];
  const server = https.createServer({ key: cluster.keyPem, cert: cluster.certPem }, (request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method, url: request.url, authorization: request.headers.authorization, contentType: request.headers["content-type"], body });
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({ kind: "Scale", spec: { replicas: request.method === "PATCH" ? 0 : 3 } }));
    });
  });
  let endpoint = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("the function trusts only the cluster CA it is given, and sends the bearer token to the scale subresource", async () => {
    const ops = kubernetesOperations({ endpoint, caData: Buffer.from(cluster.caPem).toString("base64"), token: () => "k8s-aws-v1.test" });
    expect(await ops.getReplicas("github-tools", "github-tools")).toBe(3);
    await ops.scaleToZero("github-tools", "github-tools");
    expect(received).toEqual([
      { method: "GET", url: "/apis/apps/v1/namespaces/github-tools/deployments/github-tools/scale", authorization: "Bearer k8s-aws-v1.test", contentType: undefined, body: "" },
      { method: "PATCH", url: "/apis/apps/v1/namespaces/github-tools/deployments/github-tools/scale", authorization: "Bearer k8s-aws-v1.test", contentType: "application/merge-patch+json", body: '{"spec":{"replicas":0}}' },
    ]);
    const impostor = kubernetesOperations({ endpoint, caData: Buffer.from(stranger.caPem).toString("base64"), token: () => "k8s-aws-v1.test" });
    await expect(impostor.getReplicas("github-tools", "github-tools")).rejects.toMatchObject({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    expect(received).toHaveLength(2);
  });
});

describe("containment function package: deterministic, valid, and the one deployed", () => {
  const zip = containmentPackage();

  test("the package is a valid ZIP of the handler and its cluster access, with fixed timestamps and mode 0644", () => {
    const dir = tempDir("containment-zip");
    const file = path.join(dir, "containment.zip");
    fs.writeFileSync(file, zip);
    execFileSync("unzip", ["-tq", file]);
    const listing = execFileSync("zipinfo", [file], { encoding: "utf8" });
    for (const name of ["index.js", "kubernetes.js"]) {
      expect(listing).toMatch(new RegExp(`^-rw-r--r-- .* stor 80-Jan-01 00:00 ${name.replace(".", "\\.")}$`, "m"));
      expect(execFileSync("unzip", ["-p", file, name])).toEqual(fs.readFileSync(path.join(containmentSourceDirectory(), name)));
    }
    expect(listing).toMatch(/2 files, /);
  });

  test("the same sources give the same bytes, in any order", () => {
    expect(containmentPackage().equals(zip)).toBe(true);
    const a = { name: "a.js", data: Buffer.from("a") };
    const b = { name: "b/c.js", data: Buffer.from("bc") };
    expect(deterministicZip([b, a]).equals(deterministicZip([a, b]))).toBe(true);
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(() => deterministicZip([{ name: "../x", data: Buffer.alloc(0) }])).toThrow('"../x" is not a relative path');
  });

  test("two syntheses write byte-identical plans and packages, and the plan deploys this package", () => {
    const root = tempDir("containment-synth");
    synthesize([dev], { outdir: path.join(root, "cdktf.out"), k8sOutdir: path.join(root, "k8s") });
    // The second synthesis: test/global-setup.ts's, of every built-in environment, in another process and directory.
    const outputs = [path.join(root, "cdktf.out"), sharedOutput().outdir].map((outdir) => {
      const [fn] = resourcesOf(loadStacks(outdir).find((stack) => stack.name === "mcp-dev")!, "aws_lambda_function");
      const stackDir = path.join(outdir, "stacks", "mcp-dev");
      return { fn, plan: fs.readFileSync(path.join(stackDir, "cdk.tf.json")), zip: fs.readFileSync(path.join(stackDir, String(fn.values["filename"]))) };
    });
    expect(outputs[0].plan.equals(outputs[1].plan)).toBe(true);
    expect(outputs[0].zip.equals(outputs[1].zip)).toBe(true);
    expect(outputs[0].zip.equals(zip)).toBe(true);
    expect(outputs[0].fn.values["filename"]).toMatch(/^assets\/[^/]+\/[0-9A-F]{32}\/containment\.zip$/);
    expect(outputs[0].fn.values["source_code_hash"]).toBe(createHash("sha256").update(zip).digest("base64"));
  });
});
