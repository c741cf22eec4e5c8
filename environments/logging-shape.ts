/** The readers of the `logging` section: the log archive's Object Lock retention and the organization that may reach it. */
import { OBJECT_LOCK_MAX_DAYS } from "../constructs/log-archive-bucket";
import { Check, integer, issue, Reader, shape, text } from "./readers";
import { LoggingConfig } from "./schema";
import { productionAtLeast, PRODUCTION_MINIMUMS } from "./security-checks";

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** An AWS Organizations ID: `o-` and 10 to 32 lower-case letters or digits. */
export const checkOrganizationId: Check<string> = (id) =>
  ORGANIZATION_ID.test(id)
    ? undefined
    : issue(`"${id}" is not an AWS Organizations ID`, "write the ID shown in AWS Organizations, e.g. o-a1b2c3d4e5, or leave the key out to admit only this account");

/** A reader that accepts a missing key (the field is optional) and reads a present one with `reader`. */
function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  return (value, at) => (value === undefined ? undefined : reader(value, at));
}

/** The reader of `logging`. `raw` is the whole environment as given: production is peeked from it. */
export function loggingReader(raw: Readonly<Record<string, unknown>>): Reader<LoggingConfig> {
  const production = raw.production === true;
  return shape<LoggingConfig>({
    archiveRetentionDays: integer(
      1,
      OBJECT_LOCK_MAX_DAYS,
      productionAtLeast(production, PRODUCTION_MINIMUMS.archiveRetentionDays, "days of archive retention")
    ),
    organizationId: optional(text(checkOrganizationId)),
  });
}
