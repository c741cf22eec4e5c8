/**
 * The flags that name what a command reads, shared so every command spells them the same way.
 */
import { FlagSpec } from "../command";

/** The cdktf output directory a command reads synthesized plans from. */
export const PLANS_FLAG = {
  type: "string",
  valueName: "<dir>",
  default: "cdktf.out",
  description: "The synthesized plans to read: a cdktf output directory holding stacks/<stack>/cdk.tf.json (synth --out).",
} as const satisfies FlagSpec;

/** The directory a command reads Kubernetes YAML from. */
export const K8S_FLAG = {
  type: "string",
  valueName: "<dir>",
  default: "dist/k8s",
  description: "The synthesized Kubernetes YAML to read (synth --k8s-out).",
} as const satisfies FlagSpec;
