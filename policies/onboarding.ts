/**
 * MCP servers' onboarding records (TOOL-02, TOOL-03, TOOL-04, TS-03) as the synthesized output carries them: the
 * JSON annotation `mcp.security/onboarding-record` of each server's Namespace. Read by the onboarding rule and listed
 * by the control report.
 */
import { DATA_CLASSIFICATIONS, MAX_REVIEW_INTERVAL_DAYS, MIN_PERMISSIONS_RATIONALE_LENGTH, nextReviewDate, ONBOARDING_RECORD_ANNOTATION, OnboardingRecord, parseDay } from "../baselines/onboarding";
import { annotations, isServerNamespace, LocatedObject, objects, record } from "./kubernetes";
import { Artifacts } from "./types";

/** A server's recorded onboarding, as the synthesized output holds it. */
export interface RecordedOnboarding extends OnboardingRecord {
  /** The day the record states the next review is due, `YYYY-MM-DD`. */
  readonly nextReview: string;
}

/** One MCP server namespace and what its onboarding record annotation holds. */
export interface ServerOnboarding {
  /** The server's Namespace. */
  readonly namespace: LocatedObject;
  /** The server's name (its namespace's). */
  readonly server: string;
  /** The record, when the annotation is present and complete. */
  readonly record?: RecordedOnboarding;
  /** What is wrong with the record: empty when `record` is set. */
  readonly problems: readonly string[];
}

const TEXT_FIELDS = ["owner", "purpose", "permissionsRationale", "approver"] as const;

/** What is wrong with a parsed record annotation. */
function recordProblems(value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const text = (field: (typeof TEXT_FIELDS)[number]): string => (typeof value[field] === "string" ? String(value[field]).trim() : "");
  for (const field of TEXT_FIELDS) if (text(field) === "") problems.push(`has no ${field}`);
  const rationale = text("permissionsRationale");
  if (rationale !== "" && rationale.length < MIN_PERMISSIONS_RATIONALE_LENGTH) problems.push(`has a permissionsRationale shorter than ${MIN_PERMISSIONS_RATIONALE_LENGTH} characters`);
  if (!(DATA_CLASSIFICATIONS as readonly unknown[]).includes(value["dataClassification"])) problems.push(`has dataClassification ${JSON.stringify(value["dataClassification"] ?? "unset")}, not one of ${DATA_CLASSIFICATIONS.join(", ")}`);
  if (text("owner") !== "" && text("owner").toLowerCase() === text("approver").toLowerCase()) problems.push("is approved by its own owner");
  const approvedOn = value["approvedOn"];
  const interval = value["reviewIntervalDays"];
  const dated = typeof approvedOn === "string" && parseDay(approvedOn) !== undefined;
  if (!dated) problems.push(`has approvedOn ${JSON.stringify(approvedOn ?? "unset")}, not a YYYY-MM-DD day`);
  const intervalValid = typeof interval === "number" && Number.isInteger(interval) && interval >= 1 && interval <= MAX_REVIEW_INTERVAL_DAYS;
  if (!intervalValid) problems.push(`has reviewIntervalDays ${JSON.stringify(interval ?? "unset")}, not a whole number of days from 1 to ${MAX_REVIEW_INTERVAL_DAYS}: the server is never re-certified`);
  if (dated && intervalValid) {
    const due = nextReviewDate({ approvedOn, reviewIntervalDays: interval });
    if (value["nextReview"] !== due) problems.push(`states nextReview ${JSON.stringify(value["nextReview"] ?? "unset")}, but approvedOn ${approvedOn} plus ${interval} days is ${due}`);
  }
  return problems;
}

/** The onboarding record of one server namespace. */
function onboardingOf(namespace: LocatedObject): ServerOnboarding {
  const server = namespace.object.metadata.name;
  const text = annotations(namespace.object.metadata)[ONBOARDING_RECORD_ANNOTATION];
  if (text === undefined) return { namespace, server, problems: [`records no onboarding record (annotation ${ONBOARDING_RECORD_ANNOTATION})`] };
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = record(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) return { namespace, server, problems: [`annotation ${ONBOARDING_RECORD_ANNOTATION} is not a JSON object`] };
  const problems = recordProblems(parsed);
  return problems.length > 0 ? { namespace, server, problems } : { namespace, server, record: parsed as unknown as RecordedOnboarding, problems };
}

/** The onboarding record of every MCP server namespace (`mcp.security/zone: mcp`), in output order. */
export function serverOnboardings(artifacts: Artifacts): ServerOnboarding[] {
  return objects(artifacts, "Namespace").filter((item) => isServerNamespace(item.object)).map(onboardingOf);
}
