/** Checks of one environment's security settings, including the stricter minimums of production. */
import { Check, issue } from "./readers";

/** The retention periods CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The least a production environment may have. */
export const PRODUCTION_MINIMUMS = {
  /** Availability zones: production survives the loss of one. */
  azCount: 3,
  /** Days of log retention (LOG-04). */
  logRetentionDays: 365,
  /** The flow-log aggregation interval production needs, in seconds: the finer one. */
  flowLogAggregationSeconds: 60,
  /** Days archived logs stay locked and kept (LOG-04, IR-02d). */
  archiveRetentionDays: 365,
} as const;

/** A retention CloudWatch accepts; the hint names the nearest longer one. */
export const checkRetentionDays: Check<number> = (days) => {
  if (CLOUDWATCH_RETENTION_DAYS.includes(days)) return undefined;
  const longer = CLOUDWATCH_RETENTION_DAYS.find((allowed) => allowed > days);
  return issue(
    `${days} is not a retention CloudWatch Logs accepts`,
    `use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}${longer === undefined ? "" : `; the next longer is ${longer}`}`
  );
};

/** Passes unless this is production and the value is below `minimum`. */
export function productionAtLeast(production: boolean, minimum: number, unit: string): Check<number> {
  return (value) =>
    production && value < minimum
      ? issue(
          `${value} is below the production minimum of ${minimum} ${unit}`,
          `set ${minimum} or more in a production environment`
        )
      : undefined;
}

/** Passes unless this is production and the flow-log interval is coarser than production needs. */
export function productionFlowLogInterval(production: boolean): Check<number> {
  const required = PRODUCTION_MINIMUMS.flowLogAggregationSeconds;
  return (seconds) =>
    production && seconds !== required
      ? issue(
          `${seconds}-second flow-log aggregation is too coarse for production`,
          `set ${required} in a production environment`
        )
      : undefined;
}

/** The bastion's sshd port: not the standard port 22 (PUB-05). The range 1024-65535 is checked by the reader. */
export const checkSshPort: Check<number> = (port) =>
  port === 22
    ? issue(
        "22 is the standard SSH port, which PUB-05 rules out",
        "choose a non-standard port from 1024 to 65535, e.g. 2222"
      )
    : undefined;
