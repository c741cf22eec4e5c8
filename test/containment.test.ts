import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { containmentPackage, containmentSourceDirectory } from "../constructs/containment-function";
import { crc32, deterministicZip } from "../constructs/deterministic-zip";
import { dev } from "../environments/dev";
import { stackResources as resourcesOf } from "../policies/terraform";
import { loadStacks } from "../policies/engine";
import { synthesize } from "../stacks/synthesize";
import { createHandler, ec2Operations, Ec2Operations, findingsOf, InstanceState, LogRecord, readSettings, TAGS } from "../functions/containment";
import { tempDir } from "./support/plans";

const SETTINGS = { quarantineGroupId: "sg-0quarantine", vpcId: "vpc-0123", environment: "prod" };

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

function run(instances: readonly InstanceState[], event: unknown, failOn?: ReadonlySet<string>) {
  const { ec2, calls } = fakeEc2(instances, failOn);
  const logs: LogRecord[] = [];
  const handler = createHandler({ ec2, settings: SETTINGS, log: (record) => logs.push(JSON.parse(JSON.stringify(record))) });
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

  test("a Kubernetes workload finding logs the command that scales it to zero, for the operator", async () => {
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
    expect(readSettings({ QUARANTINE_SECURITY_GROUP_ID: "sg-1", VPC_ID: "vpc-1", ENVIRONMENT: "dev" })).toEqual({ quarantineGroupId: "sg-1", vpcId: "vpc-1", environment: "dev" });
    expect(() => readSettings({ VPC_ID: "vpc-1" })).toThrow("environment variable(s) QUARANTINE_SECURITY_GROUP_ID, ENVIRONMENT not set");
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

describe("containment function package: deterministic, valid, and the one deployed", () => {
  const zip = containmentPackage();

  test("the package is a valid ZIP of the handler alone, with fixed timestamps and mode 0644", () => {
    const dir = tempDir("containment-zip");
    const file = path.join(dir, "containment.zip");
    fs.writeFileSync(file, zip);
    execFileSync("unzip", ["-tq", file]);
    const listing = execFileSync("zipinfo", [file], { encoding: "utf8" });
    expect(listing).toMatch(/^-rw-r--r-- .* stor 80-Jan-01 00:00 index\.js$/m);
    expect(listing).toMatch(/1 file, /);
    expect(execFileSync("unzip", ["-p", file, "index.js"])).toEqual(fs.readFileSync(path.join(containmentSourceDirectory(), "index.js")));
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
    const outputs = [1, 2].map((run) => {
      const root = tempDir(`containment-synth-${run}`);
      const outdir = path.join(root, "cdktf.out");
      synthesize([dev], { outdir, k8sOutdir: path.join(root, "k8s") });
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
