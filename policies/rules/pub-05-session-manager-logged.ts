import { bastionLaunchTemplates, isTrue } from "../hosts";
import { Attributes, stackResources, TerraformResource, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The longest idle Session Manager session accepted, in minutes. */
const MAX_IDLE_MINUTES = 60;

function inputsOf(document: TerraformResource): Attributes | undefined {
  try {
    const content = JSON.parse(String(document.values["content"])) as { inputs?: unknown };
    return typeof content.inputs === "object" && content.inputs !== null ? (content.inputs as Attributes) : undefined;
  } catch {
    return undefined;
  }
}

function stackFindings(stack: StackArtifact): Violation[] {
  const bastions = bastionLaunchTemplates(stack);
  if (bastions.length === 0) return [];
  const preferences = stackResources(stack, "aws_ssm_document").filter((document) => document.values["name"] === "SSM-SessionManagerRunShell");
  if (preferences.length === 0) {
    return [violation(bastions[0], "the stack has a bastion but no SSM-SessionManagerRunShell preferences document: Session Manager sessions would be neither encrypted nor logged")];
  }
  return preferences.flatMap((document) => {
    if (document.values["document_type"] !== "Session") return [violation(document, `document_type is ${JSON.stringify(document.values["document_type"])}, not "Session"`)];
    const inputs = inputsOf(document);
    if (!inputs) return [violation(document, "content is not a Session document with inputs")];
    const problems: string[] = [];
    if (typeof inputs["kmsKeyId"] !== "string" || inputs["kmsKeyId"] === "") problems.push("kmsKeyId is empty: session data is not encrypted with a customer key");
    const groupName = inputs["cloudWatchLogGroupName"];
    const group = stackResources(stack, "aws_cloudwatch_log_group").find((candidate) => candidate.values["name"] === groupName);
    if (typeof groupName !== "string" || groupName === "") problems.push("cloudWatchLogGroupName is empty: transcripts are not logged");
    else if (!group) problems.push(`cloudWatchLogGroupName "${groupName}" is not a log group of this stack`);
    else if (typeof group.values["kms_key_id"] !== "string" || group.values["kms_key_id"] === "") problems.push(`log group "${groupName}" is not encrypted with a customer key`);
    if (!isTrue(inputs["cloudWatchEncryptionEnabled"])) problems.push("cloudWatchEncryptionEnabled is not true");
    if (!isTrue(inputs["s3EncryptionEnabled"])) problems.push("s3EncryptionEnabled is not true");
    if (isTrue(inputs["runAsEnabled"]) && (inputs["runAsDefaultUser"] === "root" || inputs["runAsDefaultUser"] === "")) problems.push("sessions run as root");
    const idle = Number(inputs["idleSessionTimeout"]);
    if (!Number.isInteger(idle) || idle < 1 || idle > MAX_IDLE_MINUTES) problems.push(`idleSessionTimeout is ${JSON.stringify(inputs["idleSessionTimeout"] ?? "unset")}, not 1 to ${MAX_IDLE_MINUTES} minutes`);
    return problems.map((problem) => violation(document, problem));
  });
}

/**
 * Session Manager, the audited alternative path to the bastion (PUB-05), encrypts every session with a customer key,
 * writes every transcript to an encrypted log group of the stack, never runs sessions as root, and ends idle sessions.
 */
const rule: Rule = {
  id: "pub-05-session-manager-logged",
  controls: ["PUB-05"],
  severity: "high",
  description: "A stack with a bastion has the SSM-SessionManagerRunShell Session document: kmsKeyId, encrypted CloudWatch transcripts in an encrypted log group, not root, idle timeout ≤ 60 minutes.",
  remediation: "Keep the Bastion construct's session preferences document: kmsKeyId = the environment key, cloudWatchLogGroupName = its encrypted session log group, cloudWatchEncryptionEnabled = true, runAsEnabled = false.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
