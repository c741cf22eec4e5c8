/**
 * ARNs read field by field: `arn:<partition>:<service>:<region>:<account>:<resource>` is split at its colons, and
 * each field is matched on its own. One regular expression over a whole ARN, with its bounded repetitions
 * (`\d{12}`, `{1,128}`, a UUID), is too large an automaton for a ReDoS checker to decide (issue 18); each field's is
 * decided at once, and accepts exactly what the whole expression did.
 */

/** The fields of an ARN. The resource keeps its own colons (`function:<name>:<qualifier>`). */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** An AWS partition: `aws`, `aws-cn`, `aws-us-gov`. */
const PARTITION = /^aws[a-z-]*$/;
const ACCOUNT = /^\d{12}$/;
/** A commercial or GovCloud region: `eu-central-1`, `us-gov-west-1`. */
const REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;

/** The fields of `value` when it is an ARN of an AWS partition for `service`, else undefined. */
export function parseArn(value: string, service: string): Arn | undefined {
  const [prefix, partition, arnService, region, account, ...resource] = value.split(":");
  if (prefix !== "arn" || arnService !== service || resource.length === 0 || !PARTITION.test(partition)) return undefined;
  return { partition, service, region, account, resource: resource.join(":") };
}

/** Whether `account` is a 12-digit account ID. */
export function isAccountId(account: string): boolean {
  return ACCOUNT.test(account);
}

/** Whether `region` is written as an AWS region (`eu-central-1`); whether the region exists is not checked. */
export function isRegionName(region: string): boolean {
  return REGION.test(region);
}

const SAML_PROVIDER = /^saml-provider\/[\w+=,.@-]{1,128}$/;

/** The account of an IAM SAML provider ARN, `arn:aws:iam::<account>:saml-provider/<name>`; undefined for anything else. */
export function samlProviderAccount(arn: string): string | undefined {
  const parsed = parseArn(arn, "iam");
  return parsed && parsed.region === "" && isAccountId(parsed.account) && SAML_PROVIDER.test(parsed.resource) ? parsed.account : undefined;
}

const ROLE_PATH_SEGMENT = /^[\w+=,.@-]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * The account of an IAM role ARN, `arn:aws:iam::<account>:role/<path/><name>` with a name of at most 64 characters;
 * undefined for anything else.
 */
export function roleArnAccount(arn: string): string | undefined {
  const parsed = parseArn(arn, "iam");
  if (!parsed || parsed.region !== "" || !isAccountId(parsed.account)) return undefined;
  const [kind, ...path] = parsed.resource.split("/");
  const name = path.pop();
  return kind === "role" && name !== undefined && ROLE_NAME.test(name) && path.every((segment) => ROLE_PATH_SEGMENT.test(segment)) ? parsed.account : undefined;
}
