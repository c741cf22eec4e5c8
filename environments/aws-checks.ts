/** Checks of AWS identifiers as AWS itself would reject them: account IDs, regions, IAM, S3, KMS, tags. */
import { isAccountId, isRegionName, parseArn } from "../shared/arn";
import { ConfigIssue } from "./config-error";
import { didYouMean } from "./did-you-mean";
import { Check, issue } from "./readers";
import { quote } from "./quote";

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KMS_KEY_ID = /^(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A 12-digit AWS account ID, as a string so leading zeros survive. */
export const checkAccountId: Check<string> = (id) =>
  isAccountId(id)
    ? undefined
    : issue(
        `${quote(id)} is not a 12-digit AWS account ID`,
        "write the account's 12 digits, leading zeros included, as a quoted string"
      );

/** An AWS region code such as `eu-central-1` or `us-gov-west-1`. */
export const checkRegion: Check<string> = (region) => {
  if (isRegionName(region)) return undefined;
  const lower = region.trim().toLowerCase();
  return issue(
    `${quote(region)} is not an AWS region code`,
    isRegionName(lower) ? didYouMean(lower) : 'use a region code such as "eu-central-1"'
  );
};

/** An IAM role name (not an ARN): 1 to 64 letters, digits and `+=,.@_-`. */
export const checkIamRoleName: Check<string> = (name) => {
  if (IAM_ROLE_NAME.test(name)) return undefined;
  const fromArn = ROLE_ARN.exec(name);
  if (fromArn)
    return issue(`${quote(name)} is a role ARN, not a role name`, `give the name alone: ${didYouMean(fromArn[1])}`);
  return issue(`${quote(name)} is not a valid IAM role name`, "use 1 to 64 characters: letters, digits and + = , . @ _ -");
};

/** An S3 bucket name under AWS's general-purpose bucket naming rules. */
export const checkS3BucketName: Check<string> = (bucket) => {
  const problem = s3NameProblem(bucket);
  if (!problem) return undefined;
  const lower = bucket.toLowerCase();
  return issue(
    `${quote(bucket)} is not a valid S3 bucket name: ${problem}`,
    lower !== bucket && !s3NameProblem(lower)
      ? didYouMean(lower)
      : "use 3 to 63 lower-case letters, digits, hyphens and dots, starting and ending with a letter or digit"
  );
};

function s3NameProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return `it has ${bucket.length} characters, not 3 to 63`;
  if (!/^[a-z0-9.-]+$/.test(bucket)) return "only lower-case letters, digits, hyphens and dots are allowed";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return "it must start and end with a letter or digit";
  if (bucket.includes("..")) return "it has two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return "it is formatted as an IP address";
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => bucket.startsWith(p));
  if (prefix) return `the prefix ${quote(prefix)} is reserved`;
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => bucket.endsWith(s));
  if (suffix) return `the suffix ${quote(suffix)} is reserved`;
  return undefined;
}

/** A KMS key or alias ARN, `arn:aws:kms:<region>:<account>:key/<id>` or `...:alias/<name>`; undefined for anything else. */
function kmsArn(key: string): { readonly region: string; readonly account: string } | undefined {
  const arn = parseArn(key, "kms");
  if (!arn || !isRegionName(arn.region) || !isAccountId(arn.account)) return undefined;
  const { resource } = arn;
  return (resource.startsWith("key/") && KMS_KEY_ID.test(resource.slice("key/".length))) || KMS_ALIAS.test(resource) ? arn : undefined;
}

/**
 * A customer-managed KMS key, as a key or alias ARN or as `alias/...`. An ARN must name `accountId` (the
 * environment's own account, ISO-03) and `region` (KMS keys are regional: a key elsewhere does not exist for the
 * caller) when those are known.
 */
export function checkKmsKeyId(accountId: string | undefined, region?: string): Check<string> {
  return (key): ConfigIssue | undefined => {
    if (key.startsWith("alias/aws/") || /:alias\/aws\//.test(key)) {
      return issue(
        `${quote(key)} is an AWS managed key`,
        "use a customer managed key of the environment, e.g. alias/mcp-hardening-state"
      );
    }
    const arn = kmsArn(key);
    if (arn) {
      const { region: keyRegion, account: keyAccount } = arn;
      if (accountId !== undefined && keyAccount !== accountId)
        return issue(
          `${quote(key)} is a key of account ${keyAccount}, not of this environment's account ${accountId}`,
          "use a key in the environment's own account: ISO-03 shares no keys between environments"
        );
      return region === undefined || keyRegion === region
        ? undefined
        : issue(
            `${quote(key)} is a key in ${keyRegion}, not in ${region}: KMS keys are regional, so it does not exist there`,
            `use a key in ${region}, e.g. arn:aws:kms:${region}:${keyAccount}:alias/<name>, or an alias/...`
          );
    }
    if (KMS_ALIAS.test(key)) return undefined;
    if (KMS_KEY_ID.test(key))
      return issue(
        `${quote(key)} is a bare key ID`,
        `use its ARN, arn:aws:kms:<region>:<account>:key/${key}, or an alias/...`
      );
    return issue(
      `${quote(key)} is neither a KMS key ARN nor an alias`,
      'use arn:aws:kms:<region>:<account>:key/<id> or "alias/<name>"'
    );
  };
}

/** A tag key: 1 to 128 allowed characters, not starting with the reserved `aws:` prefix. */
export const checkTagKey: Check<string> = (key) => {
  if (key.length === 0) return issue("tag key is empty", "give the tag a name");
  if (key.toLowerCase().startsWith("aws:")) {
    const rest = key.slice(4);
    return issue(
      `tag key ${quote(key)} uses the prefix "aws:", reserved for AWS`,
      rest ? `rename it: ${didYouMean(rest)}` : "rename it"
    );
  }
  if (key.length > 128)
    return issue(`tag key has ${key.length} characters, more than 128`, "shorten it to 128 characters or fewer");
  if (!TAG_CHARACTERS.test(key))
    return issue(
      `tag key ${quote(key)} has characters AWS does not allow`,
      "use letters, digits, spaces and _ . : / = + - @"
    );
  return undefined;
};

/** A tag value: at most 256 allowed characters. */
export const checkTagValue: Check<string> = (value) => {
  if (value.length > 256)
    return issue(`tag value has ${value.length} characters, more than 256`, "shorten it to 256 characters or fewer");
  if (!TAG_CHARACTERS.test(value))
    return issue(
      `tag value ${quote(value)} has characters AWS does not allow`,
      "use letters, digits, spaces and _ . : / = + - @"
    );
  return undefined;
};
