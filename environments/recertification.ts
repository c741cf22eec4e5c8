/**
 * Periodic re-certification of MCP servers (TOOL-04): a server whose onboarding record is past its review date
 * (`approvedOn` + `reviewIntervalDays`) is refused in production and warned about elsewhere. "Today" comes from a
 * clock tests and audits can set ({@link REVIEW_DATE_VARIABLE}); it is only compared against, never written out.
 */
import { nextReviewDate, parseDay } from "../baselines/onboarding";
import { ConfigError, ConfigProblem } from "./config-error";
import { EnvironmentConfig } from "./schema";
import { quote } from "./quote";

/** The environment variable that sets the day re-certification is judged on (`YYYY-MM-DD`, UTC); unset, today. */
export const REVIEW_DATE_VARIABLE = "MCP_HARDEN_TODAY";

/**
 * The day re-certification is judged on, `YYYY-MM-DD`: {@link REVIEW_DATE_VARIABLE} when set, else today (UTC).
 * Throws a `ConfigError` naming the variable when it is set but not a calendar day.
 */
export function reviewDay(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const set = env[REVIEW_DATE_VARIABLE];
  if (set === undefined || set === "") return now.toISOString().slice(0, 10);
  if (parseDay(set) !== undefined) return set;
  throw new ConfigError([
    { path: REVIEW_DATE_VARIABLE, message: `${JSON.stringify(set.slice(0, 40))} is not a calendar day written YYYY-MM-DD`, hint: `set it to the day to judge reviews on, e.g. 2026-12-07, or unset it for today` },
  ]);
}

/** Servers past their review date: refused (production) and warned about (every other environment). */
export interface OverdueReviews {
  /** Problems of production servers: synthesis and `validate` refuse them. */
  readonly refused: readonly ConfigProblem[];
  /** Problems of non-production servers: reported, not refused. */
  readonly warnings: readonly ConfigProblem[];
}

/**
 * Every server of `environments` whose review date is before `today` (`YYYY-MM-DD`), each problem naming the server,
 * its due date and the fix. `sources[i]` labels `environments[i]` in paths (default: the environment's name).
 */
export function overdueReviews(environments: readonly EnvironmentConfig[], today: string, sources?: readonly string[]): OverdueReviews {
  const refused: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  environments.forEach((environment, index) => {
    const label = sources?.[index] ?? environment.name;
    environment.mcpServers.forEach((server, serverIndex) => {
      const due = nextReviewDate(server.onboarding);
      if (due >= today) return;
      const problem: ConfigProblem = {
        path: `${label}: mcpServers[${serverIndex}].onboarding.approvedOn`,
        message: `MCP server ${quote(server.name)} was due for re-certification on ${due} (approved ${server.onboarding.approvedOn}, every ${server.onboarding.reviewIntervalDays} days), and it is ${today}${environment.production ? ": production refuses it" : ""}`,
        hint: `review the server (owner, purpose, data classification, permissions rationale, approved tools), then set approvedOn to the day of that review and approver to who approved it${environment.production ? "" : "; production refuses an overdue server"}`,
      };
      (environment.production ? refused : warnings).push(problem);
    });
  });
  return { refused, warnings };
}
