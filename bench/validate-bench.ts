/**
 * `npm run bench:validate [-- --runs 5]`: the CPU time of `mcp-harden validate` on the largest inputs it accepts to
 * read (issue 18: any file under the size limit is validated in at most 2 s on one core): a maximal valid
 * environment, and hostile files just under the limits. Prints a Markdown table; exits 1 when a row misses the target.
 * CPU time (user + system of this process), not wall time, so other work on the machine does not count; medians.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseFlags } from "../bin/command";
import validate from "../bin/commands/validate";
import { dev } from "../environments/dev";
import { MAX_FILE_BYTES, MAX_STRING_LENGTH, MAX_VALUES } from "../environments/input-limits";
import { toolPin } from "../guard/src/pin";
import { ApprovedToolsLock } from "../guard/src/config/types";
import { median } from "./stats";

/** The target: any file under the size limit validated within this much CPU time. */
const TARGET_CPU_MS = 2000;

/**
 * A valid environment as large as the limits allow: dev's servers, each purpose and description as long as a string
 * may be, and as many tags as AWS allows.
 */
/** The 500 extra tools the maximal environment gives each server. */
const EXTRA_TOOLS = Array.from({ length: 500 }, (_, index) => `tool_${index}`);

/** The lock file of a server of the maximal environment, relative to its folder: dev's, plus the extra tools approved. */
function maximalLock(server: string): string {
  return `approved-tools/maximal/${server}.json`;
}

/** Writes the maximal environment's lock files into `dir` from dev's (already copied there): each extra tool pinned. */
function writeMaximalLocks(dir: string): void {
  for (const server of dev.mcpServers) {
    const lock = JSON.parse(fs.readFileSync(path.join(dir, server.approvedTools), "utf8")) as ApprovedToolsLock;
    const extra = EXTRA_TOOLS.map((name) => {
      const definition = { name, description: `Reads page ${name} of the team's wiki.`, inputSchema: { type: "object", properties: { page: { type: "string", maxLength: 200 } }, required: ["page"], additionalProperties: false } };
      return { definition, pin: toolPin(definition) };
    });
    const file = path.join(dir, maximalLock(server.name));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tools = [...lock.tools, ...extra].sort((a, b) => (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0));
    fs.writeFileSync(file, JSON.stringify({ ...lock, tools }));
  }
}

function maximalValid(): string {
  const long = (text: string) => text.padEnd(MAX_STRING_LENGTH, " and more words about it");
  const mcpServers = dev.mcpServers.map((server) => ({
    ...server,
    approvedTools: maximalLock(server.name),
    onboarding: { ...server.onboarding, purpose: long(server.onboarding.purpose) },
    secrets: server.secrets.map((secret) => ({ ...secret, description: long(secret.description) })),
    tools: [...server.tools, ...EXTRA_TOOLS.map((name) => ({ name, scopes: server.tools[0].scopes }))],
  }));
  const tags = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`tag${index}`, "v".repeat(256)]));
  return JSON.stringify({ ...dev, tags, mcpServers });
}

/** Fills a file up to the size limit with `count` copies of `value` as tag values (scanned like any value). */
function tagsOf(value: (index: number) => string): string {
  const tags: Record<string, string> = {};
  for (let index = 0; Buffer.byteLength(JSON.stringify({ ...dev, tags })) + MAX_STRING_LENGTH + 32 < MAX_FILE_BYTES; index++) tags[`t${index}`] = value(index);
  return JSON.stringify({ ...dev, tags });
}

/** dev with one accepted exception: checking it builds the environment's Terraform stack (validate ≡ synth). */
function withException(): string {
  const exception = {
    rule: "net-01-egress-domain-allowlist",
    resource: "aws_networkfirewall_rule_group.egress-firewall_allowlist_60387D63",
    justification: "Wildcard for Atlassian Cloud tenants, approved by security review SR-1234 until 2026-12-31.",
  };
  return JSON.stringify({ ...dev, exceptions: [exception] });
}

const FILES: readonly { readonly label: string; readonly extension: string; readonly content: () => string }[] = [
  { label: "maximal valid environment (JSON)", extension: ".json", content: maximalValid },
  { label: "dev with one exception (builds the Terraform stack)", extension: ".json", content: withException },
  { label: "tag values of 8 KiB `a_a_…` (secret assignment scan)", extension: ".json", content: () => tagsOf(() => "a_".repeat(MAX_STRING_LENGTH / 2)) },
  { label: "tag values of 8 KiB `A+A+…` (URL-with-password scan)", extension: ".json", content: () => tagsOf(() => "A+".repeat(MAX_STRING_LENGTH / 2)) },
  { label: "tag values of 8 KiB random-looking text under secret names", extension: ".json", content: () => tagsOf((index) => `${index}`.padEnd(MAX_STRING_LENGTH, "Zq8xN3vR7pL2mK9w")) },
  { label: "one flat list of numbers filling 1 MiB", extension: ".json", content: () => `{"tags": [${Array.from({ length: MAX_FILE_BYTES / 2 - 8 }, () => "0").join(",")}]}` },
  { label: "one flat list of numbers just under the limit of values", extension: ".json", content: () => `{"tags": [${Array.from({ length: MAX_VALUES - 8 }, () => "0").join(",")}]}` },
  { label: "YAML aliases expanding to 200,000 values", extension: ".yaml", content: () => `a: &a [${Array.from({ length: 1000 }, () => "0").join(", ")}]\ntags: [${Array.from({ length: 99 }, () => "*a").join(", ")}]\n` },
];

function main(): number {
  const { flags } = parseFlags(process.argv.slice(2), { runs: { type: "string", default: "5" } });
  const runs = Number(flags.runs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-hardening-bench-validate-"));
  // dev's servers name their approved-tools lock files relative to the environment file: beside each input.
  fs.cpSync(path.join(__dirname, "..", "..", "environments", "approved-tools"), path.join(dir, "approved-tools"), { recursive: true });
  writeMaximalLocks(dir);
  const write = process.stdout.write;
  const writeError = process.stderr.write;
  const lines = ["| input | bytes | CPU ms (median of " + runs + ") | exit | within 2 s |", "| --- | ---: | ---: | ---: | --- |"];
  let missed = false;
  try {
    for (const { label, extension, content } of FILES) {
      const file = path.join(dir, `input${extension}`);
      fs.writeFileSync(file, content());
      const times: number[] = [];
      let code = 0;
      for (let run = 0; run < runs; run++) {
        const silent = () => true;
        process.stdout.write = silent;
        process.stderr.write = silent;
        const start = process.cpuUsage();
        try {
          code = validate.run([file]);
        } finally {
          process.stdout.write = write;
          process.stderr.write = writeError;
        }
        const used = process.cpuUsage(start);
        times.push((used.user + used.system) / 1000);
      }
      const cpu = median(times);
      missed ||= cpu > TARGET_CPU_MS;
      lines.push(`| ${label} | ${fs.statSync(file).size} | ${cpu.toFixed(0)} | ${code} | ${cpu <= TARGET_CPU_MS ? "yes" : "**no**"} |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return missed ? 1 : 0;
}

process.exitCode = main();
