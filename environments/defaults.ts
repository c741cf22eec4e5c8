/**
 * The defaults of an environment file: the safe settings the blueprint can choose itself, so a file states only the
 * facts the blueprint cannot know (accounts, names, networks, identities, images). Each default is the value production
 * accepts (the strictest), so an omitted setting is never the weak one. The validator fills them in before reading a
 * file, and the published JSON Schema (`schemas/environment.schema.json`, generated from `schema.ts` and these tables)
 * shows them as `default` and leaves these keys out of `required`: one table for both.
 */
import { isMapping } from "./readers";

/** A value of a defaults table: a value, or a mapping whose keys default one by one. */
export type DefaultValue = string | number | boolean | readonly unknown[] | DefaultTable;

/** Defaults by key; a mapping's keys default one by one (a file may set some and leave others). */
export interface DefaultTable {
  readonly [key: string]: DefaultValue;
}

/** Defaults of the environment's top-level keys and their sections. */
export const ENVIRONMENT_DEFAULTS: DefaultTable = {
  azCount: 3,
  tags: {},
  exceptions: [],
  security: { logRetentionDays: 365, kmsDeletionWindowDays: 30, flowLogAggregationSeconds: 60, sshPort: 2222 },
  edge: {
    allowedOrigins: [],
    mcpPathPrefix: "/mcp",
    humanPaths: ["/signin"],
    maxRequestBodyBytes: 8192,
    rateLimits: { perIp: 2000, perCredential: 1200, perServerPath: 10000, evaluationWindowSeconds: 300 },
    countManagedRuleGroups: false,
  },
  access: { maxSessionHours: 1, vpn: { sessionTimeoutHours: 8, bannerText: "Authorized administrators only. Every session is logged and reviewed." } },
  bastion: { instanceType: "t3.small", imageRebuildSchedule: "cron(0 3 ? * sun *)", maxInstanceLifetimeDays: 7, sessionIdleTimeoutMinutes: 15 },
  logging: { largeResponseBytes: 524288 },
  gateway: {
    resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi" },
    audiences: {},
    rateLimits: { perUserPerMinute: 1200, perUserPerToolPerMinute: 300 },
    traceSampling: 0.2,
  },
};

/** Defaults of each entry of `mcpServers`. */
export const MCP_SERVER_DEFAULTS: DefaultTable = { egressDomains: [], secrets: [] };

/** `value` with every key of `defaults` it lacks filled in (a copy; mappings filled key by key, anything else kept as written). */
function filled(value: unknown, defaults: DefaultTable): unknown {
  if (!isMapping(value)) return value;
  const result: Record<string, unknown> = { ...value };
  for (const [key, fallback] of Object.entries(defaults)) {
    const own = Object.hasOwn(value, key) ? value[key] : undefined;
    if (isMapping(fallback)) result[key] = filled(own === undefined ? {} : own, fallback as DefaultTable);
    else if (own === undefined) result[key] = structuredClone(fallback);
  }
  return result;
}

/** An environment as read from a file, with the defaults of every key it leaves out (a copy; `input` is left as it is). */
export function withDefaults(input: unknown): unknown {
  const environment = filled(input, ENVIRONMENT_DEFAULTS);
  if (!isMapping(environment) || !Array.isArray(environment.mcpServers)) return environment;
  return { ...environment, mcpServers: environment.mcpServers.map((server: unknown) => filled(server, MCP_SERVER_DEFAULTS)) };
}
