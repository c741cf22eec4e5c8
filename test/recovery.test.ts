/**
 * The recovery function (IR-02b, IR-02c) with a fake cluster that behaves like the Kubernetes API (Deployment objects
 * with generations and rollout status, strategic-merge patches), and its SSM Automation runbooks against a schema of
 * the Automation document format.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { recoveryDocument, recoveryPackage } from "../constructs/recovery-automation";
import { ApiRequest } from "../functions/containment/kubernetes";
import { createHandler, Deployment, deploymentOperations, DeploymentOperations, EXECUTION_ANNOTATION, LogRecord, readSettings } from "../functions/recovery";
import { RedisAuthStore } from "../guard/src/auth/redis-store";
import { revocationKey, revocationKeysFor } from "../guard/src/auth/revocation";
import { startRedis, type Peer } from "./guard/support/processes";
import { tempDir } from "./support/plans";

const APPROVED = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:4f1c2e3a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e";
const TAMPERED = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:0000000000000000000000000000000000000000000000000000000000000bad";
const CLUSTER = { CLUSTER_NAME: "mcp-prod", CLUSTER_ENDPOINT: "https://ABCDEF.gr7.eu-central-1.eks.amazonaws.com", CLUSTER_CERTIFICATE_AUTHORITY: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64") };
const TOKEN_SECRET = "arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/gateway/guard-store-token-Ab12Cd";
/** The store's AUTH token, as Secrets Manager generates it (64 characters, no punctuation). */
const STORE_TOKEN = "Vq3kZ8mR2pX7nL4tW9yB6cF1hJ5sD0gA8eK3uN7iO2rT6vY4wQ1zM9xC5bH0jPdE";
const STORE = { REVOCATION_STORE_HOST: "127.0.0.1", REVOCATION_STORE_PORT: "6379", REVOCATION_STORE_TOKEN_SECRET: TOKEN_SECRET, REVOCATION_KEY_PREFIX: "mcp-guard:", REVOCATION_TTL_SECONDS: "305" };
/** The server's token-exchange client (JIT-05): its client ID is the server's audience. */
const EXCHANGE_CLIENT = "https://mcp.example.com/github-tools";
const ENV = { ENVIRONMENT: "prod", APPROVED_SERVERS: JSON.stringify({ "github-tools": { image: APPROVED, replicas: 3, clients: ["mcp-github-tools", EXCHANGE_CLIENT] } }), ...CLUSTER, ...STORE };
const CLIENT_KEY = "mcp-guard:revoked:client:mcp-github-tools";
const EXCHANGE_KEY = `mcp-guard:revoked:client:${EXCHANGE_CLIENT}`;

/** A private CA and a certificate for 127.0.0.1 it signed, as ElastiCache's TLS endpoint presents one. */
function storeCertificates(dir: string): { ca: string; caFile: string; certFile: string; keyFile: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "1", "-subj", "/CN=test store CA");
  openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", file("store.key"), "-out", file("store.csr"), "-subj", "/CN=127.0.0.1");
  fs.writeFileSync(file("san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl("x509", "-req", "-in", file("store.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("store.pem"), "-days", "1", "-extfile", file("san.ext"));
  return { ca: fs.readFileSync(file("ca.pem"), "utf8"), caFile: file("ca.pem"), certFile: file("store.pem"), keyFile: file("store.key") };
}

/** Debian's redis-server speaking TLS only (no plaintext port), requiring the AUTH token: the store as the guard's ElastiCache runs it. */
async function startTlsStore(): Promise<{ peer: Peer; port: number; ca: string }> {
  const certificates = storeCertificates(tempDir("recovery-store"));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const tls = ["--tls-port", String(port), "--tls-cert-file", certificates.certFile, "--tls-key-file", certificates.keyFile, "--tls-ca-cert-file", certificates.caFile, "--tls-auth-clients", "no"];
  const peer = await startRedis([...tls, "--port", "0", "--requirepass", STORE_TOKEN]);
  return { peer, port, ca: certificates.ca };
}

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

/** Secrets Manager as the function reads it: the store's token by its ARN, any other secret refused. */
async function secretsManager(secretId: string): Promise<string> {
  if (secretId !== TOKEN_SECRET) throw Object.assign(new Error(`User: arn:aws:sts::333333333333:assumed-role/mcp-prod-recovery/mcp-prod-recovery is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId}`), { name: "AccessDeniedException" });
  return STORE_TOKEN;
}

function harness(options: { deployment?: Deployment | undefined; storePort?: number; storeCa?: string; readSecret?: (secretId: string) => Promise<string> } = {}) {
  const cluster = fakeCluster("deployment" in options ? options.deployment : contained());
  const logs: LogRecord[] = [];
  const handler = createHandler({
    deployments: cluster.deployments,
    guard: { RedisAuthStore, revocationKey },
    readSecret: options.readSecret ?? secretsManager,
    settings: readSettings({ ...ENV, REVOCATION_STORE_PORT: String(options.storePort ?? 6379) }),
    log: (record) => logs.push(record),
    ...(options.storeCa === undefined ? {} : { storeCa: options.storeCa }),
    now: () => new Date("2026-12-07T03:30:00.000Z"),
  });
  const step = (action: string) => handler({ action, server: "github-tools", execution: "3f1c2e3a-9b8d-4c6e-8f4a-3b2c1d0e9f8a" });
  return { ...cluster, logs, step };
}

describe("recovery function (IR-02b eradication, IR-02c recovery): the runbook's cluster steps", () => {
  let store: { peer: Peer; port: number; ca: string };
  let reader: RedisAuthStore;
  beforeAll(async () => {
    store = await startTlsStore();
    reader = new RedisAuthStore({ url: `rediss://127.0.0.1:${store.port}`, password: STORE_TOKEN, ca: store.ca, commandTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await reader?.close();
    await store?.peer.stop();
  });
  beforeEach(async () => {
    await reader.delete(CLIENT_KEY);
    await reader.delete(EXCHANGE_KEY);
  });
  const live = (options: Parameters<typeof harness>[0] = {}) => harness({ storePort: store.port, storeCa: store.ca, ...options });

  test("the whole runbook: sessions revoked, approved digest redeployed at one replica, verified, replicas restored; each step logged", async () => {
    const run = live();
    await expect(run.step("revoke-sessions")).resolves.toMatchObject({ outcome: "done", keys: [CLIENT_KEY, EXCHANGE_KEY] });
    await run.step("redeploy");
    const redeployed = run.current() as { spec: { replicas: number; template: { metadata: { annotations: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } } };
    expect(redeployed.spec.replicas).toBe(1);
    expect(redeployed.spec.template.spec.containers).toEqual([{ name: "github-tools", image: APPROVED }, { name: "istio-proxy", image: "istio/proxyv2@sha256:aa" }]);
    expect(redeployed.spec.template.metadata.annotations[EXECUTION_ANNOTATION]).toBe("3f1c2e3a-9b8d-4c6e-8f4a-3b2c1d0e9f8a");
    run.rollout();
    await expect(run.step("verify")).resolves.toMatchObject({ outcome: "passed" });
    await run.step("restore-replicas");
    expect((run.current() as { spec: { replicas: number } }).spec.replicas).toBe(3);
    expect(run.logs.map((record) => `${record["action"]}:${record["outcome"]}`)).toEqual(["revoke-sessions:started", "revoke-sessions:done", "redeploy:done", "verify:passed", "restore-replicas:done"]);
    expect(run.logs[1]).toMatchObject({ keys: [CLIENT_KEY, EXCHANGE_KEY], ttlSeconds: 305 });
    expect(JSON.stringify(run.logs)).not.toContain(STORE_TOKEN);
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

  test("the revocation is the guard's own entry: a token issued to the server's client before it is refused by CV-04's lookup, for the longest token lifetime", async () => {
    await live().step("revoke-sessions");
    const claims = { iss: "https://keycloak.prod.example.com/realms/mcp-prod", sub: "8d3c1f0e-4b2a-4e6f-9a1b-2c3d4e5f6a7b", azp: "mcp-github-tools", sid: "0b9c2d4e-1f3a-4c5b-8d6e-7f8a9b0c1d2e", jti: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", aud: "https://mcp.example.com/github-tools", exp: 1_796_613_300, iat: 1_796_613_000 };
    await expect(reader.firstSet(revocationKeysFor("mcp-guard:", claims))).resolves.toBe(CLIENT_KEY);
    await expect(reader.firstSet(revocationKeysFor("mcp-guard:", { ...claims, azp: EXCHANGE_CLIENT }))).resolves.toBe(EXCHANGE_KEY);
    await expect(reader.firstSet(revocationKeysFor("mcp-guard:", { ...claims, azp: "mcp-docs-search" }))).resolves.toBeUndefined();
    const client = new (require("ioredis") as typeof import("ioredis").default)(`rediss://127.0.0.1:${store.port}`, { password: STORE_TOKEN, tls: { ca: store.ca } });
    try {
      const ttl = await client.ttl(CLIENT_KEY);
      expect(ttl).toBeGreaterThan(295);
      expect(ttl).toBeLessThanOrEqual(305);
      expect(JSON.parse((await client.get(CLIENT_KEY))!)).toEqual({ revokedAt: "2026-12-07T03:30:00.000Z", reason: "incident recovery of github-tools (automation execution 3f1c2e3a-9b8d-4c6e-8f4a-3b2c1d0e9f8a)" });
    } finally {
      client.disconnect();
    }
  });

  test("an unreachable store fails the step and the runbook: never reported done, nothing redeployed before it", async () => {
    const closed = await startTlsStore();
    await closed.peer.stop();
    const run = live({ storePort: closed.port });
    await expect(run.step("revoke-sessions")).rejects.toThrow(`recovery revoke-sessions of github-tools: the guard's store at 127.0.0.1:${closed.port} did not take the revocation`);
    expect(run.logs.map((record) => record["outcome"])).toEqual(["started", "failed"]);
    expect(run.calls).toEqual([]);
  });

  test("a refused AUTH token, an untrusted certificate or an unreadable secret fails the step naming the cause, never echoing the token", async () => {
    const wrongToken = live({ readSecret: async () => "not-the-store-token" });
    await expect(wrongToken.step("revoke-sessions")).rejects.toThrow(/did not take the revocation \((WRONGPASS|.*invalid username-password)/);
    const untrusted = harness({ storePort: store.port });
    await expect(untrusted.step("revoke-sessions")).rejects.toThrow(`the guard's store at 127.0.0.1:${store.port} did not take the revocation`);
    const denied = live({ readSecret: async (secretId) => secretsManager(`${secretId}-other`) });
    await expect(denied.step("revoke-sessions")).rejects.toThrow(`reading the store's AUTH token (${TOKEN_SECRET}) failed: User: arn:aws:sts::333333333333:assumed-role/mcp-prod-recovery/mcp-prod-recovery is not authorized`);
    for (const run of [wrongToken, untrusted, denied]) {
      expect(run.logs.map((record) => record["outcome"])).toEqual(["started", "failed"]);
      expect(JSON.stringify(run.logs)).not.toContain(STORE_TOKEN);
    }
    await expect(reader.firstSet([CLIENT_KEY])).resolves.toBeUndefined();
  });

  test("a missing Deployment is a failed redeploy, not a crash", async () => {
    const run = harness({ deployment: undefined });
    await expect(run.step("redeploy")).rejects.toThrow("Deployment github-tools/github-tools does not exist");
  });

  test("bad events name the field and the fix; the event can never choose the image", async () => {
    const run = harness();
    await expect(run.step("delete-everything")).rejects.toThrow('"action" must be one of revoke-sessions, redeploy, verify, restore-replicas');
    const handler = createHandler({ deployments: run.deployments, guard: { RedisAuthStore, revocationKey }, readSecret: secretsManager, settings: readSettings(ENV), log: () => undefined });
    await expect(handler({ action: "redeploy", server: "other", execution: "x1" })).rejects.toThrow('"server" must name an MCP server of prod: github-tools');
    await expect(handler({ action: "redeploy", server: "github-tools", execution: "{{automation:EXECUTION_ID}}" })).rejects.toThrow('"execution"');
    await handler({ action: "redeploy", server: "github-tools", execution: "x1", image: TAMPERED });
    expect(JSON.stringify(run.current())).not.toContain(TAMPERED.slice(-20));
  });

  test("settings: missing variables are named; an unpinned approved image or a malformed endpoint is refused", () => {
    expect(() => readSettings({})).toThrow(
      "environment variable(s) ENVIRONMENT, APPROVED_SERVERS, CLUSTER_NAME, CLUSTER_ENDPOINT, CLUSTER_CERTIFICATE_AUTHORITY, REVOCATION_STORE_HOST, REVOCATION_STORE_PORT, REVOCATION_STORE_TOKEN_SECRET, REVOCATION_KEY_PREFIX, REVOCATION_TTL_SECONDS not set"
    );
    expect(() => readSettings({ ...ENV, APPROVED_SERVERS: JSON.stringify({ "github-tools": { image: "ghcr.io/x/y:latest", replicas: 2 } }) })).toThrow("APPROVED_SERVERS.github-tools must be");
    expect(() => readSettings({ ...ENV, APPROVED_SERVERS: "{" })).toThrow("APPROVED_SERVERS is not JSON");
    expect(() => readSettings({ ...ENV, APPROVED_SERVERS: JSON.stringify({ "github-tools": { image: APPROVED, replicas: 3 } }) })).toThrow('"clients": ["<each OAuth client id its tokens are issued to>", ...]');
    expect(() => readSettings({ ...ENV, APPROVED_SERVERS: JSON.stringify({ "github-tools": { image: APPROVED, replicas: 3, clients: [] } }) })).toThrow("APPROVED_SERVERS.github-tools must be");
    expect(() => readSettings({ ...ENV, REVOCATION_STORE_PORT: "tls" })).toThrow("REVOCATION_STORE_PORT must be a TCP port");
    expect(() => readSettings({ ...ENV, REVOCATION_TTL_SECONDS: "0" })).toThrow("REVOCATION_TTL_SECONDS must be a whole number of seconds");
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
    clients: ["mcp-github-tools"],
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

  test("the package is one bundled file with the guard's store modules and ioredis: it loads without node_modules and exports the handler", () => {
    const dir = tempDir("recovery-zip");
    const file = path.join(dir, "recovery.zip");
    fs.writeFileSync(file, recoveryPackage());
    expect(execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n")).toEqual(["recovery/index.js"]);
    execFileSync("unzip", ["-q", file, "-d", dir]);
    const bundle = fs.readFileSync(path.join(dir, "recovery", "index.js"), "utf8");
    expect(bundle).toContain("guard/src/auth/redis-store.ts");
    expect(bundle).toContain("guard/src/auth/revocation.ts");
    expect(bundle).toContain("node_modules/ioredis/");
    const loaded = spawnSync(process.execPath, ["-e", "console.log(typeof require(process.argv[1]).handler)", path.join(dir, "recovery", "index.js")], { cwd: dir, encoding: "utf8" });
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout.trim()).toBe("function");
  });
});
