/**
 * The recovery function (IR-02b, IR-02c) with a fake cluster that behaves like the Kubernetes API (Deployment objects
 * with generations and rollout status, strategic-merge patches), and its SSM Automation runbooks against a schema of
 * the Automation document format.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { recoveryDocument, recoveryPackage } from "../constructs/recovery-automation";
import { ApiRequest } from "../functions/containment/kubernetes";
import { createHandler, Deployment, deploymentOperations, DeploymentOperations, EXECUTION_ANNOTATION, LogRecord, readSettings, RecoverySettings } from "../functions/recovery";
import { tempDir } from "./support/plans";

const APPROVED = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:4f1c2e3a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e";
const TAMPERED = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:0000000000000000000000000000000000000000000000000000000000000bad";
const CLUSTER = { CLUSTER_NAME: "mcp-prod", CLUSTER_ENDPOINT: "https://ABCDEF.gr7.eu-central-1.eks.amazonaws.com", CLUSTER_CERTIFICATE_AUTHORITY: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64") };
const ENV = { ENVIRONMENT: "prod", APPROVED_SERVERS: JSON.stringify({ "github-tools": { image: APPROVED, replicas: 3 } }), ...CLUSTER };

/** A Deployment as the API returns it after containment scaled it to zero, running the tampered image. */
function contained(): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "github-tools", namespace: "github-tools", generation: 7 },
    spec: { replicas: 0, template: { metadata: { annotations: {} }, spec: { containers: [{ name: "github-tools", image: TAMPERED }, { name: "istio-proxy", image: "istio/proxyv2@sha256:aa" }] } } },
    status: { observedGeneration: 7, replicas: 0 },
  };
}

/**
 * A cluster fake: patches merge like a strategic merge patch (containers by name), bump the generation, and the
 * controller rolls out when `rollout()` is called (or never, to see verification stop the runbook).
 */
function fakeCluster(initial: Deployment | undefined) {
  let deployment = initial === undefined ? undefined : structuredClone(initial);
  const calls: string[] = [];
  const deployments: DeploymentOperations = {
    async get(namespace, name) {
      calls.push(`get ${namespace}/${name}`);
      return deployment === undefined ? undefined : structuredClone(deployment);
    },
    async patch(namespace, name, patch) {
      calls.push(`patch ${namespace}/${name} ${JSON.stringify(patch)}`);
      const current = deployment as { metadata: { generation: number }; spec: { replicas: number; template: { metadata: { annotations: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } } };
      const spec = (patch as { spec: { replicas?: number; template?: { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: { name: string; image: string }[] } } } }).spec;
      if (spec.replicas !== undefined) current.spec.replicas = spec.replicas;
      Object.assign(current.spec.template.metadata.annotations, spec.template?.metadata?.annotations ?? {});
      for (const container of spec.template?.spec?.containers ?? []) {
        const existing = current.spec.template.spec.containers.find((candidate) => candidate.name === container.name);
        if (existing) existing.image = container.image;
      }
      current.metadata.generation += 1;
    },
  };
  const rollout = () => {
    const current = deployment as { metadata: { generation: number }; spec: { replicas: number }; status: Record<string, number> };
    current.status = { observedGeneration: current.metadata.generation, replicas: current.spec.replicas, updatedReplicas: current.spec.replicas, readyReplicas: current.spec.replicas };
  };
  return { deployments, calls, rollout, current: () => deployment };
}

function harness(options: { deployment?: Deployment | undefined; revocationEndpoint?: string; revocationStatus?: number } = {}) {
  const cluster = fakeCluster("deployment" in options ? options.deployment : contained());
  const logs: LogRecord[] = [];
  const revocations: { endpoint: string; revocation: Record<string, unknown> }[] = [];
  const settings: RecoverySettings = { ...readSettings(ENV), ...(options.revocationEndpoint ? { revocationEndpoint: options.revocationEndpoint } : {}) };
  const handler = createHandler({
    deployments: cluster.deployments,
    revoke: async (endpoint, revocation) => {
      revocations.push({ endpoint, revocation });
      return options.revocationStatus ?? 204;
    },
    settings,
    log: (record) => logs.push(record),
  });
  const step = (action: string) => handler({ action, server: "github-tools", execution: "3f1c2e3a-9b8d-4c6e-8f4a-3b2c1d0e9f8a" });
  return { ...cluster, logs, revocations, step };
}

describe("recovery function (IR-02b eradication, IR-02c recovery): the runbook's cluster steps", () => {
  test("the whole runbook: sessions revoked, approved digest redeployed at one replica, verified, replicas restored; each step logged", async () => {
    const run = harness({ revocationEndpoint: "http://mcp-guard-revocations.mcp-gateway.svc:8080" });
    await expect(run.step("revoke-sessions")).resolves.toMatchObject({ outcome: "done" });
    expect(run.revocations).toEqual([{ endpoint: "http://mcp-guard-revocations.mcp-gateway.svc:8080", revocation: { server: "github-tools", scope: "all", reason: "incident recovery", execution: "3f1c2e3a-9b8d-4c6e-8f4a-3b2c1d0e9f8a" } }]);
    await run.step("redeploy");
    const redeployed = run.current() as { spec: { replicas: number; template: { metadata: { annotations: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } } };
    expect(redeployed.spec.replicas).toBe(1);
    expect(redeployed.spec.template.spec.containers).toEqual([{ name: "github-tools", image: APPROVED }, { name: "istio-proxy", image: "istio/proxyv2@sha256:aa" }]);
    expect(redeployed.spec.template.metadata.annotations[EXECUTION_ANNOTATION]).toBe("3f1c2e3a-9b8d-4c6e-8f4a-3b2c1d0e9f8a");
    run.rollout();
    await expect(run.step("verify")).resolves.toMatchObject({ outcome: "passed" });
    await run.step("restore-replicas");
    expect((run.current() as { spec: { replicas: number } }).spec.replicas).toBe(3);
    expect(run.logs.map((record) => `${record["action"]}:${record["outcome"]}`)).toEqual(["revoke-sessions:done", "redeploy:done", "verify:passed", "restore-replicas:done"]);
    expect(run.logs.every((record) => record["environment"] === "prod" && record["server"] === "github-tools")).toBe(true);
  });

  test("replicas are never restored before the rollout of the approved digest completed: verify and restore fail, nothing is patched", async () => {
    const run = harness();
    await run.step("redeploy");
    const patches = run.calls.filter((call) => call.startsWith("patch")).length;
    await expect(run.step("verify")).rejects.toThrow("recovery verify of github-tools: the controller has not observed the latest generation yet");
    await expect(run.step("restore-replicas")).rejects.toThrow(/not observed the latest generation/);
    expect(run.calls.filter((call) => call.startsWith("patch"))).toHaveLength(patches);
    expect(run.logs.filter((record) => record["outcome"] === "failed").map((record) => record["action"])).toEqual(["verify", "restore-replicas"]);
  });

  test("a Deployment running any other image than the approved digest fails verification, even fully rolled out", async () => {
    const run = harness();
    run.rollout();
    await expect(run.step("verify")).rejects.toThrow(`container github-tools runs ${TAMPERED}, not the approved ${APPROVED}`);
  });

  test("a partly ready rollout fails verification naming the counts", async () => {
    const run = harness();
    await run.step("redeploy");
    run.rollout();
    (run.current() as { status: Record<string, number> }).status["readyReplicas"] = 0;
    await expect(run.step("verify")).rejects.toThrow("rollout incomplete: 1 updated and 0 ready of 1, 1 pods");
  });

  test("without a revocation store the revoke step is skipped and says why; a store that refuses fails the step", async () => {
    const skipped = harness();
    await expect(skipped.step("revoke-sessions")).resolves.toMatchObject({ outcome: "skipped", reason: expect.stringContaining("REVOCATION_ENDPOINT unset") });
    expect(skipped.revocations).toEqual([]);
    const refused = harness({ revocationEndpoint: "http://127.0.0.1:9", revocationStatus: 503 });
    await expect(refused.step("revoke-sessions")).rejects.toThrow("the revocation store answered HTTP 503");
  });

  test("a missing Deployment is a failed redeploy, not a crash", async () => {
    const run = harness({ deployment: undefined });
    await expect(run.step("redeploy")).rejects.toThrow("Deployment github-tools/github-tools does not exist");
  });

  test("bad events name the field and the fix; the event can never choose the image", async () => {
    const run = harness();
    await expect(run.step("delete-everything")).rejects.toThrow('"action" must be one of revoke-sessions, redeploy, verify, restore-replicas');
    const handler = createHandler({ deployments: run.deployments, revoke: async () => 204, settings: readSettings(ENV), log: () => undefined });
    await expect(handler({ action: "redeploy", server: "other", execution: "x1" })).rejects.toThrow('"server" must name an MCP server of prod: github-tools');
    await expect(handler({ action: "redeploy", server: "github-tools", execution: "{{automation:EXECUTION_ID}}" })).rejects.toThrow('"execution"');
    await handler({ action: "redeploy", server: "github-tools", execution: "x1", image: TAMPERED });
    expect(JSON.stringify(run.current())).not.toContain(TAMPERED.slice(-20));
  });

  test("settings: missing variables are named; an unpinned approved image or a malformed endpoint is refused", () => {
    expect(() => readSettings({})).toThrow("environment variable(s) ENVIRONMENT, APPROVED_SERVERS, CLUSTER_NAME, CLUSTER_ENDPOINT, CLUSTER_CERTIFICATE_AUTHORITY not set");
    expect(() => readSettings({ ...ENV, APPROVED_SERVERS: JSON.stringify({ "github-tools": { image: "ghcr.io/x/y:latest", replicas: 2 } }) })).toThrow("APPROVED_SERVERS.github-tools must be");
    expect(() => readSettings({ ...ENV, APPROVED_SERVERS: "{" })).toThrow("APPROVED_SERVERS is not JSON");
    expect(() => readSettings({ ...ENV, REVOCATION_ENDPOINT: "ftp://x y" })).toThrow("REVOCATION_ENDPOINT must be an http(s) URL");
  });

  test("deployment operations: GET and strategic-merge PATCH of the named Deployment with a bearer token; refusals carry the status", async () => {
    const requests: ApiRequest[] = [];
    const answers = [{ status: 200, body: contained() }, { status: 404, body: {} }, { status: 200, body: {} }, { status: 403, body: { message: 'deployments.apps "github-tools" is forbidden' } }];
    const operations = deploymentOperations({ endpoint: CLUSTER.CLUSTER_ENDPOINT, caData: CLUSTER.CLUSTER_CERTIFICATE_AUTHORITY, token: () => "k8s-aws-v1.token", request: async (request) => (requests.push(request), answers.shift()!) });
    await expect(operations.get("github-tools", "github-tools")).resolves.toMatchObject({ kind: "Deployment" });
    await expect(operations.get("github-tools", "github-tools")).resolves.toBeUndefined();
    await operations.patch("github-tools", "github-tools", { spec: { replicas: 1 } });
    await expect(operations.patch("github-tools", "github-tools", { spec: { replicas: 3 } })).rejects.toMatchObject({ status: 403, message: expect.stringContaining("is forbidden") });
    expect(requests[0]).toMatchObject({ method: "GET", url: `${CLUSTER.CLUSTER_ENDPOINT}/apis/apps/v1/namespaces/github-tools/deployments/github-tools`, headers: { Authorization: "Bearer k8s-aws-v1.token" }, ca: expect.stringContaining("BEGIN CERTIFICATE") });
    expect(requests[2]).toMatchObject({ method: "PATCH", body: '{"spec":{"replicas":1}}', headers: { "Content-Type": "application/strategic-merge-patch+json", "Content-Length": 23 } });
    await expect(operations.get("../kube-system", "x")).rejects.toThrow("is not a valid namespace and Deployment name");
  });
});

/**
 * The SSM Automation document format (schema version 0.3), as a JSON Schema written from AWS's reference ("Systems
 * Manager Automation runbook reference" and "Data elements and parameters"): AWS publishes no JSON Schema for it.
 */
const AUTOMATION_SCHEMA = {
  type: "object",
  required: ["schemaVersion", "mainSteps"],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: "0.3" },
    description: { type: "string", maxLength: 1024 * 1024 },
    assumeRole: { type: "string", minLength: 1 },
    outputs: { type: "array", items: { type: "string" } },
    files: { type: "object" },
    parameters: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["type"],
        properties: { type: { enum: ["String", "StringList", "Integer", "Boolean", "MapList", "StringMap", "AWS::EC2::Instance::Id", "List<AWS::EC2::Instance::Id>"] }, description: { type: "string" }, default: {}, allowedValues: { type: "array" } },
      },
    },
    mainSteps: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["name", "action", "inputs"],
        additionalProperties: false,
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9_]{1,128}$" },
          action: {
            enum: [
              "aws:approve", "aws:assertAwsResourceProperty", "aws:branch", "aws:changeInstanceState", "aws:copyImage", "aws:createImage", "aws:createStack", "aws:createTags", "aws:deleteImage", "aws:deleteStack",
              "aws:executeAutomation", "aws:executeAwsApi", "aws:executeScript", "aws:executeStateMachine", "aws:invokeLambdaFunction", "aws:invokeWebhook", "aws:loop", "aws:pause", "aws:runCommand", "aws:runInstances", "aws:sleep", "aws:updateVariable", "aws:waitForAwsResourceProperty",
            ],
          },
          description: { type: "string" },
          inputs: { type: "object" },
          outputs: { type: "array" },
          onFailure: { type: "string", pattern: "^(Abort|Continue|step:[A-Za-z0-9_]+)$" },
          onCancel: { type: "string" },
          isEnd: { type: "boolean" },
          isCritical: { type: "boolean" },
          nextStep: { type: "string" },
          maxAttempts: { type: "integer", minimum: 1 },
          timeoutSeconds: { type: "integer", minimum: 1 },
        },
        allOf: [
          { if: { properties: { action: { const: "aws:invokeLambdaFunction" } } }, then: { properties: { inputs: { type: "object", required: ["FunctionName"], properties: { FunctionName: { type: "string" }, InvocationType: { enum: ["Event", "RequestResponse", "DryRun"] }, Payload: { type: "string" } } } } } },
          { if: { properties: { action: { const: "aws:executeAwsApi" } } }, then: { properties: { inputs: { type: "object", required: ["Service", "Api"] } } } },
        ],
      },
    },
  },
};
const validateAutomation = new Ajv({ allErrors: true, strict: false }).compile(AUTOMATION_SCHEMA);

describe("recovery runbooks (IR-02b, IR-02c): SSM Automation documents", () => {
  const server = {
    name: "github-tools",
    image: APPROVED,
    replicas: 3,
    secrets: [
      { name: "mcp/prod/github-tools/app-private-key", arn: "arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/github-tools/app-private-key-AbCdEf", rotates: false },
      { name: "mcp/prod/github-tools/webhook-secret", arn: "arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/github-tools/webhook-secret-GhIjKl", rotates: true },
    ],
  };
  const document = recoveryDocument({ server, functionName: "mcp-prod-recovery", assumeRoleArn: "arn:aws:iam::333333333333:role/mcp-prod-recovery-automation", verifyAttempts: 10 });

  test("the document validates against the Automation schema; a broken one does not", () => {
    expect(validateAutomation(document)).toBe(true);
    const broken = structuredClone(document) as { mainSteps: Record<string, unknown>[] };
    broken.mainSteps[0]["name"] = "Revoke sessions";
    broken.mainSteps[1]["onFailure"] = "Ignore";
    expect(validateAutomation(broken)).toBe(false);
    expect(validateAutomation.errors?.map((error) => error.instancePath)).toEqual(expect.arrayContaining(["/mainSteps/0/name", "/mainSteps/1/onFailure"]));
  });

  test("steps: revoke, rotate (or pause for issuer-rotated secrets), redeploy, verify with retries, restore last; every step aborts on failure", () => {
    const steps = document["mainSteps"] as { name: string; action: string; onFailure: string; inputs: Record<string, unknown>; maxAttempts?: number; isEnd?: boolean }[];
    expect(steps.map((step) => `${step.name}:${step.action}`)).toEqual([
      "RevokeSessions:aws:invokeLambdaFunction",
      "ReplaceAppPrivateKey:aws:pause",
      "RotateWebhookSecret:aws:executeAwsApi",
      "RedeployApprovedDigest:aws:invokeLambdaFunction",
      "VerifyRollout:aws:invokeLambdaFunction",
      "RestoreReplicas:aws:invokeLambdaFunction",
    ]);
    expect(steps.every((step) => step.onFailure === "Abort")).toBe(true);
    expect(steps[2].inputs).toEqual({ Service: "secretsmanager", Api: "RotateSecret", SecretId: server.secrets[1].arn, RotateImmediately: true });
    expect(JSON.parse(String(steps[0].inputs["Payload"]))).toEqual({ action: "revoke-sessions", server: "github-tools", execution: "{{automation:EXECUTION_ID}}" });
    expect(steps[4].maxAttempts).toBe(10);
    expect(steps[5].isEnd).toBe(true);
  });

  test("the package holds the handler and the cluster access it shares, deterministically, as a valid ZIP", () => {
    const zip = recoveryPackage();
    expect(recoveryPackage().equals(zip)).toBe(true);
    const file = path.join(tempDir("recovery-zip"), "recovery.zip");
    fs.writeFileSync(file, zip);
    execFileSync("unzip", ["-tq", file]);
    for (const name of ["recovery/index.js", "containment/kubernetes.js"]) {
      expect(execFileSync("unzip", ["-p", file, name])).toEqual(fs.readFileSync(path.join(__dirname, "..", "functions", name)));
    }
  });
});
