/**
 * The readers of the `logging` section: the log archive's Object Lock retention, the organization that may reach it,
 * the SIEM the logs are shipped to and the large-response threshold.
 */
import { OBJECT_LOCK_MAX_DAYS } from "../constructs/service-limits";
import { Check, integer, issue, Reader, shape, text } from "./readers";
import { LoggingConfig, SiemConfig } from "./schema";
import { checkSiemEndpointUrl, checkSiemName, checkSiemSecretArn } from "./siem-checks";
import { productionAtLeast, PRODUCTION_MINIMUMS } from "./security-checks";
import { quote } from "./quote";

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** An AWS Organizations ID: `o-` and 10 to 32 lower-case letters or digits. */
export const checkOrganizationId: Check<string> = (id) =>
  ORGANIZATION_ID.test(id)
    ? undefined
    : issue(`${quote(id)} is not an AWS Organizations ID`, "write the ID shown in AWS Organizations, e.g. o-a1b2c3d4e5, or leave the key out to admit only this account");

/** A reader that accepts a missing key (the field is optional) and reads a present one with `reader`. */
function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  return (value, at) => (value === undefined ? undefined : reader(value, at));
}

/** The largest response threshold: 100 MiB. */
const MAX_LARGE_RESPONSE_BYTES = 104_857_600;

/**
 * The reader of `logging`. `raw` is the whole environment as given: production, the account and the region are
 * peeked from it.
 */
export function loggingReader(raw: Readonly<Record<string, unknown>>): Reader<LoggingConfig> {
  const production = raw.production === true;
  const accountId = typeof raw.accountId === "string" ? raw.accountId : undefined;
  const region = typeof raw.region === "string" ? raw.region : undefined;
  const siem = shape<SiemConfig>({
    name: text(checkSiemName),
    endpointUrl: text(checkSiemEndpointUrl),
    accessKeySecretArn: text(checkSiemSecretArn(accountId, region)),
  });
  return shape<LoggingConfig>({
    archiveRetentionDays: integer(
      1,
      OBJECT_LOCK_MAX_DAYS,
      productionAtLeast(production, PRODUCTION_MINIMUMS.archiveRetentionDays, "days of archive retention")
    ),
    organizationId: optional(text(checkOrganizationId)),
    siem,
    largeResponseBytes: integer(1024, MAX_LARGE_RESPONSE_BYTES),
  });
}
