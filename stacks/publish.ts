/**
 * Moves a synthesis from its staging directory into an output directory without deleting anything synthesis did not
 * write: each output directory keeps a record (`.mcp-harden-outputs.json`) of the files synthesis wrote there, by
 * unit (a stack's folder, an environment's folder). Publishing a unit replaces the files it holds now, deletes the
 * files it recorded last time and no longer writes, and leaves every other file (other environments' output, a
 * Terraform working directory's `.terraform/`, a file the user put there) as it was.
 */
import * as fs from "fs";
import * as path from "path";

/** The record of the files synthesis wrote into one output directory. */
export const OUTPUTS_RECORD = ".mcp-harden-outputs.json";

/** Files synthesis wrote, by unit (a folder relative to the output directory, `/`-separated), each list sorted. */
type OutputsRecord = Record<string, string[]>;

function filesUnder(dir: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      return entry.isDirectory() ? filesUnder(path.join(dir, entry.name), relative) : [relative];
    })
    .sort();
}

function readRecord(file: string): OutputsRecord {
  if (!fs.existsSync(file)) return {};
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  const valid =
    typeof record === "object" &&
    record !== null &&
    !Array.isArray(record) &&
    Object.values(record).every((files) => Array.isArray(files) && files.every((name) => typeof name === "string" && !name.split("/").includes("..")));
  if (!valid) throw new Error(`${file} is not a record of synthesized files: delete it (synthesis then deletes no stale file), and synthesize again.`);
  return record as OutputsRecord;
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
function removeEmptyDirectories(dir: string, root: string): void {
  for (let current = dir; current !== root && current.startsWith(root + path.sep); current = path.dirname(current)) {
    if (!fs.existsSync(current) || fs.readdirSync(current).length > 0) return;
    fs.rmdirSync(current);
  }
}

/**
 * Moves every file of the `units` (folders relative to `staging`) from `staging` into `target`, replacing the files
 * of the same name; deletes the files `target`'s record lists for those units that the staging copy no longer has;
 * updates the record. Files of `target` in no unit, or in a unit not published now, stay untouched.
 */
export function publishUnits(staging: string, target: string, units: readonly string[]): void {
  const recordFile = path.join(target, OUTPUTS_RECORD);
  const record = readRecord(recordFile);
  fs.mkdirSync(target, { recursive: true });
  for (const unit of units) {
    const files = filesUnder(path.join(staging, unit));
    const stale = (record[unit] ?? []).filter((file) => !files.includes(file));
    for (const file of stale) {
      const full = path.join(target, unit, file);
      fs.rmSync(full, { force: true });
      removeEmptyDirectories(path.dirname(full), target);
    }
    for (const file of files) {
      const destination = path.join(target, unit, file);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.renameSync(path.join(staging, unit, file), destination);
    }
    record[unit] = files;
  }
  const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(recordFile, `${JSON.stringify(sorted, null, 2)}\n`);
}

/** The subset of a cdktf `manifest.json` this module reads and writes. */
interface CdktfManifest {
  readonly stacks: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/**
 * Publishes a cdktf output: each stack's folder (`stacks/<stack>`) as a unit, and `manifest.json` merged: the stacks
 * synthesized now replace their entries, other stacks' entries (an earlier synthesis of other environments) stay.
 */
export function publishCdktfOutput(staging: string, target: string): void {
  const manifestFile = "manifest.json";
  const written = JSON.parse(fs.readFileSync(path.join(staging, manifestFile), "utf8")) as CdktfManifest;
  const existingFile = path.join(target, manifestFile);
  const existing = fs.existsSync(existingFile) ? (JSON.parse(fs.readFileSync(existingFile, "utf8")) as CdktfManifest) : undefined;
  const names = Object.keys(written.stacks);
  publishUnits(staging, target, names.map((name) => `stacks/${name}`));
  const stacks = Object.fromEntries(Object.entries({ ...existing?.stacks, ...written.stacks }).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(existingFile, `${JSON.stringify({ ...written, stacks }, null, 2)}\n`);
}
