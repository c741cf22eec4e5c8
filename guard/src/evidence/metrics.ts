/**
 * The guard's OpenTelemetry metrics (names in `GUARD_METRICS`), exported over OTLP/HTTP to the collector when the
 * config names an endpoint. Attributes are names and rule IDs only, never message values.
 */
import { Attributes, Counter, Histogram } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { IMetricReader, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { GUARD_METRICS, GuardConfig } from "../config/types";
import { Decision } from "../pipeline/pipeline";

export class GuardMetrics {
  private readonly checks: Counter;
  private readonly denials: Counter;
  private readonly masked: Counter;
  private readonly bytes: Histogram;
  private readonly duration: Histogram;

  /** Metrics through `provider`; `GuardMetrics.forConfig` builds the OTLP one. */
  constructor(readonly provider: MeterProvider) {
    const meter = provider.getMeter("@mcp-hardening/guard");
    this.checks = meter.createCounter(GUARD_METRICS.checks, { description: "MCP messages checked, by decision" });
    this.denials = meter.createCounter(GUARD_METRICS.denials, { description: "MCP messages denied, by rule" });
    this.masked = meter.createCounter(GUARD_METRICS.masked, { description: "Items masked in results, by rule" });
    this.bytes = meter.createHistogram(GUARD_METRICS.bytes, { description: "Size of checked messages", unit: "By" });
    this.duration = meter.createHistogram(GUARD_METRICS.duration, { description: "Time spent checking a message", unit: "ms" });
  }

  /** A provider exporting to `config.telemetry.otlpEndpoint` (`/v1/metrics`) every 15 s, plus any extra readers. */
  static forConfig(config: GuardConfig, extraReaders: readonly IMetricReader[] = []): GuardMetrics {
    const readers: IMetricReader[] = [...extraReaders];
    const endpoint = config.telemetry.otlpEndpoint;
    if (endpoint !== undefined) {
      const url = `${endpoint.replace(/\/+$/, "")}/v1/metrics`;
      readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url }), exportIntervalMillis: 15_000 }));
    }
    const resource = resourceFromAttributes({ "service.name": config.telemetry.serviceName, "deployment.environment.name": config.environment });
    return new GuardMetrics(new MeterProvider({ resource, readers }));
  }

  record(decision: Decision): void {
    const { audit } = decision;
    const tool = audit.tool ?? "";
    const base: Attributes = { server: audit.server, tool };
    this.checks.add(1, { ...base, method: audit.method, phase: audit.phase, decision: audit.decision });
    if (audit.decision === "deny") this.denials.add(1, { ...base, rule: audit.rules[audit.rules.length - 1] });
    for (const [rule, count] of Object.entries(decision.masked)) this.masked.add(count, { ...base, rule });
    this.bytes.record(audit.bytes, { ...base, phase: audit.phase });
    this.duration.record(audit.durationMs, { server: audit.server, method: audit.method, phase: audit.phase });
  }

  /** Exports what is pending and stops (on drain). */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
