import { block, blocks, referencedAddress, resolveReference, stackResources, TerraformResource, violation } from "../terraform";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const SERVICE_LINKED_ROLE = /^arn:aws[a-z-]*:iam::(\d{12}):role\/aws-service-role\/guardduty\.amazonaws\.com\/AWSServiceRoleForAmazonGuardDuty$/;

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function conditionValues(statement: Statement, key: string): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((operator) => list(operator[key]));
}

function keyStatements(key: TerraformResource): Statement[] {
  try {
    const parsed = JSON.parse(String(key.values["policy"] ?? "")) as { Statement?: Statement | Statement[] };
    return (Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : []).filter((statement) => statement.Effect === "Allow");
  } catch {
    return [];
  }
}

/** The bucket an S3 location names: `https://s3[.<region>].amazonaws.com/<bucket>/<key>`, `https://<bucket>.s3[.<region>].amazonaws.com/<key>` or `s3://<bucket>/<key>`. */
function locationBucket(location: string): string | undefined {
  return (/^https:\/\/s3[.a-z0-9-]*\.amazonaws\.com\/([^/]+)\//.exec(location) ?? /^https:\/\/([^/]+?)\.s3[.a-z0-9-]*\.amazonaws\.com\//.exec(location) ?? /^s3:\/\/([^/]+)\//.exec(location))?.[1];
}

/** Whether a statement lets GuardDuty's service-linked role (as principal or by `aws:PrincipalArn`) decrypt. */
function grantsServiceLinkedRole(statement: Statement): boolean {
  const actions = list(statement.Action);
  if (!actions.some((action) => action === "kms:Decrypt" || action === "kms:*" || action === "*")) return false;
  const principals = [...list((statement.Principal as { AWS?: unknown } | undefined)?.AWS), ...conditionValues(statement, "aws:PrincipalArn")];
  return principals.some((principal) => SERVICE_LINKED_ROLE.test(principal));
}

/** Why a statement that lets GuardDuty's role decrypt is broader than reading `bucket` through S3, as messages. */
function breadth(statement: Statement, bucket: string): string[] {
  const name = statement.Sid ? `statement ${statement.Sid}` : "a statement";
  const problems: string[] = [];
  const extra = list(statement.Action).filter((action) => action !== "kms:Decrypt");
  if (extra.length > 0) problems.push(`${name} also allows ${extra.join(", ")}: GuardDuty only decrypts its lists`);
  if (!conditionValues(statement, "kms:ViaService").some((service) => /^s3\.[a-z0-9-]+\.amazonaws\.com$/.test(service))) problems.push(`${name} is not limited to requests through S3 (kms:ViaService)`);
  const contexts = conditionValues(statement, "kms:EncryptionContext:aws:s3:arn");
  if (contexts.length === 0 || contexts.some((arn) => arn.includes("*"))) problems.push(`${name} is not limited to named buckets (kms:EncryptionContext:aws:s3:arn without wildcards)`);
  else if (!contexts.includes(`arn:aws:s3:::${bucket}`)) problems.push(`${name} does not name bucket ${bucket} (kms:EncryptionContext:aws:s3:arn)`);
  return problems;
}

/** The key a bucket of the stack is encrypted with by default, when it is a key of the stack. */
function bucketKey(stack: StackArtifact, bucket: TerraformResource): TerraformResource | undefined {
  for (const encryption of stackResources(stack, "aws_s3_bucket_server_side_encryption_configuration").filter((part) => referencedAddress(part.values["bucket"]) === bucket.address)) {
    for (const rule of blocks(encryption.values["rule"])) {
      const defaults = block(rule["apply_server_side_encryption_by_default"]);
      if (defaults?.["sse_algorithm"] !== "aws:kms") continue;
      const key = resolveReference(stack, defaults["kms_master_key_id"]);
      if (key?.type === "aws_kms_key") return key;
    }
  }
  return undefined;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const findings: Violation[] = [];
  for (const key of stackResources(stack, "aws_kms_key")) {
    for (const statement of keyStatements(key)) {
      const services = list((statement.Principal as { Service?: unknown } | undefined)?.Service);
      if (!services.includes("guardduty.amazonaws.com") || !list(statement.Action).some((action) => /^(?:kms:Decrypt|kms:\*|\*)$/.test(action))) continue;
      if (conditionValues(statement, "aws:SourceAccount").length === 0 || conditionValues(statement, "aws:SourceArn").length === 0) {
        findings.push(violation(key, `statement ${statement.Sid ?? "(no Sid)"} lets the GuardDuty service decrypt without aws:SourceAccount and aws:SourceArn conditions: any account's detector could use the key (confused deputy)`));
      }
    }
  }
  const lists = [...stackResources(stack, "aws_guardduty_threatintelset"), ...stackResources(stack, "aws_guardduty_ipset")];
  for (const set of lists) {
    const name = locationBucket(String(set.values["location"] ?? ""));
    const bucket = stackResources(stack, "aws_s3_bucket").find((candidate) => candidate.values["bucket"] === name);
    if (name === undefined || bucket === undefined) continue;
    const key = bucketKey(stack, bucket);
    if (key === undefined) continue;
    const grants = keyStatements(key).filter(grantsServiceLinkedRole);
    if (grants.length === 0) {
      findings.push(violation(set, `its list in bucket ${name} is encrypted with ${key.address}, whose policy does not let GuardDuty's service-linked role decrypt it: GuardDuty cannot read the list, so its indicators never match`));
      continue;
    }
    for (const problem of grants.flatMap((grant) => breadth(grant, name))) findings.push(violation(key, `GuardDuty list decryption: ${problem}`));
  }
  return findings;
}

/**
 * GuardDuty can read the threat lists it is given, and no more (TI-01): a GuardDuty threat intel set or IP set whose
 * list sits in a bucket of the stack encrypted with a key of the stack has a key policy statement letting GuardDuty's
 * service-linked role `kms:Decrypt` only, only through S3 (`kms:ViaService`), only for named buckets
 * (`kms:EncryptionContext:aws:s3:arn`, no wildcard) that include the list's; and no key lets the GuardDuty service
 * principal decrypt without `aws:SourceAccount` and `aws:SourceArn` conditions.
 */
const rule: Rule = {
  id: "ti-01-guardduty-decrypts-threat-lists",
  controls: ["TI-01"],
  severity: "high",
  description: "GuardDuty's service-linked role may decrypt the threat lists of KMS-encrypted buckets it is given (kms:Decrypt only, through S3, for named buckets); no GuardDuty decrypt grant lacks aws:SourceAccount/aws:SourceArn.",
  remediation: "Pass the feed bucket's name to EnvironmentKey guardDutyListBuckets (stacks/environment-stack.ts does), or restore the GuardDutyDecryptsItsListsThroughS3 statement; condition any guardduty.amazonaws.com statement on aws:SourceAccount and aws:SourceArn.",
  check: (artifacts: Artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
