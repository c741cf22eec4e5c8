/**
 * The readers of the environment's authorization server (`identity`: Keycloak and its database) and of the tools'
 * sign-in and grant requirements (`sensitive`, `jit`), and the check that the gateway's issuer is the realm Keycloak
 * serves, so the gateway, the guard and Keycloak agree on one issuer.
 */
import { peekedRegistry } from "./gateway-checks";
import { checkCpu, checkEphemeralStorage, checkMemory } from "./kubernetes-quantity";
import { Cursor, integer, issue, list, Reader, shape, text, Check } from "./readers";
import { EnvironmentConfig, GatewayResources, IdentityConfig, IdentityDatabaseConfig, McpToolJitConfig, McpToolSensitiveConfig } from "./schema";
import { productionAtLeast } from "./security-checks";
import { checkPinnedImage } from "./workload-checks";
import { quote } from "./quote";

/** The ECR repository of the Keycloak image: `mcp/identity/keycloak`. */
export const KEYCLOAK_REPOSITORY = "mcp/identity/keycloak";

/** The authentication context classes the generated realm issues, weakest first (see constructs/k8s/keycloak-realm.ts). */
export const REALM_ACR_VALUES = ["mfa", "mfa-webauthn"] as const;

/** The fewest days of database backups a production environment keeps. */
export const PRODUCTION_BACKUP_DAYS = 14;

const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const PURPOSE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const checkInstanceClass: Check<string> = (value) =>
  INSTANCE_CLASS.test(value) ? undefined : issue(`${quote(value)} is not an RDS instance class`, "write db.<family>.<size>, e.g. db.t4g.medium");

const checkPurpose: Check<string> = (value) =>
  PURPOSE.test(value) && value.length <= 64 ? undefined : issue(`${quote(value)} is not a purpose name`, "use lower-case words joined by hyphens, at most 64 characters, e.g. incident-response");

/** The reader of a tool's `sensitive` (CV-03, JIT-02). */
export const toolSensitiveReader: Reader<McpToolSensitiveConfig> = shape<McpToolSensitiveConfig>({
  acrValues: list(text(), { minItems: 1, tooShortHint: `list the accepted sign-in levels, e.g. [${REALM_ACR_VALUES[1]}]`, unique: { identity: "acr value" } }),
  maxAgeSeconds: integer(60, 3600),
});

/** The reader of a tool's `jit` (JIT-01, JIT-03, JIT-05). */
export const toolJitReader: Reader<McpToolJitConfig> = shape<McpToolJitConfig>({
  purposes: list(text(checkPurpose), { minItems: 1, tooShortHint: "list the purposes the tool may be used for, e.g. [incident-response]", unique: { identity: "purpose" } }),
  maxGrantSeconds: integer(30, 300),
});

/** The Keycloak image is in the environment's registry, in {@link KEYCLOAK_REPOSITORY}. */
function checkKeycloakImage(registry: string | undefined): Check<string> {
  return (image) => {
    const slash = image.indexOf("/");
    const at = image.indexOf("@");
    if (slash === -1 || at === -1) return undefined;
    const expected = `${registry ?? image.slice(0, slash)}/${KEYCLOAK_REPOSITORY}${image.slice(at)}`;
    const inRegistry = registry === undefined || image.slice(0, slash) === registry;
    return inRegistry && image.slice(slash + 1, at) === KEYCLOAK_REPOSITORY
      ? undefined
      : issue(`the Keycloak image is not in ${registry ?? "this environment's registry"}/${KEYCLOAK_REPOSITORY}`, `mirror the image there and pin it: only the environment's registry is scanned and admitted, e.g. ${expected}`);
  };
}

/** The reader of `identity`; the image must come from the environment's own registry, production keeps 14+ days of backups. */
export function identityReader(raw: Readonly<Record<string, unknown>>): Reader<IdentityConfig> {
  const production = raw.production === true;
  const registry = peekedRegistry(raw);
  const image = text(checkPinnedImage, checkKeycloakImage(registry));
  return shape<IdentityConfig>({
    keycloakImage: image,
    resources: shape<GatewayResources>({ cpu: text(checkCpu), memory: text(checkMemory), ephemeralStorage: text(checkEphemeralStorage) }),
    database: shape<IdentityDatabaseConfig>({
      instanceClass: text(checkInstanceClass),
      allocatedStorageGiB: integer(20, 1000),
      backupRetentionDays: integer(1, 35, productionAtLeast(production, PRODUCTION_BACKUP_DAYS, "days")),
    }),
  });
}

/** The realm of an issuer Keycloak serves, `https://<host>/realms/<realm>`, or undefined. */
export function keycloakRealmOf(issuer: string): { host: string; realm: string } | undefined {
  const match = /^https:\/\/([a-z0-9.-]+)\/realms\/([a-z0-9][a-z0-9-]*)$/.exec(issuer);
  return match ? { host: match[1], realm: match[2] } : undefined;
}

/**
 * With `identity`, the gateway's issuer must be a realm Keycloak serves and its JWKS that realm's keys; every tool's
 * accepted `acr` values must be levels the realm issues. Without it, the tools may name any `acr` the external issuer uses.
 */
export function checkIdentityFit(environment: EnvironmentConfig, at: Cursor): void {
  if (environment.identity === undefined) return;
  const { issuer, jwksUrl } = environment.gateway.jwt;
  const realm = keycloakRealmOf(issuer);
  if (realm === undefined) {
    at.key("gateway").key("jwt").key("issuer").report(issue(`${quote(issuer)} is not a Keycloak realm's issuer`, "with identity set, write https://<host>/realms/<realm>, e.g. https://auth.example.com/realms/mcp-prod"));
    return;
  }
  const expected = `${issuer}/protocol/openid-connect/certs`;
  if (jwksUrl !== expected) at.key("gateway").key("jwt").key("jwksUrl").report(issue(`is not the realm's key set`, `with identity set, write ${expected}`));
  environment.mcpServers.forEach((server, serverIndex) =>
    server.tools.forEach((tool, toolIndex) =>
      (tool.sensitive?.acrValues ?? []).forEach((acr, acrIndex) => {
        if (!(REALM_ACR_VALUES as readonly string[]).includes(acr)) {
          at.key("mcpServers").index(serverIndex).key("tools").index(toolIndex).key("sensitive").key("acrValues").index(acrIndex)
            .report(issue(`${quote(acr)} is not a sign-in level of the generated realm`, `use one of ${REALM_ACR_VALUES.join(", ")}`));
        }
      })
    )
  );
}
