/**
 * The cdktf app (main.ts, cdktf.json's `app`): environment files from the folder MCP_ENVIRONMENTS names, listed and
 * deployable with the cdktf CLI (`cdktf list`, `cdktf deploy mcp-<env>`), offline.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { dev } from "../environments/dev";
import { withLockFilesOf } from "./support/approved-definitions";
import { tempDir } from "./support/plans";

const ROOT = path.resolve(__dirname, "..");
const OFFLINE = { CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_TELEMETRY: "1", CI: "1" };

describe("the cdktf app picks up environment files from MCP_ENVIRONMENTS", () => {
  const folder = tempDir("environments");
  fs.writeFileSync(path.join(folder, "qa.yaml"), YAML.stringify({ ...withLockFilesOf(dev), name: "qa" }));
  fs.writeFileSync(path.join(folder, "notes.txt"), "not an environment");

  test("cdktf list names mcp-qa and mcp-qa-workloads of the YAML environment (the stacks cdktf deploy takes)", () => {
    const output = path.join(tempDir("cdktf-list"), "cdktf.out");
    const app = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
    expect(app).toBe("npm run --silent build && node dist/main.js");
    // Tests run after the build (scripts/test.sh): the app's own step alone, so no rebuild races the other test files.
    const result = spawnSync("npx", ["cdktf", "list", "--app", "node dist/main.js", "--output", output], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...OFFLINE, MCP_ENVIRONMENTS: folder } });
    expect({ status: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({ status: 0, stderr: "" });
    const names = result.stdout.split("\n").flatMap((line) => /^(mcp-\S+)\s/.exec(line)?.[1] ?? []);
    expect(names).toEqual(["mcp-qa", "mcp-qa-workloads"]);
    expect(fs.readdirSync(path.join(output, "stacks")).sort()).toEqual(["mcp-qa", "mcp-qa-workloads"]);
  });

  test("a folder without environment files is an error naming the variable", () => {
    const empty = tempDir("no-environments");
    const result = spawnSync(process.execPath, [path.join(ROOT, "dist", "main.js")], { cwd: empty, encoding: "utf8", env: { ...process.env, MCP_ENVIRONMENTS: empty } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`MCP_ENVIRONMENTS="${empty}" names no folder of environment files`);
    expect(fs.existsSync(path.join(empty, "cdktf.out"))).toBe(false);
  });
});
