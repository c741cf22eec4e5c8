/**
 * `mcp-harden emulation-plan`: writes an environment's adversary-emulation plan (TI-04) as Markdown and JSON, derived
 * from its synthesized plan and manifests (policies/emulation-plan.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { ArtifactError, loadArtifacts } from "../../policies/engine";
import { emulationPlan } from "../../policies/emulation-plan";
import { renderEmulationPlan } from "../../review/emulation-plan";
import { defineCommand, UsageError } from "../command";
import { K8S_FLAG, PLANS_FLAG } from "./input-flags";

export default defineCommand({
  name: "emulation-plan",
  summary: "Write an environment's adversary-emulation plan (TI-04): each technique, its payloads, the detection it expects and the tests that prove it.",
  synopsis: "--env <env> [--out <dir>] [--plans cdktf.out] [--k8s dist/k8s]",
  flags: {
    env: { type: "string", valueName: "<env>", description: "The environment whose plan to read, e.g. prod (required)." },
    out: { type: "string", valueName: "<dir>", description: "Where emulation-plan.md and emulation-plan.json go (default: dist/emulation/<env>)." },
    plans: PLANS_FLAG,
    k8s: K8S_FLAG,
  },
  exitCodes: { 0: "written (the Markdown table marks techniques whose detection is not deployed)", 2: "invalid arguments, or the synthesized output lacks the environment" },
  run: (flags) => {
    if (flags.env === undefined) throw new UsageError("--env is required: name the environment whose plan to read, e.g. --env prod.");
    const outdir = flags.out ?? path.join("dist", "emulation", flags.env);
    try {
      const plan = emulationPlan(loadArtifacts({ out: flags.plans, k8s: flags.k8s }), flags.env);
      if (plan === undefined) throw new ArtifactError(`no plan of mcp-${flags.env} in ${flags.plans}/stacks: synthesize it first (npm run synth), or pass --plans <dir>.`);
      const rendered = renderEmulationPlan(plan);
      fs.mkdirSync(outdir, { recursive: true });
      fs.writeFileSync(path.join(outdir, "emulation-plan.md"), `${rendered.markdown}\n`);
      fs.writeFileSync(path.join(outdir, "emulation-plan.json"), rendered.json);
      process.stdout.write(`Wrote the emulation plan of mcp-${flags.env} (${plan.techniques.length} techniques) to ${outdir}: emulation-plan.md, emulation-plan.json\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      process.stderr.write(`mcp-harden emulation-plan: ${error.message}\n`);
      return 2;
    }
  },
});
