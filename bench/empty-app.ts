/**
 * The floor of every measurement: a cdktf app with one stack holding only an AWS provider, loaded by deep import
 * like the real stacks. It writes to `CDKTF_OUTDIR` (set by the `cdktf` CLI, or by the bench when run directly).
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

const app = new App();
new AwsProvider(new TerraformStack(app, "empty"), "aws", { region: "eu-central-1" });
app.synth();
