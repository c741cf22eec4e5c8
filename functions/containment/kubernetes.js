"use strict";
/**
 * The containment function's way into its EKS cluster: an EKS bearer token signed with the function's own role (the
 * token `aws eks get-token` prints: a presigned STS GetCallerIdentity URL bound to the cluster's name), and the two
 * Kubernetes calls scale-to-zero needs, on the scale subresource of a Deployment. Node's `crypto` and `https` only.
 */
const crypto = require("crypto");
const https = require("https");

/** How long a token is valid, in seconds (what `aws eks get-token` uses). */
const TOKEN_LIFETIME_SECONDS = 60;
/** How long one call to the Kubernetes API may take, in milliseconds. */
const REQUEST_TIMEOUT_MS = 10000;
const DEPLOYMENT_NAME = /^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/;

function sha256Hex(data) {
  return crypto.createHash("sha256").update(data).digest("hex");
}

function hmac(key, data) {
  return crypto.createHmac("sha256", key).update(data).digest();
}

/** RFC 3986 encoding, as Signature Version 4 requires (`encodeURIComponent` leaves `!'()*` unencoded). */
function encodeRfc3986(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20130524T000000Z`: the ISO 8601 basic format of Signature Version 4. */
function amzDate(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * A URL presigned with AWS Signature Version 4 (query-string authentication): `query` and the signed `headers`
 * (lower-case names; `host` is always signed) are part of the signature, the caller sends the headers with the URL.
 */
function presignUrl({ method, host, path, query = {}, headers = {}, service, region, credentials, now, expiresSeconds, payloadHash }) {
  const timestamp = amzDate(now);
  const date = timestamp.slice(0, 8);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const signedHeaders = { ...headers, host };
  const headerNames = Object.keys(signedHeaders).sort();
  const parameters = {
    ...query,
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `${credentials.accessKeyId}/${scope}`,
    "X-Amz-Date": timestamp,
    "X-Amz-Expires": String(expiresSeconds),
    ...(credentials.sessionToken ? { "X-Amz-Security-Token": credentials.sessionToken } : {}),
    "X-Amz-SignedHeaders": headerNames.join(";"),
  };
  const canonicalQuery = Object.keys(parameters)
    .sort()
    .map((name) => `${encodeRfc3986(name)}=${encodeRfc3986(parameters[name])}`)
    .join("&");
  const canonicalRequest = [
    method,
    path,
    canonicalQuery,
    headerNames.map((name) => `${name}:${String(signedHeaders[name]).trim()}\n`).join(""),
    headerNames.join(";"),
    payloadHash,
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = [date, region, service, "aws4_request"].reduce((key, part) => hmac(key, part), `AWS4${credentials.secretAccessKey}`);
  const signature = crypto.createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  return `https://${host}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/**
 * An EKS bearer token for `clusterName`: `k8s-aws-v1.` and the unpadded base64url of an STS GetCallerIdentity URL,
 * presigned for the regional STS endpoint with the `x-k8s-aws-id` header naming the cluster. The cluster calls the
 * URL to learn who signed it; the function itself never calls STS.
 */
function eksToken({ clusterName, region, credentials, now }) {
  const url = presignUrl({
    method: "GET",
    host: `sts.${region}.amazonaws.com`,
    path: "/",
    query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
    headers: { "x-k8s-aws-id": clusterName },
    service: "sts",
    region,
    credentials,
    now,
    expiresSeconds: TOKEN_LIFETIME_SECONDS,
    payloadHash: sha256Hex(""),
  });
  return `k8s-aws-v1.${Buffer.from(url).toString("base64url")}`;
}

/** An HTTPS request to the cluster's API on its own connection, closed after it: resolves with the status and parsed JSON body. */
function httpsRequest({ url, method, headers, body, ca }) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers, ca, timeout: REQUEST_TIMEOUT_MS, agent: false }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed;
        try {
          parsed = text === "" ? {} : JSON.parse(text);
        } catch {
          parsed = { message: text.slice(0, 200) };
        }
        resolve({ status: response.statusCode, body: parsed });
      });
    });
    request.on("timeout", () => request.destroy(new Error(`the Kubernetes API did not answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** An error of the Kubernetes API, carrying its HTTP status. */
function apiError(status, body, what) {
  const message = body && typeof body.message === "string" ? body.message : `HTTP ${status}`;
  return Object.assign(new Error(`${what}: ${message}`), { name: "KubernetesApiError", status });
}

/**
 * The Kubernetes operations of scale-to-zero, on the API at `endpoint` (an https URL) whose certificate chains to the
 * cluster CA `caData` (base64 PEM, as EKS reports it): read a Deployment's replicas and scale it to zero, both through
 * its `scale` subresource, authenticated with a fresh `token()` each call. `request` is injectable for tests.
 * `getReplicas` resolves undefined for a Deployment that does not exist; any other refusal (403 among them) rejects
 * with the status on the error.
 */
function kubernetesOperations({ endpoint, caData, token, request = httpsRequest }) {
  const ca = Buffer.from(caData, "base64").toString("utf8");
  const scaleUrl = (namespace, name) => {
    if (!DEPLOYMENT_NAME.test(namespace) || !DEPLOYMENT_NAME.test(name)) throw new Error(`"${namespace}/${name}" is not a valid namespace and Deployment name`);
    return `${endpoint.replace(/\/$/, "")}/apis/apps/v1/namespaces/${namespace}/deployments/${name}/scale`;
  };
  const call = (method, url, body, contentType) =>
    request({
      url,
      method,
      ca,
      body,
      headers: { Authorization: `Bearer ${token()}`, Accept: "application/json", ...(contentType ? { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) } : {}) },
    });
  return {
    async getReplicas(namespace, name) {
      const { status, body } = await call("GET", scaleUrl(namespace, name));
      if (status === 404) return undefined;
      if (status !== 200) throw apiError(status, body, `reading deployments/${name}/scale in ${namespace}`);
      return typeof body.spec?.replicas === "number" ? body.spec.replicas : 0;
    },
    async scaleToZero(namespace, name) {
      const { status, body } = await call("PATCH", scaleUrl(namespace, name), JSON.stringify({ spec: { replicas: 0 } }), "application/merge-patch+json");
      if (status !== 200) throw apiError(status, body, `scaling deployments/${name} in ${namespace} to zero`);
    },
  };
}

module.exports = { presignUrl, eksToken, kubernetesOperations, httpsRequest, apiError, TOKEN_LIFETIME_SECONDS };
