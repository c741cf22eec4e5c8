/** Lambda bundles (constructs/lambda-bundle.ts): built by esbuild, reused between processes only while every input is unchanged. */
import * as fs from "fs";
import * as path from "path";
import { lambdaBundle } from "../constructs/lambda-bundle";
import { tempDir } from "./support/plans";

describe("lambdaBundle", () => {
  const root = tempDir("lambda-bundle");
  const cacheDirectory = path.join(root, "cache");
  const entry = 'exports.handler = require("./lib/answer.js");';
  const cacheFile = () => path.join(cacheDirectory, fs.readdirSync(cacheDirectory)[0]);
  beforeAll(() => {
    fs.mkdirSync(path.join(root, "lib"));
    fs.writeFileSync(path.join(root, "lib", "answer.js"), "module.exports = 41 + 1;\n");
  });

  test("bundles the entry with what it requires into one file, and caches it with the SHA-256 of each input", () => {
    const code = lambdaBundle({ entry, entryName: "answer-entry.js", root, cacheDirectory }).toString("utf8");
    expect(code).toContain("41 + 1");
    const cached = JSON.parse(fs.readFileSync(cacheFile(), "utf8")) as { inputs: Record<string, string>; code: string };
    expect(Object.keys(cached.inputs)).toEqual(["lib/answer.js"]);
    expect(cached.code).toBe(code);
  });

  test("reuses the cached bundle while the inputs are unchanged, and rebuilds when one changes", () => {
    const file = cacheFile();
    const cached = JSON.parse(fs.readFileSync(file, "utf8")) as { inputs: Record<string, string>; code: string };
    fs.writeFileSync(file, JSON.stringify({ ...cached, code: `${cached.code}// from the cache\n` }));
    expect(lambdaBundle({ entry, entryName: "answer-entry.js", root, cacheDirectory }).toString("utf8")).toContain("// from the cache");
    fs.writeFileSync(path.join(root, "lib", "answer.js"), "module.exports = 43 - 1;\n");
    const rebuilt = lambdaBundle({ entry, entryName: "answer-entry.js", root, cacheDirectory }).toString("utf8");
    expect(rebuilt).toContain("43 - 1");
    expect(rebuilt).not.toContain("// from the cache");
  });

  test("an unwritable cache still bundles", () => {
    const blocked = path.join(root, "blocked");
    fs.writeFileSync(blocked, "not a directory");
    expect(lambdaBundle({ entry, entryName: "answer-entry.js", root, cacheDirectory: path.join(blocked, "cache") }).toString("utf8")).toContain("43 - 1");
  });
});
