/**
 * Which direction is stronger for each setting compared across environments: production must never be weaker
 * than a non-production environment on any of them.
 */
import { EnvironmentConfig, SecuritySettings } from "./schema";

/** The stronger direction of a setting, or `unordered` for one that is neither (a port number). */
export type Stronger = "higher" | "lower" | "unordered";

/**
 * Every security setting, classified. Adding a field to `SecuritySettings` does not compile until it gets its
 * line here.
 */
const SECURITY: { readonly [K in keyof SecuritySettings]: Stronger } = {
  logRetentionDays: "higher",
  kmsDeletionWindowDays: "higher",
  flowLogAggregationSeconds: "lower",
  sshPort: "unordered",
};

/** One ordered setting: where it is in the config, which way is stronger, and how to read it. */
export interface StrengthRule {
  /** The field path, e.g. `security.logRetentionDays`. */
  readonly path: string;
  /** Which direction is stronger. */
  readonly stronger: Exclude<Stronger, "unordered">;
  /** Reads the setting from an environment. */
  readonly read: (environment: EnvironmentConfig) => number;
}

/**
 * Every ordered setting: the AZ count, each ordered security setting, the administrators' session lengths, the
 * log archive's retention, and the bastion's instance lifetime and Session Manager idle timeout.
 */
export const STRENGTH_RULES: readonly StrengthRule[] = [
  { path: "azCount", stronger: "higher", read: (environment) => environment.azCount },
  ...(Object.keys(SECURITY) as (keyof SecuritySettings)[]).flatMap((key): StrengthRule[] => {
    const stronger = SECURITY[key];
    return stronger === "unordered"
      ? []
      : [{ path: `security.${key}`, stronger, read: (environment) => environment.security[key] }];
  }),
  { path: "access.vpn.sessionTimeoutHours", stronger: "lower", read: (environment) => environment.access.vpn.sessionTimeoutHours },
  { path: "access.maxSessionHours", stronger: "lower", read: (environment) => environment.access.maxSessionHours },
  { path: "logging.archiveRetentionDays", stronger: "higher", read: (environment) => environment.logging.archiveRetentionDays },
  { path: "logging.largeResponseBytes", stronger: "lower", read: (environment) => environment.logging.largeResponseBytes },
  { path: "bastion.maxInstanceLifetimeDays", stronger: "lower", read: (environment) => environment.bastion.maxInstanceLifetimeDays },
  { path: "bastion.sessionIdleTimeoutMinutes", stronger: "lower", read: (environment) => environment.bastion.sessionIdleTimeoutMinutes },
];

/** Whether `value` is weaker than `reference` under `rule`. */
export function isWeaker(rule: StrengthRule, value: number, reference: number): boolean {
  return rule.stronger === "higher" ? value < reference : value > reference;
}
