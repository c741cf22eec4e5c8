"use strict";
/**
 * Eradication and recovery of one MCP server (IR-02b, IR-02c), the cluster steps of the SSM Automation runbook
 * `mcp-<env>-recover-<server>`: each invocation is one step, named by `action`, and logs one JSON line per outcome.
 * - `revoke-sessions`: revokes every token and session of the server at the guard (CV-04, JIT-04): it reads the AUTH
 *   token of the guard's shared store from Secrets Manager, connects over TLS, and writes the revocation entry of each
 *   of the server's clients (the `azp` of every token issued for it, the token-exchange client's included) with the guard's own code (`revocationKey`,
 *   `RedisAuthStore`), for at least the longest token lifetime, then reads it back the way the guard looks it up.
 *   Any failure (secret unreadable, store unreachable, AUTH refused, entry not kept) fails the step and the runbook;
 * - `redeploy`: sets the server's container image to its last approved digest, one replica, and a fresh pod
 *   template (annotation `mcp-hardening/recovery-execution`), so no pod of the compromised generation survives;
 * - `verify`: passes only when the rollout is complete (observed generation, every replica updated and ready) and
 *   every container runs the approved digest; it throws otherwise, which stops the automation;
 * - `restore-replicas`: verifies again, then scales the Deployment to its approved replica count.
 * The approved image, replica count and clients of each server come from the function's environment
 * (`APPROVED_SERVERS`), written at synthesis from the reviewed environment config; the event only names the server and
 * the execution. Dependencies are injectable, so the handler is tested without AWS or a cluster; the guard's store
 * modules are given to {@link lambdaHandler} by the bundle's entry (constructs/recovery-automation.ts), which bundles
 * them with ioredis into one file.
 */
const { apiError, eksToken, httpsRequest } = require("../containment/kubernetes");

/** The actions, in the order the automation runs them. */
const ACTIONS = ["revoke-sessions", "redeploy", "verify", "restore-replicas"];
/** The annotation that records the execution which redeployed a server, forcing new pods. */
const EXECUTION_ANNOTATION = "mcp-hardening/recovery-execution";
const SETTINGS = { environment: "ENVIRONMENT", approvedServers: "APPROVED_SERVERS" };
/** The guard's shared store, where the revoke step writes. */
const STORE_SETTINGS = { host: "REVOCATION_STORE_HOST", port: "REVOCATION_STORE_PORT", tokenSecret: "REVOCATION_STORE_TOKEN_SECRET", keyPrefix: "REVOCATION_KEY_PREFIX", ttlSeconds: "REVOCATION_TTL_SECONDS" };
/** How long one store command may take, milliseconds: the step fails rather than wait. */
const STORE_COMMAND_TIMEOUT_MS = 5000;
const CLUSTER_SETTINGS = { name: "CLUSTER_NAME", endpoint: "CLUSTER_ENDPOINT", certificateAuthority: "CLUSTER_CERTIFICATE_AUTHORITY" };
const DIGEST_PINNED = /^[^\s@]+@sha256:[0-9a-f]{64}$/;
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const EXECUTION = /^[A-Za-z0-9-]{1,64}$/;

/** The function's settings; throws naming every missing or malformed variable. */
function readSettings(env) {
  const unset = (name) => typeof env[name] !== "string" || env[name] === "";
  const missing = [...Object.values(SETTINGS), ...Object.values(CLUSTER_SETTINGS), ...Object.values(STORE_SETTINGS)].filter(unset);
  if (missing.length > 0) throw new Error(`recovery: environment variable(s) ${missing.join(", ")} not set; the RecoveryAutomation construct sets them`);
  let approved;
  try {
    approved = JSON.parse(env[SETTINGS.approvedServers]);
  } catch {
    throw new Error(`recovery: ${SETTINGS.approvedServers} is not JSON; it maps each server to { "image": "<repo>@sha256:<digest>", "replicas": <n>, "clients": ["<client id>", ...] }`);
  }
  for (const [server, entry] of Object.entries(approved)) {
    if (!NAME.test(server) || !entry || !DIGEST_PINNED.test(String(entry.image)) || !Number.isInteger(entry.replicas) || entry.replicas < 1 || !Array.isArray(entry.clients) || entry.clients.length === 0 || entry.clients.some((client) => typeof client !== "string" || client === "")) {
      throw new Error(`recovery: ${SETTINGS.approvedServers}.${server} must be { "image": "<repo>@sha256:<64 hex>", "replicas": <whole number, at least 1>, "clients": ["<each OAuth client id its tokens are issued to>", ...] }`);
    }
  }
  const port = Number(env[STORE_SETTINGS.port]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`recovery: ${STORE_SETTINGS.port} must be a TCP port (1-65535)`);
  const ttlSeconds = Number(env[STORE_SETTINGS.ttlSeconds]);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new Error(`recovery: ${STORE_SETTINGS.ttlSeconds} must be a whole number of seconds, at least the longest access token lifetime`);
  return {
    environment: env[SETTINGS.environment],
    approvedServers: approved,
    store: { host: env[STORE_SETTINGS.host], port, tokenSecret: env[STORE_SETTINGS.tokenSecret], keyPrefix: env[STORE_SETTINGS.keyPrefix], ttlSeconds },
    cluster: { name: env[CLUSTER_SETTINGS.name], endpoint: env[CLUSTER_SETTINGS.endpoint], certificateAuthority: env[CLUSTER_SETTINGS.certificateAuthority] },
  };
}

/** The step an event asks for; throws naming the field and what it must be. */
function stepOf(event, settings) {
  const input = event && typeof event === "object" ? event : {};
  if (!ACTIONS.includes(input.action)) throw new Error(`recovery: "action" must be one of ${ACTIONS.join(", ")}`);
  if (typeof input.server !== "string" || settings.approvedServers[input.server] === undefined) {
    throw new Error(`recovery: "server" must name an MCP server of ${settings.environment}: ${Object.keys(settings.approvedServers).sort().join(", ")}`);
  }
  if (typeof input.execution !== "string" || !EXECUTION.test(input.execution)) throw new Error('recovery: "execution" must be the automation execution ID (letters, digits and dashes)');
  return { action: input.action, server: input.server, execution: input.execution, approved: settings.approvedServers[input.server] };
}

/** Why a Deployment is not running exactly the approved image, fully rolled out; undefined when it is. */
function rolloutProblem(deployment, approved, server) {
  if (!deployment) return `Deployment ${server}/${server} does not exist`;
  const spec = deployment.spec || {};
  const status = deployment.status || {};
  const images = ((spec.template && spec.template.spec && spec.template.spec.containers) || []).filter((container) => container.name === server).map((container) => container.image);
  if (images.length !== 1 || images[0] !== approved.image) return `container ${server} runs ${images[0] === undefined ? "nothing" : images[0]}, not the approved ${approved.image}`;
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  if (replicas < 1) return "the Deployment has no replica to check";
  if ((status.observedGeneration || 0) < (deployment.metadata && deployment.metadata.generation)) return "the controller has not observed the latest generation yet";
  if (status.updatedReplicas !== replicas || status.readyReplicas !== replicas || (status.replicas || 0) > replicas) {
    return `rollout incomplete: ${status.updatedReplicas || 0} updated and ${status.readyReplicas || 0} ready of ${replicas}, ${status.replicas || 0} pods`;
  }
  return undefined;
}

/**
 * Writes the revocation of each client into the guard's store and reads them back as the guard looks them up (CV-04);
 * resolves with the keys, rejects naming what failed. `readSecret` resolves the store's AUTH token; `ca` (PEM) replaces
 * the system's CAs (tests with a private CA).
 */
async function revokeClients({ guard, store, readSecret, ca }, clients, record) {
  let token;
  try {
    token = await readSecret(store.tokenSecret);
  } catch (error) {
    throw new Error(`reading the store's AUTH token (${store.tokenSecret}) failed: ${error.message}`);
  }
  const keys = clients.map((client) => guard.revocationKey(store.keyPrefix, "client", client));
  const redis = new guard.RedisAuthStore({ url: `rediss://${store.host}:${store.port}`, password: token, commandTimeoutMs: STORE_COMMAND_TIMEOUT_MS, ...(ca === undefined ? {} : { ca }) });
  const kept = [];
  try {
    for (const key of keys) {
      await redis.set(key, JSON.stringify(record), store.ttlSeconds);
      kept.push(await redis.firstSet([key]));
    }
  } catch (error) {
    throw new Error(`the guard's store at ${store.host}:${store.port} did not take the revocation (${error.message})`);
  } finally {
    await redis.close();
  }
  const lost = keys.filter((key, index) => kept[index] !== key);
  if (lost.length > 0) throw new Error(`the guard's store at ${store.host}:${store.port} did not keep ${lost.join(", ")}`);
  return keys;
}

/**
 * Builds the handler from its dependencies: `deployments` ({@link deploymentOperations}), `guard` (the guard's
 * `RedisAuthStore` and `revocationKey`), `readSecret` (the secret string of a Secrets Manager secret), `settings`
 * ({@link readSettings}), `log` (one record per outcome), and optionally `storeCa` (PEM CA of the store instead of the
 * system's) and `now`.
 */
function createHandler({ deployments, guard, readSecret, settings, log, storeCa, now = () => new Date() }) {
  return async (event) => {
    const step = stepOf(event, settings);
    const { server, execution, approved } = step;
    const base = { environment: settings.environment, server, execution, action: step.action };
    const fail = (reason) => {
      log({ ...base, outcome: "failed", reason });
      throw new Error(`recovery ${step.action} of ${server}: ${reason}`);
    };
    if (step.action === "revoke-sessions") {
      const { store } = settings;
      log({ ...base, outcome: "started", store: `${store.host}:${store.port}`, clients: approved.clients });
      let keys;
      try {
        keys = await revokeClients({ guard, store, readSecret, ca: storeCa }, approved.clients, { revokedAt: now().toISOString(), reason: `incident recovery of ${server} (automation execution ${execution})` });
      } catch (error) {
        fail(error.message);
      }
      log({ ...base, outcome: "done", keys, ttlSeconds: store.ttlSeconds });
      return { ...base, outcome: "done", keys };
    }
    if (step.action === "redeploy") {
      const current = await deployments.get(server, server);
      if (!current) fail(`Deployment ${server}/${server} does not exist`);
      await deployments.patch(server, server, {
        spec: {
          replicas: 1,
          template: { metadata: { annotations: { [EXECUTION_ANNOTATION]: execution } }, spec: { containers: [{ name: server, image: approved.image }] } },
        },
      });
      log({ ...base, outcome: "done", image: approved.image, replicas: 1 });
      return { ...base, outcome: "done" };
    }
    const problem = rolloutProblem(await deployments.get(server, server), approved, server);
    if (problem !== undefined) fail(problem);
    if (step.action === "verify") {
      log({ ...base, outcome: "passed", image: approved.image });
      return { ...base, outcome: "passed" };
    }
    await deployments.patch(server, server, { spec: { replicas: approved.replicas } });
    log({ ...base, outcome: "done", replicas: approved.replicas });
    return { ...base, outcome: "done" };
  };
}

/**
 * Reading and patching one Deployment on the API at `endpoint`, whose certificate chains to `caData` (base64 PEM),
 * with a fresh `token()` per call: `get` resolves undefined for a missing Deployment; `patch` applies a strategic merge
 * patch (containers merge by name). Any refusal rejects with the status on the error.
 */
function deploymentOperations({ endpoint, caData, token, request = httpsRequest }) {
  const ca = Buffer.from(caData, "base64").toString("utf8");
  const url = (namespace, name) => {
    if (!NAME.test(namespace) || !NAME.test(name)) throw new Error(`"${namespace}/${name}" is not a valid namespace and Deployment name`);
    return `${endpoint.replace(/\/$/, "")}/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
  };
  const headers = () => ({ Authorization: `Bearer ${token()}`, Accept: "application/json" });
  return {
    async get(namespace, name) {
      const { status, body } = await request({ url: url(namespace, name), method: "GET", ca, headers: headers() });
      if (status === 404) return undefined;
      if (status !== 200) throw apiError(status, body, `reading deployments/${name} in ${namespace}`);
      return body;
    },
    async patch(namespace, name, patch) {
      const body = JSON.stringify(patch);
      const answer = await request({
        url: url(namespace, name),
        method: "PATCH",
        ca,
        body,
        headers: { ...headers(), "Content-Type": "application/strategic-merge-patch+json", "Content-Length": Buffer.byteLength(body) },
      });
      if (answer.status !== 200) throw apiError(answer.status, answer.body, `patching deployments/${name} in ${namespace}`);
    },
  };
}

/** The secret string of a Secrets Manager secret, through the SDK the Lambda runtime provides. */
async function readSecretString(secretId) {
  const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  if (typeof answer.SecretString !== "string" || answer.SecretString === "") throw new Error("the secret has no string value");
  return answer.SecretString;
}

/**
 * The Lambda entry point, given the guard's store modules: Kubernetes calls signed with the function's own role, the
 * store's token from Secrets Manager, log lines to stdout.
 */
function lambdaHandler(guard) {
  let handler;
  return async (event) => {
    if (handler === undefined) {
      const settings = readSettings(process.env);
      const { cluster } = settings;
      const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN };
      const region = process.env.AWS_REGION;
      const deployments = deploymentOperations({ endpoint: cluster.endpoint, caData: cluster.certificateAuthority, token: () => eksToken({ clusterName: cluster.name, region, credentials, now: new Date() }) });
      handler = createHandler({ deployments, guard, readSecret: readSecretString, settings, log: (record) => console.log(JSON.stringify(record)) });
    }
    return handler(event);
  };
}

module.exports = { ACTIONS, EXECUTION_ANNOTATION, SETTINGS, STORE_SETTINGS, readSettings, stepOf, rolloutProblem, createHandler, deploymentOperations, lambdaHandler };
