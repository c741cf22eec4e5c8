/**
 * Files of the installed package that commands read: its root, its version, and the test sources that name controls.
 */
import * as fs from "fs";
import * as path from "path";
import { TestSource } from "../policies/coverage";

/** The package root: the nearest directory above this file that holds `package.json` (works from `dist/` too). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}: run mcp-harden from its installed package.`);
    dir = parent;
  }
  return dir;
}

/** The installed package's version (its `package.json`'s `version`). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** Every `*.test.ts` file under a directory, recursively, with its path relative to `root`, sorted. */
function testSourcesUnder(root: string, dir: string): TestSource[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testSourcesUnder(root, full);
      if (!entry.name.endsWith(".test.ts")) return [];
      return [{ path: path.relative(root, full).split(path.sep).join("/"), source: fs.readFileSync(full, "utf8") }];
    });
}

/** The package's test sources (every `*.test.ts` under `test/`), or none when the package has no `test/` directory. */
export function packageTestSources(): { readonly hasTests: boolean; readonly tests: TestSource[] } {
  const root = packageRoot();
  const testDir = path.join(root, "test");
  const hasTests = fs.existsSync(testDir);
  return { hasTests, tests: hasTests ? testSourcesUnder(root, testDir) : [] };
}
