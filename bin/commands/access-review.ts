/**
 * `mcp-harden access-review`: writes an environment's Kubernetes access review (OPS-04) as Markdown and JSON, from its
 * synthesized plan and manifests (policies/access-review.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { accessReview } from "../../policies/access-review";
import { renderAccessReview } from "../../review/access-review";
import { ArtifactError, loadArtifacts } from "../../policies/engine";
import { realmProblems } from "../../policies/realm-access-review";
import { defineCommand, UsageError } from "../command";
import { K8S_FLAG, PLANS_FLAG } from "./input-flags";

export default defineCommand({
  name: "access-review",
  summary: "Write an environment's access review (OPS-04): who reaches the cluster, what every role binding grants, what the Keycloak realm's clients, users and default role grant, and what is over-broad, unused or orphaned.",
  synopsis: "--env <env> [--out <dir>] [--plans cdktf.out] [--k8s dist/k8s]",
  flags: {
    env: { type: "string", valueName: "<env>", description: "The environment whose plan to read, e.g. prod (required)." },
    out: { type: "string", valueName: "<dir>", description: "Where access-review.md and access-review.json go (default: dist/access-review/<env>)." },
    plans: PLANS_FLAG,
    k8s: K8S_FLAG,
  },
  exitCodes: { 0: "written, nothing to fix", 1: "written, and the review found problems (listed in the files and on stderr)", 2: "invalid arguments, or the synthesized output lacks the environment" },
  run: (flags) => {
    if (flags.env === undefined) throw new UsageError("--env is required: name the environment whose plan to read, e.g. --env prod.");
    const outdir = flags.out ?? path.join("dist", "access-review", flags.env);
    try {
      const review = accessReview(loadArtifacts({ out: flags.plans, k8s: flags.k8s }), flags.env);
      if (review === undefined) throw new ArtifactError(`no plan of mcp-${flags.env} in ${flags.plans}/stacks: synthesize it first (npm run synth), or pass --plans <dir>.`);
      const rendered = renderAccessReview(review);
      fs.mkdirSync(outdir, { recursive: true });
      fs.writeFileSync(path.join(outdir, "access-review.md"), `${rendered.markdown}\n`);
      fs.writeFileSync(path.join(outdir, "access-review.json"), rendered.json);
      const problems = [...review.principals.flatMap((principal) => principal.problems.map((problem) => `${principal.principal}: ${problem}`)), ...review.grants.flatMap((grant) => grant.problems.map((problem) => `${grant.binding}: ${problem}`)), ...review.realms.flatMap(realmProblems)];
      process.stdout.write(`Wrote the access review of mcp-${flags.env} (${review.principals.length} access entries, ${review.grants.length} bindings) to ${outdir}: access-review.md, access-review.json\n`);
      if (problems.length > 0) process.stderr.write(`${problems.join("\n")}\n${problems.length} problem${problems.length === 1 ? "" : "s"} to resolve before sign-off.\n`);
      return problems.length > 0 ? 1 : 0;
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      process.stderr.write(`mcp-harden access-review: ${error.message}\n`);
      return 2;
    }
  },
});
