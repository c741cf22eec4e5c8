/**
 * The guard's OpenTelemetry metrics (names in `GUARD_METRICS`), exported over OTLP/HTTP to the collector when the
 * config names an endpoint. Attributes are names and rule IDs only, never message values.
 */
import { Attributes, Counter, Histogram } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { IMetricReader, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { GUARD_METRICS, GuardConfig } from "../config/types";
import { Decision } from "../pipeline/pipeline";
import { TOOL_CHANGED_EVENT } from "../checks/TOOL-08";

/** The attribute keys of each instrument's points, in the order `record` passes their values. */
const CHECK_KEYS = ["server", "tool", "method", "phase", "decision"] as const;
const RULE_KEYS = ["server", "tool", "rule"] as const;
const BYTES_KEYS = ["server", "tool", "phase"] as const;
const DURATION_KEYS = ["server", "method", "phase"] as const;
const TOOL_KEYS = ["server", "tool"] as const;

/** Most attribute sets kept for reuse per key list (servers × tools × methods × decisions, or rules). */
const MAX_ATTRIBUTE_SETS = 10_000;

export class GuardMetrics {
  /** Per key list, its attribute sets by their values joined with NUL. */
  private readonly attributeSets = new Map<readonly string[], Map<string, Attributes>>();
  private readonly checks: Counter;
  private readonly denials: Counter;
  private readonly masked: Counter;
  private readonly bytes: Histogram;
  private readonly duration: Histogram;
  private readonly toolChanges: Counter;

  /** Metrics through `provider`; `GuardMetrics.forConfig` builds the OTLP one. */
  constructor(readonly provider: MeterProvider) {
    const meter = provider.getMeter("@mcp-hardening/guard");
    this.checks = meter.createCounter(GUARD_METRICS.checks, { description: "MCP messages checked, by decision" });
    this.denials = meter.createCounter(GUARD_METRICS.denials, { description: "MCP messages denied, by rule" });
    this.masked = meter.createCounter(GUARD_METRICS.masked, { description: "Items masked in results, by rule" });
    this.bytes = meter.createHistogram(GUARD_METRICS.bytes, { description: "Size of checked messages", unit: "By" });
    this.duration = meter.createHistogram(GUARD_METRICS.duration, { description: "Time spent checking a message", unit: "ms" });
    this.toolChanges = meter.createCounter(GUARD_METRICS.toolChanges, { description: "Listed tool definitions that differ from their pins or are not approved, once per change" });
  }

  /** A provider exporting to `config.telemetry.otlpEndpoint` (`/v1/metrics`) every 15 s, plus any extra readers. */
  static forConfig(config: GuardConfig, extraReaders: readonly IMetricReader[] = []): GuardMetrics {
    const readers: IMetricReader[] = [...extraReaders];
    const endpoint = config.telemetry.otlpEndpoint;
    if (endpoint !== undefined) {
      const url = `${endpoint.replace(/\/+$/, "")}/v1/metrics`;
      // Loaded only when an endpoint is configured: the OTLP exporter costs a guard without one about 2 MiB.
      const { OTLPMetricExporter } = require("@opentelemetry/exporter-metrics-otlp-http") as typeof import("@opentelemetry/exporter-metrics-otlp-http");
      readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url }), exportIntervalMillis: 15_000 }));
    }
    const resource = resourceFromAttributes({ "service.name": config.telemetry.serviceName, "deployment.environment.name": config.environment });
    return new GuardMetrics(new MeterProvider({ resource, readers }));
  }

  record(decision: Decision): void {
    const { audit } = decision;
    const tool = audit.tool ?? "";
    this.checks.add(1, this.attributes(CHECK_KEYS, audit.server, tool, audit.method, audit.phase, audit.decision));
    if (audit.decision === "deny") this.denials.add(1, this.attributes(RULE_KEYS, audit.server, tool, audit.rules[audit.rules.length - 1]));
    for (const rule in decision.masked) this.masked.add(decision.masked[rule], this.attributes(RULE_KEYS, audit.server, tool, rule));
    this.bytes.record(audit.bytes, this.attributes(BYTES_KEYS, audit.server, tool, audit.phase));
    this.duration.record(audit.durationMs, this.attributes(DURATION_KEYS, audit.server, audit.method, audit.phase));
    for (const event of decision.events) if (event.event === TOOL_CHANGED_EVENT) this.toolChanges.add(1, this.attributes(TOOL_KEYS, event.server, event.tool ?? ""));
  }

  /**
   * The attribute set of these values under these keys, built once and reused: a decision records five to eight
   * points, and building their attribute objects per call was most of what recording cost. Tool names come from
   * clients, so at most `MAX_ATTRIBUTE_SETS` sets are kept; past that they are built per call.
   */
  private attributes(keys: readonly string[], ...values: string[]): Attributes {
    let sets = this.attributeSets.get(keys);
    if (sets === undefined) this.attributeSets.set(keys, (sets = new Map()));
    const id = values.join("\u0000");
    const known = sets.get(id);
    if (known !== undefined) return known;
    const built: Attributes = {};
    keys.forEach((key, index) => (built[key] = values[index]));
    if (sets.size < MAX_ATTRIBUTE_SETS) sets.set(id, built);
    return built;
  }

  /** Exports what is pending and stops (on drain). */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
