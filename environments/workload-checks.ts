/** Checks of an MCP server's fields: its name, image, port, tools and scopes. */
import { didYouMean, withoutTrailingHyphens } from "./did-you-mean";
import { Check, issue } from "./readers";
import { quote } from "./quote";

const SERVER_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
const PINNED_IMAGE = /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TOOL_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
/** RFC 6749 scope-token: printable ASCII without space, `"` or `\`. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Ports the Istio sidecar listens on in every pod. */
const ISTIO_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/**
 * The platform's own IAM roles of an environment, `mcp-<env>-<name>`: a server's Pod Identity role is
 * `mcp-<env>-<server>`, so a server must not be named like one of these (test/controls/ISO-02.test.ts keeps this list
 * equal to the roles of the synthesized plans).
 */
export const PLATFORM_ROLE_NAMES: readonly string[] = [
  "access-review",
  "admin",
  "bastion",
  "bastion-image-build",
  "cloudtrail-logs",
  "cluster",
  "config-recorder",
  "containment",
  "fluent-bit",
  "guard",
  "image-verifier",
  "istio-ingressgateway",
  "keycloak",
  "logs-to-siem",
  "otel-collector",
  "readonly",
  "recovery",
  "recovery-automation",
  "siem-delivery",
  "threat-intel-loader",
  "vpc-cni",
  "vpc-flow-logs",
  "workloads-node",
];

/** A server's Pod Identity role is `mcp-<env>-<server>`: the name must not be one of the platform's roles. */
export const checkServerRoleName: Check<string> = (name) => {
  if (!PLATFORM_ROLE_NAMES.includes(name)) return undefined;
  return issue(
    `${quote(name)} names one of the platform's own IAM roles (mcp-<env>-${name})`,
    `choose another server name: the server's role would be mcp-<env>-<server>, and must not be one of ${PLATFORM_ROLE_NAMES.join(", ")}`
  );
};

/** An MCP server name: a DNS label of up to 32 characters (it names the namespace, roles and log group). */
export const checkServerName: Check<string> = (name) => {
  if (SERVER_NAME.test(name)) return undefined;
  const cleaned = withoutTrailingHyphens(
    withoutTrailingHyphens(
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^[^a-z]+/, "")
    ).slice(0, 32)
  );
  return issue(
    `${quote(name)} is not a DNS label`,
    SERVER_NAME.test(cleaned)
      ? didYouMean(cleaned)
      : "use up to 32 lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit"
  );
};

/**
 * An image pinned by digest, `<registry>/<repository>@sha256:<64 hex>` (CTR-00, PROV-01): a tag can be moved to
 * other content, a digest cannot.
 */
export const checkPinnedImage: Check<string> = (image) => {
  if (PINNED_IMAGE.test(image)) return undefined;
  const at = image.indexOf("@");
  const name = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const tag = name.indexOf(":", name.lastIndexOf("/") + 1);
  const repository = qualified((tag === -1 ? name : name.slice(0, tag)).toLowerCase());
  if (digest === undefined)
    return issue(`${quote(image)} is not pinned by digest`, `pin the image by digest: ${repository}@sha256:<digest>`);
  if (!DIGEST.test(digest)) {
    const lower = digest.toLowerCase();
    return issue(
      `${quote(digest)} is not a sha256 digest`,
      DIGEST.test(lower)
        ? didYouMean(`${repository}@${lower}`)
        : "write sha256: and the 64 lower-case hex digits the registry reports"
    );
  }
  const suggestion = `${repository}@${digest}`;
  return issue(
    `${quote(image)} is not <registry>/<repository>@sha256:<digest>`,
    PINNED_IMAGE.test(suggestion)
      ? didYouMean(suggestion)
      : "name the registry and repository in lower case, then @sha256:<digest>"
  );
};

/** A repository with its registry made explicit, as a container runtime would resolve a short name. */
function qualified(repository: string): string {
  return repository.includes("/") ? repository : `docker.io/library/${repository}`;
}

/** The port an MCP server listens on: unprivileged and not one the Istio sidecar uses. */
export const checkServerPort: Check<number> = (port) =>
  ISTIO_PORTS.includes(port)
    ? issue(`port ${port} is reserved by the Istio sidecar`, "choose another port from 1024 to 65535, e.g. 8080")
    : undefined;

/** An MCP tool name: 1 to 128 letters, digits, `_`, `.` or `-`. */
export const checkToolName: Check<string> = (name) => {
  if (TOOL_NAME.test(name)) return undefined;
  const cleaned = name
    .trim()
    .replace(/\s+/g, "_")
    .replace(/[^a-zA-Z0-9_.-]/g, "");
  return issue(
    `${quote(name)} is not an MCP tool name`,
    TOOL_NAME.test(cleaned)
      ? didYouMean(cleaned)
      : "use 1 to 128 letters, digits, _ . or -, exactly as the server lists it in tools/list"
  );
};

/** An OAuth scope: one token, no spaces or quotes. */
export const checkScope: Check<string> = (scope) => {
  if (SCOPE.test(scope)) return undefined;
  return /\s/.test(scope.trim())
    ? issue(`${quote(scope)} holds several scopes or a space`, "list each scope as its own item")
    : issue(
        `${quote(scope)} is not an OAuth scope`,
        "use printable characters without spaces, quotes or backslashes, e.g. mcp:github:read"
      );
};

const PROCESS_NAME = /^[A-Za-z0-9._+-]{1,15}$/;

/** A program an MCP server may start (`mcpServers[].processes`): its process name as the kernel records it, 1 to 15 characters. */
export const checkProcessName: Check<string> = (name) => {
  if (PROCESS_NAME.test(name)) return undefined;
  const base = name.trim().split("/").pop() ?? "";
  return issue(
    `${quote(name)} is not a process name`,
    PROCESS_NAME.test(base) ? didYouMean(base) : "write the program's name without its path, 1 to 15 letters, digits, . _ + or - (the kernel keeps the first 15 characters), e.g. git"
  );
};
