/**
 * The guard's data files (`guard/proto`, `guard/schemas`, `guard/rules`), found from the sources (`guard/src`), from
 * the root build (`dist/guard/src`) and from the image (`/app/dist/guard/src` beside `/app/guard`).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Absolute path of a data file given relative to the guard's folder, e.g. `proto/ext_mcp.proto`. */
export function guardAsset(relative: string): string {
  const candidates = [path.resolve(__dirname, "..", relative), path.resolve(__dirname, "../../../guard", relative)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) throw new Error(`guard data file ${relative} not found (looked in ${candidates.join(", ")})`);
  return found;
}

/** A JSON data file of the guard, parsed. */
export function readGuardJson(relative: string): unknown {
  return JSON.parse(fs.readFileSync(guardAsset(relative), "utf8"));
}
