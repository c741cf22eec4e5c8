/**
 * `npm run bench:profile [-- --servers <n>]`: where the CPU time of one synthesis goes. Runs `node dist/bin/cli.js
 * synth` (the built-in environments), or with `--servers` the bench's synthesis at that size, in a fresh process under
 * V8's sampling profiler (`--cpu-prof`), attributes every sample to a phase of the pipeline and to the code that ran
 * (the framework, our code, a library), and prints the phases in CPU ms: each phase's share of the samples times the
 * process's measured CPU time. Prints a Markdown report and writes it to `.bench/profile-<size>.md`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { UsageError } from "../bin/command";
import { countResources } from "./count-resources";
import { measureOnce } from "./measure";

const ROOT = path.resolve(__dirname, "..", "..");

/** One node of a `.cpuprofile` (the V8 inspector's `Profiler.Profile`). */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * The pipeline's phases, each named by the functions that run it (`name@` and the end of its file's URL). A sample
 * belongs to the outermost of these on its stack; module loading and garbage collection take precedence (see `phaseOf`).
 */
const PHASES: readonly { readonly phase: string; readonly frames: readonly string[] }[] = [
  { phase: "validation of the environments", frames: ["validateEnvironmentSet@/environments/parse.js", "overdueReviews@/environments/recertification.js", "exceptionRuleProblems@/stacks/exception-targets.js"] },
  { phase: "AWS stacks: construct tree", frames: ["McpEnvironmentStack@/stacks/environment-stack.js"] },
  { phase: "Kubernetes objects (cdk8s) and guard configs", frames: ["buildWorkloads@/stacks/workloads.js", "manifestFiles@/stacks/workloads.js", "guardConfigFile@/stacks/workloads.js", "McpWorkloadsStack@/stacks/workloads-stack.js"] },
  { phase: "cdktf synth: resolve tokens, write Terraform JSON", frames: ["synth@/cdktf/lib/app.js"] },
  { phase: "writing Kubernetes YAML and guard configs", frames: ["writeManifests@/stacks/workloads.js", "writeGuardConfigs@/stacks/workloads.js"] },
  { phase: "policy run (154 rules), reading the plans back", frames: ["loadStacks@/policies/engine.js", "runPolicies@/policies/engine.js"] },
  { phase: "publishing the staged output", frames: ["publishCdktfOutput@/stacks/publish.js", "publishUnits@/stacks/publish.js"] },
];

const MODULE_LOADING = "module loading (resolve, read, compile, run top-level code)";
const GC = "garbage collection";
const OTHER = "start-up, staging directories, the rest";

function matches(node: ProfileNode, frame: string): boolean {
  const [name, file] = frame.split("@");
  return node.callFrame.functionName === name && node.callFrame.url.endsWith(file);
}

/** The index of the last frame that passes `test`, or -1. */
function lastIndex(stack: readonly ProfileNode[], test: (node: ProfileNode) => boolean): number {
  for (let index = stack.length - 1; index >= 0; index--) if (test(stack[index])) return index;
  return -1;
}

const isRequire = (node: ProfileNode): boolean => node.callFrame.functionName === "require" && node.callFrame.url === "node:internal/modules/helpers";

/**
 * The phase of one sample, from its stack (outermost frame first): the outermost phase frame on it, unless a module is
 * being loaded below that frame (a `require` nearer the leaf), which is module loading, like a `require` outside any phase.
 */
function phaseOf(stack: readonly ProfileNode[]): string | undefined {
  const leaf = stack[stack.length - 1].callFrame.functionName;
  if (leaf === "(idle)") return undefined;
  if (leaf === "(garbage collector)") return GC;
  const phaseFrame = (node: ProfileNode) => PHASES.find((candidate) => candidate.frames.some((frame) => matches(node, frame)));
  const outermost = stack.findIndex((node) => phaseFrame(node) !== undefined);
  const innermostPhase = lastIndex(stack, (node) => phaseFrame(node) !== undefined);
  if (lastIndex(stack, isRequire) > innermostPhase) return MODULE_LOADING;
  return outermost < 0 ? OTHER : phaseFrame(stack[outermost])!.phase;
}

/** Whose code a frame is: a package under node_modules, ours (`dist/<folder>`), or undefined for Node.js and V8. */
function ownerOfFrame(node: ProfileNode): string | undefined {
  const { url } = node.callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-helm", "@cdktf/provider-kubernetes"].includes(pkg[1]) ? `cdktf framework (${pkg[1]})` : pkg[1];
  const ours = /\/dist\/([^/]+)\//.exec(url);
  return ours ? `ours (${ours[1]}/)` : undefined;
}

/**
 * Whose code a sample spent its time for: the owner of the innermost frame that is neither Node.js nor V8 (so the
 * stack traces cdktf captures count as cdktf, a file read as its reader's), or Node.js / V8 when there is none.
 */
function ownerOf(stack: readonly ProfileNode[]): string {
  for (let index = stack.length - 1; index >= 0; index--) {
    const owner = ownerOfFrame(stack[index]);
    if (owner !== undefined) return owner;
  }
  return stack[stack.length - 1].callFrame.url === "" ? "V8" : "Node.js";
}

/** Sampled time (µs) per phase and per phase × owner of the leaf frame. */
function attribute(profile: CpuProfile): { total: number; phases: Map<string, number>; owners: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const phases = new Map<string, number>();
  const owners = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, value: number): void => void map.set(key, (map.get(key) ?? 0) + value);
  let total = 0;
  for (const [id, time] of self) {
    const stack: ProfileNode[] = [];
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) stack.unshift(byId.get(current)!);
    const phase = phaseOf(stack);
    if (phase === undefined) continue;
    total += time;
    add(phases, phase, time);
    add(owners, `${phase} | ${phase === MODULE_LOADING ? "every module the run loads" : ownerOf(stack)}`, time);
  }
  return { total, phases, owners };
}

/** `--servers` (the bench's size), or undefined for the built-in environments. */
function parseOptions(argv: readonly string[]): { servers?: number } {
  let flags;
  try {
    flags = parseArgs({ args: [...argv], options: { servers: { type: "string" } }, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (flags.servers === undefined) return {};
  const servers = Number(flags.servers);
  if (!Number.isInteger(servers) || servers < 1) throw new UsageError(`--servers: "${flags.servers}" is not a positive integer.`);
  return { servers };
}

function report(label: string, cpuMs: number, resources: number, attributed: ReturnType<typeof attribute>): string {
  const ms = (time: number): number => (time / attributed.total) * cpuMs;
  const row = ([key, time]: [string, number]): string => `| ${key.split(" | ").join(" | ")} | ${ms(time).toFixed(0)} | ${((100 * time) / attributed.total).toFixed(1)} % | ${(ms(time) / resources).toFixed(3)} |`;
  const sorted = (map: Map<string, number>): [string, number][] => [...map].sort((a, b) => b[1] - a[1]);
  return [
    `# Synthesis profile: ${label}`,
    "",
    `${resources} resources, ${(cpuMs / 1000).toFixed(3)} s CPU (user + system) in one run under \`--cpu-prof\` (the profiler adds a few per cent). CPU ms = the phase's share of the samples × the run's CPU time.`,
    "",
    "| phase | CPU ms | share | ms/resource |",
    "|---|---:|---:|---:|",
    ...sorted(attributed.phases).map(row),
    "",
    "| phase | code that ran | CPU ms | share | ms/resource |",
    "|---|---|---:|---:|---:|",
    ...sorted(attributed.owners)
      .filter(([, time]) => time / attributed.total >= 0.005)
      .map(row),
    "",
  ].join("\n");
}

function main(argv: readonly string[]): number {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench:profile: ${error.message}\n`);
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-profile-"));
  try {
    const profiles = path.join(scratch, "profiles");
    const outdir = path.join(scratch, "out", "cdktf.out");
    const target =
      options.servers === undefined
        ? [path.join("dist", "bin", "cli.js"), "synth", "--out", outdir]
        : [path.join("dist", "bench", "synth-child.js"), "--servers", String(options.servers), "--out", outdir, "--k8s", path.join(scratch, "out", "k8s")];
    const label = options.servers === undefined ? "built-in environments" : `N=${options.servers} servers per environment`;
    const measured = measureOnce({ label, file: process.execPath, args: ["--cpu-prof", "--cpu-prof-dir", profiles, ...target], cwd: ROOT, outdir }, scratch);
    const [file] = fs.readdirSync(profiles);
    const profile = JSON.parse(fs.readFileSync(path.join(profiles, file), "utf8")) as CpuProfile;
    const text = report(label, measured.cpuMs, countResources(outdir), attribute(profile));
    process.stdout.write(text);
    fs.mkdirSync(path.join(ROOT, ".bench"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, ".bench", `profile-${options.servers === undefined ? "built-in" : `n${options.servers}`}.md`), text);
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
