import { GUARD_METRICS } from "../guard/src/config/types";

/** One behaviour the guard's metrics show, watched against its own learned band. */
export interface GuardBaseline {
  /** Kebab-case ID; ends every alarm name of the baseline. */
  readonly id: string;
  /** What it measures, for the alarm's description. */
  readonly title: string;
  /** The metric (numerator of a ratio) and its CloudWatch statistic. */
  readonly metric: { readonly name: string; readonly stat: string };
  /** For a ratio (percent of `metric` over `per`): the denominator. */
  readonly per?: { readonly name: string; readonly stat: string };
  /** Whether the metric carries the `tool` attribute, so a per-tool alarm can exist. */
  readonly perTool: boolean;
}

/**
 * The baselines of every MCP server (TOOL-09, CV-02), on the guard's metrics as `GUARD_CLOUDWATCH` lays them out:
 * - `calls`: messages checked (`mcp.guard.checks`, Sum): a burst of calls is automation gone wrong or abuse;
 * - `error-rate`: percent of checked messages denied (`mcp.guard.denials` over `mcp.guard.checks`): an agent probing;
 *   the checks counter's `decision` attribute is not a CloudWatch dimension, so the ratio is taken from the denials
 *   counter, which counts exactly the `deny` decisions;
 * - `denials`: denied messages (`mcp.guard.denials`, Sum);
 * - `masked`: items masked in results (`mcp.guard.masked`, Sum): a server leaking more secrets or personal data;
 * - `bytes`: bytes of checked messages (`mcp.guard.bytes`, Sum, requests and results together: the dimension sets
 *   carry no `phase`): exfiltration by volume;
 * - `latency`: time spent checking (`mcp.guard.duration`, Average, milliseconds): unusually large or crafted
 *   messages. The duration histogram has no `tool` attribute, so latency is per server only.
 */
export const GUARD_BASELINES: readonly GuardBaseline[] = [
  { id: "calls", title: "messages checked", metric: { name: GUARD_METRICS.checks, stat: "Sum" }, perTool: true },
  { id: "error-rate", title: "percent of messages denied", metric: { name: GUARD_METRICS.denials, stat: "Sum" }, per: { name: GUARD_METRICS.checks, stat: "Sum" }, perTool: true },
  { id: "denials", title: "messages denied", metric: { name: GUARD_METRICS.denials, stat: "Sum" }, perTool: true },
  { id: "masked", title: "items masked in results", metric: { name: GUARD_METRICS.masked, stat: "Sum" }, perTool: true },
  { id: "bytes", title: "bytes of checked messages", metric: { name: GUARD_METRICS.bytes, stat: "Sum" }, perTool: true },
  { id: "latency", title: "average time the guard spent checking a message (ms)", metric: { name: GUARD_METRICS.duration, stat: "Average" }, perTool: false },
];
