/**
 * The onboarding record of an MCP server (TOOL-02, TOOL-03, TOOL-04, TS-03) as the server's Namespace carries it: who
 * owns and approved the server, why it needs its permissions, and when it must be reviewed again.
 */

/** The annotation of an MCP server's Namespace holding its onboarding record as JSON ({@link onboardingRecordAnnotation}). */
export const ONBOARDING_RECORD_ANNOTATION = "mcp.security/onboarding-record";

/** The data classes a server may handle, from least to most sensitive. */
export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;

/** One of {@link DATA_CLASSIFICATIONS}. */
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/** The longest time between two reviews of a server, in days (TOOL-04). */
export const MAX_REVIEW_INTERVAL_DAYS = 365;

/** The shortest permissions rationale, in characters, that says anything. */
export const MIN_PERMISSIONS_RATIONALE_LENGTH = 20;

/** A calendar day, `YYYY-MM-DD`. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/** The UTC midnight of a `YYYY-MM-DD` day, or undefined when it is not a real calendar day. */
export function parseDay(day: string): number | undefined {
  const match = DAY.exec(day);
  if (match === null) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === day ? time : undefined;
}

/** The day `days` after a `YYYY-MM-DD` day. Throws on a day that is not a real calendar day. */
export function addDays(day: string, days: number): string {
  const time = parseDay(day);
  if (time === undefined) throw new Error(`"${day}" is not a YYYY-MM-DD calendar day`);
  return new Date(time + days * DAY_MS).toISOString().slice(0, 10);
}

/** An MCP server's onboarding record. */
export interface OnboardingRecord {
  /** The team or person accountable for the server. */
  readonly owner: string;
  /** What the server is for. */
  readonly purpose: string;
  /** The most sensitive data class the server handles. */
  readonly dataClassification: DataClassification;
  /** Why the server needs its permissions. */
  readonly permissionsRationale: string;
  /** Who approved the server: not its owner. */
  readonly approver: string;
  /** The day of the last approval or re-certification, `YYYY-MM-DD`. */
  readonly approvedOn: string;
  /** Days from `approvedOn` until the next review. */
  readonly reviewIntervalDays: number;
}

/** The day an onboarding record must be reviewed again: `approvedOn` + `reviewIntervalDays`. */
export function nextReviewDate(record: Pick<OnboardingRecord, "approvedOn" | "reviewIntervalDays">): string {
  return addDays(record.approvedOn, record.reviewIntervalDays);
}

/**
 * The value of {@link ONBOARDING_RECORD_ANNOTATION}: the record's fields in a fixed order, then `nextReview`. Only
 * dates the record states: synthesis never writes today's date, so the same record gives the same bytes.
 */
export function onboardingRecordAnnotation(record: OnboardingRecord): string {
  const { owner, purpose, dataClassification, permissionsRationale, approver, approvedOn, reviewIntervalDays } = record;
  if (parseDay(approvedOn) === undefined) throw new Error(`onboarding record of ${owner}: approvedOn "${approvedOn}" is not a YYYY-MM-DD calendar day`);
  if (!Number.isInteger(reviewIntervalDays) || reviewIntervalDays < 1) throw new Error(`onboarding record of ${owner}: reviewIntervalDays ${reviewIntervalDays} is not a whole number of days from 1`);
  return JSON.stringify({ owner, purpose, dataClassification, permissionsRationale, approver, approvedOn, reviewIntervalDays, nextReview: nextReviewDate(record) });
}
