import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import accessReview from "../bin/commands/access-review";
import { Artifacts } from "../policies/types";
import { clientOf, editRealm } from "./support/identity";
import { synthesizedPlans, tempDir } from "./support/plans";

/** Writes artifacts as synthesis lays them out: `<dir>/cdktf.out/stacks/<stack>/cdk.tf.json` and `<dir>/k8s/<env>/<file>.yaml`. */
function writeArtifacts(plans: Artifacts, dir: string): { out: string; k8s: string } {
  const out = path.join(dir, "cdktf.out");
  const k8s = path.join(dir, "k8s");
  for (const stack of plans.stacks) {
    fs.mkdirSync(path.join(out, "stacks", stack.name), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", stack.name, "cdk.tf.json"), JSON.stringify(stack.json));
  }
  for (const file of plans.kubernetes) {
    fs.mkdirSync(path.dirname(path.join(k8s, file.file)), { recursive: true });
    fs.writeFileSync(path.join(k8s, file.file), file.objects.map((object) => stringify(object)).join("---\n"));
  }
  return { out, k8s };
}

/** Runs the command in this process, capturing its exit code, stdout and stderr. */
function run(args: string[]): { status: number; stdout: string; stderr: string } {
  const written = { stdout: "", stderr: "" };
  const capture = (stream: "stdout" | "stderr") =>
    jest.spyOn(process[stream], "write").mockImplementation((chunk: string | Uint8Array) => {
      written[stream] += String(chunk);
      return true;
    });
  const spies = [capture("stdout"), capture("stderr")];
  try {
    return { status: accessReview.run(args), ...written };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

describe("mcp-harden access-review", () => {
  const dir = tempDir("access-review-cli");

  test("exits 0 with nothing on stderr on the real plans", () => {
    const { out, k8s } = writeArtifacts(synthesizedPlans(), path.join(dir, "real"));
    const result = run(["--env", "prod", "--plans", out, "--k8s", k8s, "--out", path.join(dir, "real", "review")]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test("exits 1 and names the realm problem on stderr when the Keycloak realm is weakened", () => {
    const plans = synthesizedPlans();
    editRealm(plans, "prod", (realm) => (clientOf(realm, "github-tools").fullScopeAllowed = true));
    const { out, k8s } = writeArtifacts(plans, path.join(dir, "weakened"));
    const result = run(["--env", "prod", "--plans", out, "--k8s", k8s, "--out", path.join(dir, "weakened", "review")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "realm mcp-prod client mcp-github-tools: full scope allowed: its tokens carry every role the user holds (set fullScopeAllowed false)\n1 problem to resolve before sign-off.\n"
    );
    expect(fs.readFileSync(path.join(dir, "weakened", "review", "access-review.md"), "utf8")).toContain("full scope allowed");
  });
});
