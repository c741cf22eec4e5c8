/**
 * The contract between synthesized artifacts, rules and reports.
 *
 * A rule reads synthesized output only (Terraform JSON, Kubernetes objects), never a construct, so it judges
 * what will really be deployed, whoever wrote it.
 */

/** How bad a violation is. */
export type Severity = "critical" | "high" | "medium" | "low";

/** A Terraform JSON document as written to `cdktf.out/stacks/<stack>/cdk.tf.json`. */
export type TerraformJson = Record<string, unknown>;

/** One synthesized Terraform stack. */
export interface StackArtifact {
  /** Stack name, e.g. `mcp-prod`. */
  readonly name: string;
  /** Path of the file it was read from, relative to the output directory. */
  readonly file: string;
  /** The parsed `cdk.tf.json`. */
  readonly json: TerraformJson;
}

/** One Kubernetes object from a generated YAML file. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** The Kubernetes objects of one generated YAML file. */
export interface KubernetesArtifact {
  /** Path of the file, relative to the Kubernetes output directory. */
  readonly file: string;
  readonly objects: readonly KubernetesObject[];
}

/** Everything a rule may look at: every stack and every Kubernetes file of one synthesis. */
export interface Artifacts {
  readonly stacks: readonly StackArtifact[];
  readonly kubernetes: readonly KubernetesArtifact[];
}

/** What a rule reports about one resource. */
export interface Violation {
  /** Stack name (Terraform) or Kubernetes file the resource lives in. */
  readonly location: string;
  /** Terraform address (`aws_subnet.foo`) or Kubernetes object (`Namespace/ns/name`). */
  readonly resource: string;
  /** What is wrong, specifically. */
  readonly message: string;
}

/** A policy rule. The rule ID is its file name under `policies/rules/`. */
export interface Rule {
  readonly id: string;
  /** Control IDs (from the catalog) the rule proves. */
  readonly controls: readonly string[];
  readonly severity: Severity;
  /** One line: the property the rule asserts. */
  readonly description: string;
  /** What to change when the rule fires. */
  readonly remediation: string;
  /** A pure function over the artifacts. */
  readonly check: (artifacts: Artifacts) => Violation[];
}

/** A violation together with the rule that found it. */
export interface Finding extends Violation {
  readonly rule: string;
  readonly controls: readonly string[];
  readonly severity: Severity;
  readonly remediation: string;
}

/** A finding that a recorded, justified exception accepts. */
export interface AcceptedFinding extends Finding {
  readonly justification: string;
}

/** The result of checking one set of artifacts. */
export interface Report {
  /** Findings not covered by an exception: any of these fails the check. */
  readonly findings: readonly Finding[];
  /** Findings covered by a justified exception: listed, but they do not fail the check. */
  readonly accepted: readonly AcceptedFinding[];
  /** Rules that ran. */
  readonly rules: readonly Rule[];
}
