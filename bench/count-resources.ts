/**
 * Counts the Terraform resources a synthesis produced.
 */
import * as fs from "fs";
import * as path from "path";

/** The number of resources in one `cdk.tf.json`: every name under every resource type. */
function resourcesInStack(file: string): number {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

/** The number of resources over all stacks of a cdktf output directory (`<outdir>/stacks/<stack>/cdk.tf.json`). */
export function countResources(outdir: string): number {
  const stacksDir = path.join(outdir, "stacks");
  return fs
    .readdirSync(stacksDir)
    .map((stack) => resourcesInStack(path.join(stacksDir, stack, "cdk.tf.json")))
    .reduce((sum, count) => sum + count, 0);
}
