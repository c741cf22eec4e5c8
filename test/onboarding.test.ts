/**
 * Onboarding records and re-certification (TOOL-02, TOOL-03, TOOL-04, TS-03): the config requires a complete record
 * per MCP server, `validate` and synth refuse a production server past its review date (and warn elsewhere), on a
 * clock tests set (MCP_HARDEN_TODAY), and the control report lists every record with its next review date.
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { dev } from "../environments/dev";
import { prod } from "../environments/prod";
import { ConfigError, ConfigProblem } from "../environments/config-error";
import { parseEnvironment } from "../environments/parse";
import { REVIEW_DATE_VARIABLE, reviewDay } from "../environments/recertification";
import { EnvironmentConfig } from "../environments/schema";
import { controlReports } from "../review/control-report";
import { formatControlReport } from "../review/control-report-format";
import { synthesize } from "../stacks/synthesize";
import { withLockFilesOf } from "./support/approved-definitions";
import { runCli as cli } from "./support/cli";
import { yamlObject } from "./support/kubernetes";
import { synthesizedPlans, tempDir } from "./support/plans";
import { TEST_REVIEW_DAY } from "./support/review-day";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const copy = (environment: EnvironmentConfig): Mutable<EnvironmentConfig> => structuredClone(environment) as Mutable<EnvironmentConfig>;

/** The problems parseEnvironment reports for an environment, or [] when it is valid. */
function problemsOf(environment: unknown): readonly ConfigProblem[] {
  try {
    parseEnvironment(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** Runs `fn` with MCP_HARDEN_TODAY set to `day`, then restores the suite's day. */
async function on<T>(day: string, fn: () => T | Promise<T>): Promise<T> {
  process.env[REVIEW_DATE_VARIABLE] = day;
  try {
    return await fn();
  } finally {
    process.env[REVIEW_DATE_VARIABLE] = TEST_REVIEW_DAY;
  }
}

const dir = tempDir("onboarding");
const write = (name: string, environment: EnvironmentConfig): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, YAML.stringify(withLockFilesOf(environment)));
  return file;
};

describe("TOOL-02 TOOL-03 TOOL-04 the onboarding record is required and checked", () => {
  test("the built-in environments carry complete records", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) for (const server of environment.mcpServers) expect(Object.keys(server.onboarding).sort()).toEqual(["approvedOn", "approver", "dataClassification", "owner", "permissionsRationale", "purpose", "reviewIntervalDays"]);
  });

  test.each([
    ["permissionsRationale", (o: Record<string, unknown>) => delete o.permissionsRationale, "is required", /./],
    ["permissionsRationale", (o: Record<string, unknown>) => (o.permissionsRationale = "needs it"), "has 8 characters, fewer than 20", /why the server needs its tools/],
    ["approver", (o: Record<string, unknown>) => (o.approver = " "), "is empty", /someone other than the owner/],
    ["approver", (o: Record<string, unknown>) => (o.approver = "DevTools@example.com"), 'the approver "DevTools@example.com" is the owner', /someone other than the owner/],
    ["approvedOn", (o: Record<string, unknown>) => (o.approvedOn = "2026-02-30"), '"2026-02-30" is not a calendar day written YYYY-MM-DD', /YYYY-MM-DD, e\.g\. 2026-11-30/],
    ["approvedOn", (o: Record<string, unknown>) => (o.approvedOn = "19.10.2026"), '"19.10.2026" is not a calendar day written YYYY-MM-DD', /YYYY-MM-DD/],
    ["reviewIntervalDays", (o: Record<string, unknown>) => (o.reviewIntervalDays = 0), "0 is outside 1 to 365", /whole number from 1 to 365/],
    ["reviewIntervalDays", (o: Record<string, unknown>) => (o.reviewIntervalDays = 181), "181 days between reviews is longer than production allows (180)", /180 or fewer/],
  ])("prod %s: %s", (field, edit, message, hint) => {
    const environment = copy(prod);
    edit(environment.mcpServers[0].onboarding as unknown as Record<string, unknown>);
    const problems = problemsOf(environment);
    const own = problems.filter((problem) => problem.path.startsWith("mcpServers[0].onboarding"));
    expect(own).toHaveLength(1);
    expect(own[0].path).toBe(`mcpServers[0].onboarding.${field}`);
    expect(own[0].message).toContain(message);
    expect(own[0].hint).toMatch(hint);
  });

  test("a review interval of a year is accepted outside production", () => {
    const environment = copy(dev);
    environment.mcpServers[0].onboarding.reviewIntervalDays = 365;
    expect(problemsOf(environment)).toEqual([]);
  });
});

describe("TOOL-04 re-certification: production refuses an overdue server, other environments warn", () => {
  const due = "2027-01-17"; // prod github-tools: approved 2026-10-19, every 90 days

  test("the clock is MCP_HARDEN_TODAY, and a malformed value is refused naming the variable", () => {
    expect(reviewDay({ [REVIEW_DATE_VARIABLE]: "2027-03-01" })).toBe("2027-03-01");
    expect(reviewDay({}, new Date("2026-12-24T23:59:59Z"))).toBe("2026-12-24");
    expect(() => reviewDay({ [REVIEW_DATE_VARIABLE]: "tomorrow" })).toThrow(`${REVIEW_DATE_VARIABLE}: "tomorrow" is not a calendar day written YYYY-MM-DD`);
  });

  test("synthesis refuses an overdue production server, naming the server, the due date and the fix, and writes nothing", () => {
    const out = path.join(dir, "refused", "cdktf.out");
    const refused = () => synthesize([prod], { outdir: out, reviewDay: "2027-01-18" });
    expect(refused).toThrow(ConfigError);
    try {
      refused();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        {
          path: "prod: mcpServers[0].onboarding.approvedOn",
          message: `MCP server "github-tools" was due for re-certification on ${due} (approved 2026-10-19, every 90 days), and it is 2027-01-18: production refuses it`,
          hint: "review the server (owner, purpose, data classification, permissions rationale, approved tools), then set approvedOn to the day of that review and approver to who approved it",
        },
      ]);
    }
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });

  test("validate: on the due day a production server passes; the day after it is refused (exit 2)", async () => {
    const file = write("prod.yaml", prod);
    expect(await on(due, () => cli("validate", file))).toEqual({ status: 0, stdout: `${file}: valid (prod, 2 MCP servers)\n`, stderr: "" });
    const late = await on("2027-01-18", () => cli("validate", file));
    expect(late.status).toBe(2);
    expect(late.stdout).toBe("");
    expect(late.stderr).toContain(`${file}: mcpServers[0].onboarding.approvedOn: MCP server "github-tools" was due for re-certification on ${due}`);
    expect(late.stderr).toContain("then set approvedOn to the day of that review");
    expect(late.stderr).toMatch(/\n\n1 problem found\.\n$/);
  });

  test("validate: re-certifying (a new approvedOn) lets the production server through again", async () => {
    const renewed = copy(prod);
    renewed.mcpServers[0].onboarding.approvedOn = "2027-01-18";
    const file = write("prod-renewed.yaml", renewed as EnvironmentConfig);
    expect((await on("2027-01-18", () => cli("validate", file))).status).toBe(0);
  });

  test("validate and synth only warn about an overdue non-production server, and synth still refuses the production one beside it", async () => {
    const file = write("dev.yaml", dev);
    const result = await on("2027-09-02", () => cli("validate", file));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file}: valid (dev, 1 MCP server)\n`);
    expect(result.stderr).toBe(
      `warning: ${file}: mcpServers[0].onboarding.approvedOn: MCP server "github-tools" was due for re-certification on 2027-09-01 (approved 2026-09-01, every 365 days), and it is 2027-09-02 (review the server (owner, purpose, data classification, permissions rationale, approved tools), then set approvedOn to the day of that review and approver to who approved it; production refuses an overdue server)\n`
    );
    const warnings: ConfigProblem[] = [];
    let refusal: unknown;
    try {
      synthesize([dev, prod], { outdir: path.join(dir, "late", "cdktf.out"), reviewDay: "2027-09-02", onWarning: (warning) => warnings.push(warning) });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).problems.map((problem) => problem.message.slice(0, 68))).toEqual([
      'MCP server "github-tools" was due for re-certification on 2027-01-17',
      'MCP server "docs-search" was due for re-certification on 2027-05-15 ',
    ]);
    expect(warnings.map((warning) => [warning.path, warning.message.slice(0, 68)])).toEqual([["dev: mcpServers[0].onboarding.approvedOn", 'MCP server "github-tools" was due for re-certification on 2027-09-01']]);
    expect(fs.existsSync(path.join(dir, "late"))).toBe(false);
  });

  test("a malformed MCP_HARDEN_TODAY stops validate with exit 2, naming the variable", async () => {
    const file = write("prod-clock.yaml", prod);
    const result = await on("07/12/2026", () => cli("validate", file));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${REVIEW_DATE_VARIABLE}: "07/12/2026" is not a calendar day written YYYY-MM-DD`);
  });
});

describe("TOOL-02 TOOL-04 the control report lists every record and its next review date", () => {
  const plans = synthesizedPlans();
  const [report] = controlReports(plans, ["prod"], []);

  test("one entry per server, with the record and the next review date it gives", () => {
    expect(report.onboarding.map((entry) => [entry.server, entry.problems, entry.record?.approver, entry.record?.approvedOn, entry.record?.nextReview])).toEqual([
      ["github-tools", [], "security-review@example.com", "2026-10-19", "2027-01-17"],
      ["docs-search", [], "security-review@example.com", "2026-11-16", "2027-05-15"],
    ]);
  });

  test("Markdown and HTML show every field, and the output has no date the records do not state", () => {
    const markdown = formatControlReport(report, "md");
    expect(markdown).toContain("## MCP server onboarding records");
    expect(markdown).toContain(
      "| `github-tools` | devtools@example.com | Lets agents read repositories and file issues. | internal | Reads public and internal repositories (mcp:github:read) and files issues only in the acme organizations (mcp:github:write, constrained per call); reaches api.github.com only; the GitHub App key never leaves the pod; never pushes code or changes settings. | security-review@example.com | 2026-10-19 | 90 days | 2027-01-17 |"
    );
    const html = formatControlReport(report, "html");
    expect(html).toContain("<td><code>docs-search</code></td><td>knowledge@example.com</td>");
    expect(html).toContain("<td>180 days</td><td>2027-05-15</td>");
    for (const text of [markdown, html]) expect(text).not.toContain(TEST_REVIEW_DAY);
  });

  test("an incomplete record shows what is missing instead of a date", () => {
    const weakened = synthesizedPlans();
    delete yamlObject(weakened, "prod", "Namespace/docs-search").metadata.annotations!["mcp.security/onboarding-record"];
    const [incomplete] = controlReports(weakened, ["prod"], []);
    expect(formatControlReport(incomplete, "md")).toContain("| `docs-search` | record incomplete: records no onboarding record (annotation mcp.security/onboarding-record) |");
  });
});
