import { config, ENVIRONMENTS } from "../support/compute";
import { editGatewayConfig, gatewayConfig, gatewayFile, GATEWAY_CONFIG_MAP } from "../support/gateway";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "gw-04-gateway-tracing";
const at = `${rule} ${gatewayFile("prod")} ${GATEWAY_CONFIG_MAP}`;

describe("GW-04 comprehensive request tracing (the gateway exports traces to the OpenTelemetry collector)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("traces go over OTLP gRPC to the collector in mcp-observability, at the environment's sampling", () => {
      expect(gatewayConfig(plans, environment).frontendPolicies.tracing).toEqual({
        host: "otel-collector.mcp-observability.svc.cluster.local:4317",
        protocol: "grpc",
        randomSampling: config(environment).gateway.traceSampling,
        resources: { "service.name": '"agentgateway"', "deployment.environment": `"${environment}"` },
      });
    });

    test("no finding of the gateway's GW-04 rule", () => {
      expect(findingLines(plans, "GW-04").filter((line) => line.startsWith(rule))).toEqual([]);
    });
  });

  describe("check reports GW-04 when the real gateway configuration is weakened", () => {
    test("tracing is removed", () => {
      expect(weakened("GW-04", (plans) => editGatewayConfig(plans, "prod", (generated) => delete (generated as Record<string, unknown>)["frontendPolicies"]))).toEqual([
        `${at}: exports no traces to an in-cluster OpenTelemetry collector (tracing endpoint null)`,
      ]);
    });

    test("traces leave the cluster, or nothing is sampled", () => {
      expect(weakened("GW-04", (plans) => editGatewayConfig(plans, "prod", (generated) => (generated.frontendPolicies.tracing as Record<string, unknown>).host = "collector.example.net:4317"))).toEqual([
        `${at}: exports no traces to an in-cluster OpenTelemetry collector (tracing endpoint "collector.example.net:4317")`,
      ]);
      expect(weakened("GW-04", (plans) => editGatewayConfig(plans, "prod", (generated) => (generated.frontendPolicies.tracing as Record<string, unknown>).randomSampling = 0))).toEqual([
        `${at}: samples no request (randomSampling 0): set a share above 0`,
      ]);
    });
  });
});
