/**
 * The reader of a server's onboarding record (TOOL-02, TOOL-03, TOOL-04, TS-03): every field present and meaningful,
 * an approver other than the owner, a real approval day, and a review interval production keeps short.
 */
import { DATA_CLASSIFICATIONS, MAX_REVIEW_INTERVAL_DAYS, MIN_PERMISSIONS_RATIONALE_LENGTH, parseDay } from "../baselines/onboarding";
import { Check, integer, issue, minLength, nonBlank, oneOf, Reader, shape, text } from "./readers";
import { McpServerOnboarding } from "./schema";
import { quote } from "./quote";

/** The longest review interval in production, in days (anywhere: {@link MAX_REVIEW_INTERVAL_DAYS}). */
export const MAX_PRODUCTION_REVIEW_INTERVAL_DAYS = 180;

/** A real calendar day written `YYYY-MM-DD`. */
export const checkDay: Check<string> = (day) =>
  parseDay(day) === undefined ? issue(`${quote(day)} is not a calendar day written YYYY-MM-DD`, "write the day of the approval as YYYY-MM-DD, e.g. 2026-11-30 (quote it in YAML)") : undefined;

/** Passes unless this is production and the interval is longer than production allows. */
function productionInterval(production: boolean): Check<number> {
  const most = MAX_PRODUCTION_REVIEW_INTERVAL_DAYS;
  return (days) =>
    production && days > most ? issue(`${days} days between reviews is longer than production allows (${most})`, `set reviewIntervalDays to ${most} or fewer in a production environment`) : undefined;
}

/** The reader of `mcpServers[].onboarding`; production allows review intervals up to {@link MAX_PRODUCTION_REVIEW_INTERVAL_DAYS}. */
export function onboardingReader(production: boolean): Reader<McpServerOnboarding> {
  const fields = shape<McpServerOnboarding>({
    owner: text(nonBlank("name the accountable team or person, e.g. devtools@example.com")),
    purpose: text(nonBlank("say in one sentence what the server is for")),
    dataClassification: oneOf(DATA_CLASSIFICATIONS),
    permissionsRationale: text(minLength(MIN_PERMISSIONS_RATIONALE_LENGTH, "say why the server needs its tools, scopes, egress domains and secrets, and what it must never do")),
    approver: text(nonBlank("name who approved the server, e.g. security-review@example.com: someone other than the owner")),
    approvedOn: text(checkDay),
    reviewIntervalDays: integer(1, MAX_REVIEW_INTERVAL_DAYS, productionInterval(production)),
  });
  return (value, at) => {
    const record = fields(value, at);
    if (record === undefined) return undefined;
    if (record.approver.trim().toLowerCase() === record.owner.trim().toLowerCase()) {
      return at.key("approver").report(issue(`the approver ${quote(record.approver)} is the owner`, "have someone other than the owner approve the server (TOOL-03: no one approves their own server), and name them here"));
    }
    return record;
  };
}
