/**
 * The generated agentgateway configuration against the real validators: agentgateway's published JSON schema
 * (draft 2020-12, test/schemas/agentgateway-config.schema.json), the MCP 2025-11-25 schema's `Tool` definition for
 * every declared tool, and a real CEL implementation (@bufbuild/cel) for every CEL expression the file contains.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { CelInput, isCelError, run } from "@bufbuild/cel";
import { parse } from "yaml";
import { agentgatewayConfig, AgentgatewayConfig, AgentgatewayConfigProps, AgentgatewayRoute, TOOL_KEY_EXPRESSION, UNNAMED_TOOL, USER_KEY_EXPRESSION } from "../constructs/k8s/agentgateway-config";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { serverAudience } from "../environments/gateway-checks";
import { loadEnvironmentFile } from "../environments/parse";
import { EnvironmentConfig, McpServerConfig } from "../environments/schema";
import { KubernetesObject } from "../policies/types";
import { buildWorkloads, manifestFiles } from "../stacks/workloads";

const schemas = path.join(__dirname, "schemas");
const ENVIRONMENTS: readonly EnvironmentConfig[] = [...BUILT_IN_ENVIRONMENTS, loadEnvironmentFile(path.join(__dirname, "fixtures", "staging.yaml"))];

/** An Ajv for draft 2020-12; the schemas' integer and string formats (uint16, uri, ...) are annotations here: ranges are checked by minimum/maximum. */
function ajv(): Ajv2020 {
  const validator = new Ajv2020({ allErrors: true, strict: false });
  for (const format of ["const", "double", "int32", "uint", "uint8", "uint16", "uint32", "uint64", "byte", "uri", "uri-template"]) validator.addFormat(format, true);
  return validator;
}

const gatewaySchema = JSON.parse(fs.readFileSync(path.join(schemas, "agentgateway-config.schema.json"), "utf8")) as Record<string, unknown>;
const validateGateway = ajv().compile(gatewaySchema);
const mcpSchema = JSON.parse(fs.readFileSync(path.join(schemas, "mcp-2025-11-25.schema.json"), "utf8")) as { $defs: Record<string, unknown> };
const validateTool = ajv().compile({ ...mcpSchema, $ref: "#/$defs/Tool" });

/** The generated file of an environment, parsed from the ConfigMap in its gateway chart, with the ConfigMap. */
function generated(environment: EnvironmentConfig): { config: AgentgatewayConfig; configMap: KubernetesObject } {
  const file = manifestFiles(buildWorkloads(environment)).find((candidate) => candidate.file === `${environment.name}/gateway.yaml`)!;
  const configMap = file.objects.find((object) => object.kind === "ConfigMap" && object.metadata.name === "agentgateway-config")!;
  return { config: parse((configMap["data"] as Record<string, string>)["config.yaml"]) as AgentgatewayConfig, configMap };
}

/** A CEL input: nested plain objects become CEL maps. */
function celInput(value: Record<string, unknown>): CelInput {
  return new Map(Object.entries(value).map(([key, entry]) => [key, typeof entry === "object" && entry !== null && !Array.isArray(entry) ? celInput(entry as Record<string, unknown>) : (entry as CelInput)]));
}

/** Evaluates a CEL expression with the request attributes agentgateway binds (`mcp`, `jwt`, `request`); an evaluation error throws. */
function cel(expression: string, input: Record<string, unknown>): unknown {
  const result = run(expression, Object.fromEntries(Object.entries(input).map(([key, value]) => [key, celInput(value as Record<string, unknown>)])));
  if (isCelError(result)) throw new Error(`${expression}: ${result.message}`);
  return result;
}

/** Whether an allow rule admits a request; an evaluation error (a missing claim) admits nothing, as in agentgateway. */
function admits(expression: string, tool: string, scope: string | undefined): boolean {
  try {
    return cel(expression, { mcp: { tool: { name: tool } }, jwt: scope === undefined ? { sub: "alice" } : { sub: "alice", scope } }) === true;
  } catch {
    return false;
  }
}

/** A minimal MCP `Tool` for a declared tool: the config names the tool; `inputSchema` (required) is the empty object schema. */
function mcpTool(name: string): Record<string, unknown> {
  return { name, inputSchema: { type: "object" } };
}

function route(config: AgentgatewayConfig, server: McpServerConfig): AgentgatewayRoute {
  return config.routes.find((candidate) => candidate.name === server.name)!;
}

describe("the generated agentgateway configuration", () => {
  describe.each(ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (_name, environment) => {
    const { config } = generated(environment);

    test("validates against agentgateway's published schema (draft 2020-12)", () => {
      expect(gatewaySchema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(validateGateway(config) ? [] : validateGateway.errors).toEqual([]);
    });

    test("one route per server: its path, host, one target, its own audience, strict validation, header tokens only", () => {
      const { edge, gateway } = environment;
      expect(config.routes.map((candidate) => candidate.name)).toEqual(environment.mcpServers.map((server) => server.name));
      for (const server of environment.mcpServers) {
        const found = route(config, server);
        const resource = `https://${edge.domain}${edge.mcpPathPrefix}/${server.name}`;
        expect(found.hostnames).toEqual([edge.domain]);
        expect(found.matches).toEqual([{ path: { exact: `${edge.mcpPathPrefix}/${server.name}` } }, { path: { exact: `/.well-known/oauth-protected-resource${edge.mcpPathPrefix}/${server.name}` } }]);
        expect(found.backends).toEqual([{ mcp: { targets: [{ name: server.name, mcp: { host: `${server.name}.${server.name}.svc.cluster.local`, port: server.port, path: "/mcp" } }] } }]);
        expect(found.policies.mcpAuthentication).toEqual({
          mode: "strict",
          issuer: gateway.jwt.issuer,
          audiences: [serverAudience(environment, server)],
          jwks: { url: gateway.jwt.jwksUrl },
          jwtValidationOptions: { requiredClaims: ["exp", "iss", "aud", "sub"] },
          resourceMetadata: { resource, scopesSupported: [...new Set(server.tools.flatMap((tool) => tool.scopes))].sort(), bearerMethodsSupported: ["header"] },
        });
        expect(found.policies.cors.allowOrigins).toEqual(edge.allowedOrigins);
        expect(found.policies.csrf).toEqual({ additionalOrigins: edge.allowedOrigins });
      }
      expect(new Set(config.routes.map((candidate) => candidate.policies.mcpAuthentication.audiences[0])).size).toBe(config.routes.length);
    });

    test("traces to the collector over OTLP gRPC, admin UI off, readiness off the sidecar's ports", () => {
      expect(config.frontendPolicies.tracing).toEqual({
        host: "otel-collector.mcp-observability.svc.cluster.local:4317",
        protocol: "grpc",
        randomSampling: environment.gateway.traceSampling,
        resources: { "service.name": '"agentgateway"', "deployment.environment": `"${environment.name}"` },
      });
      expect(config.config).toEqual({ adminAddr: "off", statsAddr: "off", readinessAddr: "0.0.0.0:9090" });
      expect(config.gateways).toEqual({ mcp: { port: 8080, protocol: "HTTP" } });
    });

    test("every declared tool is a valid MCP Tool (2025-11-25 schema)", () => {
      for (const tool of environment.mcpServers.flatMap((server) => server.tools)) expect([tool.name, validateTool(mcpTool(tool.name)) ? [] : validateTool.errors]).toEqual([tool.name, []]);
    });

    test("CEL: each tool's rule admits the tool with all its scopes, and refuses a missing scope, a missing scope claim, and every other tool", () => {
      for (const server of environment.mcpServers) {
        const rules = route(config, server).policies.mcpAuthorization.rules.map((rule) => rule.allow);
        expect(rules).toHaveLength(server.tools.length);
        for (const tool of server.tools) {
          const own = rules.filter((rule) => admits(rule, tool.name, ["openid", ...tool.scopes].join(" ")));
          expect(own).toHaveLength(1);
          const [rule] = own;
          for (const scope of tool.scopes) expect(admits(rule, tool.name, ["openid", ...tool.scopes.filter((other) => other !== scope)].join(" "))).toBe(false);
          expect(admits(rule, tool.name, tool.scopes.map((scope) => `${scope}x`).join(" "))).toBe(false);
          expect(admits(rule, tool.name, undefined)).toBe(false);
          expect(admits(rule, `${tool.name}_admin`, tool.scopes.join(" "))).toBe(false);
        }
        expect(rules.some((rule) => admits(rule, "undeclared_tool", server.tools.flatMap((tool) => tool.scopes).join(" ")))).toBe(false);
      }
    });

    test("CEL: rate-limit descriptors key on the user, the server and the tool, with the configured per-minute limits", () => {
      for (const server of environment.mcpServers) {
        const { remoteRateLimit } = route(config, server).policies;
        expect(remoteRateLimit).toMatchObject({ domain: `mcp-${environment.name}`, host: "ratelimit.mcp-gateway.svc.cluster.local:8081", failureMode: "failClosed" });
        const keys = remoteRateLimit.descriptors.map((descriptor) => descriptor.entries.map((entry) => entry.key).join("+"));
        expect(keys).toEqual(["user", "server+user", "server+user+tool"]);
        const limits = remoteRateLimit.descriptors.map((descriptor) => cel(descriptor.limitOverride, {}) as { get(key: string): unknown });
        expect(limits.map((limit) => [limit.get("unit"), limit.get("requestsPerUnit")])).toEqual([
          ["minute", BigInt(environment.gateway.rateLimits.perUserPerMinute)],
          ["minute", BigInt(server.quota.requestsPerMinute)],
          ["minute", BigInt(environment.gateway.rateLimits.perUserPerToolPerMinute)],
        ]);
        const values = remoteRateLimit.descriptors[2].entries.map((entry) => entry.value);
        expect(values).toEqual([`"${server.name}"`, USER_KEY_EXPRESSION, TOOL_KEY_EXPRESSION]);
        expect(cel(values[0], {})).toBe(server.name);
        expect(cel(values[1], { jwt: { sub: "alice" } })).toBe("alice");
        expect(() => cel(values[1], { jwt: {} })).toThrow();
        expect(cel(values[2], { request: { headers: { "mcp-name": server.tools[0].name } } })).toBe(server.tools[0].name);
        expect(cel(values[2], { request: { headers: { "content-type": "application/json" } } })).toBe(UNNAMED_TOOL);
      }
    });

    test("CEL: the tracing resource attributes are string literals", () => {
      for (const [key, expression] of Object.entries(config.frontendPolicies.tracing.resources)) {
        expect([key, cel(expression, {})]).toEqual([key, key === "service.name" ? "agentgateway" : environment.name]);
      }
    });
  });

  test("the validators are real: agentgateway's own examples pass, weakened or misspelled files and tools fail", () => {
    const examples = path.join(__dirname, "fixtures", "agentgateway");
    for (const file of fs.readdirSync(examples).sort()) expect([file, validateGateway(parse(fs.readFileSync(path.join(examples, file), "utf8"))) ? [] : validateGateway.errors]).toEqual([file, []]);
    const prod = generated(BUILT_IN_ENVIRONMENTS.find((environment) => environment.production)!).config;
    const broken = (edit: (policies: Record<string, any>) => void) => {
      const copy = structuredClone(prod) as unknown as { routes: { policies: Record<string, any> }[] };
      edit(copy.routes[0].policies);
      return validateGateway(copy);
    };
    expect(broken((policies) => (policies.mcpAuthentication.mode = "lenient"))).toBe(false);
    expect(broken((policies) => (policies.mcpAuthz = policies.mcpAuthorization))).toBe(false);
    expect(broken((policies) => (policies.remoteRateLimit.failureMode = "sometimes"))).toBe(false);
    expect(broken((policies) => delete policies.mcpAuthentication.resourceMetadata)).toBe(false);
    expect(validateTool({ name: "search_docs" })).toBe(false);
    expect(validateTool({ name: "search_docs", inputSchema: { type: "array" } })).toBe(false);
  });
});

describe("agentgatewayConfig refuses what it cannot make safe", () => {
  const route = { server: "echo", path: "/mcp/echo", host: "echo.echo.svc.cluster.local", port: 8080, upstreamPath: "/mcp", resource: "https://mcp.example.com/mcp/echo", audience: "https://mcp.example.com/mcp/echo", tools: [{ name: "say", scopes: ["mcp:echo"] }], requestsPerUserPerMinute: 60 };
  const props: AgentgatewayConfigProps = {
    hostname: "mcp.example.com",
    port: 8080,
    readinessPort: 9090,
    issuer: "https://auth.example.com",
    jwksUrl: "https://auth.example.com/keys",
    allowedOrigins: [],
    routes: [route],
    rateLimits: { service: "ratelimit.mcp-gateway.svc.cluster.local:8081", domain: "mcp", perUserPerMinute: 100, perUserPerToolPerMinute: 10 },
    tracing: { endpoint: "otel-collector.mcp-observability.svc.cluster.local:4317", sampling: 1, resource: {} },
    guard: { host: "mcp-guard.mcp-gateway.svc.cluster.local:9000" },
  };
  const generate = (overrides: Partial<AgentgatewayConfigProps>) => () => agentgatewayConfig({ ...props, ...overrides });

  test("the minimal props validate against the schema", () => {
    expect(validateGateway(agentgatewayConfig(props)) ? [] : validateGateway.errors).toEqual([]);
  });

  test("two routes for a server, a shared audience, an origin wildcard, no sampling", () => {
    expect(generate({ routes: [route, route] })).toThrow('agentgatewayConfig: two routes for server "echo"');
    expect(generate({ routes: [route, { ...route, server: "other", path: "/mcp/other" }] })).toThrow('agentgatewayConfig: audience "https://mcp.example.com/mcp/echo" belongs to two servers; each server needs its own');
    expect(generate({ allowedOrigins: ["*"] })).toThrow("agentgatewayConfig: allowedOrigins must name origins; * would admit every site");
    expect(generate({ tracing: { ...props.tracing, sampling: 0 } })).toThrow("agentgatewayConfig: tracing sampling must be more than 0 and at most 1, got 0");
  });

  test("tools that cannot become a safe CEL rule: a bad name, a scope with a quote, no scope, no tool; limits below 1", () => {
    expect(generate({ routes: [{ ...route, tools: [{ name: 'say" || true || "', scopes: ["s"] }] }] })).toThrow(/is not an MCP tool name/);
    expect(generate({ routes: [{ ...route, tools: [{ name: "say", scopes: ['s") || true || ("'] }] }] })).toThrow(/is not an OAuth scope/);
    expect(generate({ routes: [{ ...route, tools: [{ name: "say", scopes: [] }] }] })).toThrow('agentgatewayConfig: tool "say" needs at least one scope');
    expect(generate({ routes: [{ ...route, tools: [] }] })).toThrow('agentgatewayConfig: server "echo" declares no tools; only declared tools are routed');
    expect(generate({ routes: [{ ...route, requestsPerUserPerMinute: 0 }] })).toThrow("agentgatewayConfig: a rate limit must be a positive whole number, got 0");
  });
});
