/**
 * The layout's two jobs stay apart: `policies/` (catalog, engine, rules) judges the plan with expectations from
 * `baselines/`, never from the constructs it judges; `review/` explains the plan to people and may use the policies;
 * nothing the rules run imports a review tool; and no module imports itself through a cycle.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const FOLDERS = ["baselines", "shared", "constructs", "stacks", "policies", "review", "environments", "bin"];

/** Every `.ts` file under a folder of the repository, relative to the root. */
function sources(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * The repository files a source imports by relative path (`import ... from "./x"`, `export ... from "../y"`), or loads
 * on first use (`require("./rules")`): a lazy load is still an edge of the layout.
 */
function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"|\brequire\("(\.{1,2}\/[^"]+)"\)/gms)].map(([, from, required]) => from ?? required);
  return specifiers.flatMap((specifier) => {
    const base = path.join(path.dirname(file), specifier);
    const found = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(path.join(ROOT, candidate)));
    return found ? [found] : [];
  });
}

const GRAPH = new Map(FOLDERS.flatMap(sources).map((file) => [file, imports(file)] as const));

function topFolder(file: string): string {
  return file.split(path.sep)[0];
}

/** Import edges from one folder into others, as `from -> to`. */
function edges(from: string, into: readonly string[]): string[] {
  return [...GRAPH].flatMap(([file, targets]) => (topFolder(file) === from ? targets.filter((target) => into.includes(topFolder(target))).map((target) => `${file} -> ${target}`) : []));
}

/** The import cycles among the sources of some folders, each as the files around it starting from its smallest. */
function cycles(folders: readonly string[]): string[][] {
  const inScope = (file: string) => folders.includes(topFolder(file));
  const found = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const target of GRAPH.get(file) ?? []) {
      if (state.get(target) === "open") {
        const cycle = stack.slice(stack.indexOf(target));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join(" -> "), rotated);
      } else if (!state.has(target) && GRAPH.has(target) && inScope(target)) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of GRAPH.keys()) if (!state.has(file) && inScope(file)) visit(file);
  return [...found.values()];
}

describe("layout", () => {
  it("finds the sources it checks (the test can see an import)", () => {
    expect(GRAPH.get(path.join("policies", "engine.ts"))).toContain(path.join("policies", "rules", "index.ts"));
    expect(sources("review").length).toBeGreaterThan(5);
  });

  it("has no import cycle among the policies, the review tools and the baselines (the engine imports every rule, so no rule helper may import the engine)", () => {
    expect(cycles(["policies", "review", "baselines", "shared"])).toEqual([]);
  });

  it("keeps the rules' expectations out of the code they judge: policies/ never imports constructs/, stacks/ or review/", () => {
    expect(edges("policies", ["constructs", "stacks", "review", "bin"])).toEqual([]);
  });

  it("keeps baselines and shared helpers free of both sides", () => {
    expect(edges("baselines", ["constructs", "stacks", "policies", "review", "bin", "environments"])).toEqual([]);
    expect(edges("shared", ["constructs", "stacks", "policies", "review", "bin", "environments", "baselines"])).toEqual([]);
  });

  it("keeps the constructs and the rules apart from the review tools", () => {
    expect(edges("constructs", ["policies", "review", "stacks", "bin"])).toEqual([]);
    expect(edges("stacks", ["review"])).toEqual([]);
  });
});
