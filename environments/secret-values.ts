/**
 * Keys that only ever hold a secret value, and the one message for a secret value found in config (MSH-03), which
 * the input scan (input-scan.ts) reports for values and keys alike.
 */
import { ConfigIssue } from "./config-error";
import { quote } from "./quote";

/** The message of every secret value found in config. */
export const SECRET_IN_CONFIG =
  "secret values never go in config: create the secret container here and put the value in Secrets Manager out of band";

/** Where a secret value goes instead. */
export const PUT_IT_OUT_OF_BAND =
  "declare the secret by name under mcpServers[].secrets and put its value with `aws secretsmanager put-secret-value` from an administrator session";

/** Keys that only ever hold a secret value (compared on letters alone, so `secret_string` is `secretString`). */
const SECRET_VALUE_KEYS: ReadonlySet<string> = new Set(
  [
    "value",
    "password",
    "passwd",
    "passphrase",
    "token",
    "secret",
    "secretString",
    "secretBinary",
    "secretValue",
    "apiKey",
    "accessKey",
    "secretKey",
    "secretAccessKey",
    "privateKey",
    "clientSecret",
    "accessToken",
    "refreshToken",
    "authToken",
    "credential",
    "credentials",
  ].map((key) => key.toLowerCase())
);

/**
 * The issue of a key outside the schema's fields (an unknown key, or a key of a free-form mapping such as `tags`)
 * that holds a value under a secret-like name (`value`, `password`, `token`, `secretString`, ...), or undefined. A
 * list or mapping under such a key is a structural mistake, reported as an unknown key.
 */
export function secretValueKeyIssue(key: string, value: unknown): ConfigIssue | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  if (!SECRET_VALUE_KEYS.has(key.replace(/[^A-Za-z0-9]/g, "").toLowerCase())) return undefined;
  return { message: SECRET_IN_CONFIG, hint: `remove ${quote(key)}; ${PUT_IT_OUT_OF_BAND}` };
}
