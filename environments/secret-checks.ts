/**
 * Secrets in config (MSH-03): an MCP server declares the secret *containers* it reads, never their values. A value
 * pasted anywhere in the config, under a secret-like key or in a recognizable credential format, is refused by the
 * input scan (input-scan.ts), with where the value belongs instead.
 */
import { isAccountId, isRegionName, parseArn, roleArnAccount } from "../shared/arn";
import { didYouMean, withoutTrailingHyphens } from "./did-you-mean";
import { Check, integer, issue, list, nonBlank, Reader, shape, Shape, text } from "./readers";
import { McpServerSecretConfig, SecretRotationConfig } from "./schema";
import { quote } from "./quote";

const SECRET_NAME = /^[a-z][a-z0-9-]{0,62}[a-z0-9]$/;
/** The resource of a Lambda function ARN: the function's name and an optional version or alias. */
const LAMBDA_FUNCTION = /^function:[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;

/** A secret's short name: a lower-case label, the last part of `mcp/<env>/<server>/<name>`. */
export const checkSecretName: Check<string> = (name) => {
  if (SECRET_NAME.test(name)) return undefined;
  const cleaned = withoutTrailingHyphens(
    withoutTrailingHyphens(
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^[^a-z]+/, "")
    ).slice(0, 64)
  );
  return issue(
    `${quote(name)} is not a secret name`,
    SECRET_NAME.test(cleaned) ? didYouMean(cleaned) : "use 2 to 64 lower-case letters, digits and hyphens, starting with a letter"
  );
};

/** A rotation function's ARN, in the environment's own account and region. */
export function checkRotationLambdaArn(accountId: string | undefined, region: string | undefined): Check<string> {
  return (arn) => {
    const parsed = parseArn(arn, "lambda");
    if (!parsed || !isRegionName(parsed.region) || !isAccountId(parsed.account) || !LAMBDA_FUNCTION.test(parsed.resource))
      return issue(`${quote(arn)} is not a Lambda function ARN`, "use arn:aws:lambda:<region>:<account>:function:<name>");
    const { region: arnRegion, account: arnAccount } = parsed;
    if (accountId !== undefined && arnAccount !== accountId)
      return issue(
        `${quote(arn)} is a function of account ${arnAccount}, not of this environment's account ${accountId}`,
        "deploy the rotation function in the environment's own account: ISO-03 shares nothing between environments"
      );
    if (region !== undefined && arnRegion !== region)
      return issue(`${quote(arn)} is a function in ${arnRegion}, not in the environment's region ${region}`, `deploy the rotation function in ${region}: Secrets Manager invokes it in the secret's region`);
    return undefined;
  };
}

/** A rotation function's execution role, in the environment's own account. */
export function checkRotationRoleArn(accountId: string | undefined): Check<string> {
  return (arn) => {
    const account = roleArnAccount(arn);
    if (account === undefined) return issue(`${quote(arn)} is not an IAM role ARN`, "use arn:aws:iam::<account>:role/<name> of the rotation function's execution role");
    return accountId !== undefined && account !== accountId
      ? issue(`${quote(arn)} is a role of account ${account}, not of this environment's account ${accountId}`, "use the execution role of a rotation function in the environment's own account")
      : undefined;
  };
}

/** A reader that accepts a missing value (undefined) and reads any other with `reader`. */
function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  return (value, at) => (value === undefined ? undefined : reader(value, at));
}

/**
 * The reader of `mcpServers[].secrets`. `raw` is the whole environment as given: the account and region a rotation
 * function must belong to are peeked from it.
 */
export function serverSecretsReader(raw: Readonly<Record<string, unknown>>): Reader<readonly McpServerSecretConfig[]> {
  const peek = (key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : undefined);
  const accountId = peek("accountId");
  const rotation: Shape<SecretRotationConfig> = {
    lambdaArn: text(checkRotationLambdaArn(accountId, peek("region"))),
    roleArn: text(checkRotationRoleArn(accountId)),
    days: integer(1, 365),
  };
  const secret: Shape<McpServerSecretConfig> = {
    name: text(checkSecretName),
    description: text(nonBlank("say what the secret is, who issues it and how it is rotated")),
    rotation: optional(shape(rotation)),
  };
  return list(shape(secret), { unique: { identity: "secret name", field: "name" } });
}
