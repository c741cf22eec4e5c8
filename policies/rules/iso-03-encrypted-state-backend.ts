import { stackEnvironment } from "../environments";
import { block } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

function backendOf(stack: StackArtifact): Record<string, unknown> | undefined {
  const terraform = stack.json["terraform"] as Record<string, unknown> | undefined;
  return block((terraform?.["backend"] as Record<string, unknown> | undefined)?.["s3"]);
}

function backendViolation(stack: StackArtifact, message: string): Violation {
  return { location: stack.name, resource: "terraform.backend", message };
}

/**
 * Every stack keeps its state in its environment's own S3 backend: encrypted with a KMS key, locked with a lock
 * file, under a key no other stack uses, in a bucket no other environment uses (ISO-03).
 */
const rule: Rule = {
  id: "iso-03-encrypted-state-backend",
  controls: ["ISO-03"],
  severity: "high",
  description: "Every stack uses an S3 backend with encrypt, kms_key_id and use_lockfile, a unique key, and a bucket per environment.",
  remediation: "Configure the S3 backend with encrypt = true, the environment's state kms_key_id, use_lockfile = true, and the environment's own bucket.",
  check: (artifacts) => {
    const findings: Violation[] = [];
    const keys = new Map<string, string>();
    const bucketOwner = new Map<string, string>();
    for (const stack of artifacts.stacks) {
      const backend = backendOf(stack);
      if (!backend) {
        findings.push(backendViolation(stack, "state is not kept in an S3 backend"));
        continue;
      }
      const missing = [
        ...(backend["encrypt"] === true ? [] : ["encrypt = true"]),
        ...(typeof backend["kms_key_id"] === "string" && backend["kms_key_id"] !== "" ? [] : ["kms_key_id"]),
        ...(backend["use_lockfile"] === true ? [] : ["use_lockfile = true"]),
      ];
      if (missing.length > 0) findings.push(backendViolation(stack, `the S3 backend lacks ${missing.join(", ")}`));
      const location = `s3://${String(backend["bucket"])}/${String(backend["key"])}`;
      const sharer = keys.get(location);
      if (sharer !== undefined) findings.push(backendViolation(stack, `shares state object ${location} with stack ${sharer}`));
      keys.set(location, stack.name);
      const environment = stackEnvironment(stack) ?? stack.name;
      const owner = bucketOwner.get(String(backend["bucket"]));
      if (owner !== undefined && owner !== environment) {
        findings.push(backendViolation(stack, `environment ${environment} keeps state in bucket ${String(backend["bucket"])} of environment ${owner}`));
      } else {
        bucketOwner.set(String(backend["bucket"]), environment);
      }
    }
    return findings;
  },
};

export default rule;
