/** The readers of the `gateway` section: agentgateway's images, resources, token validation, rate limits, tracing. */
import {
  checkAudience,
  checkAudienceServer,
  checkGatewayImage,
  checkIssuer,
  checkJwksUrl,
  GATEWAY_COMPONENTS,
  peekedRegistry,
} from "./gateway-checks";
import { checkCpu, checkEphemeralStorage, checkMemory } from "./kubernetes-quantity";
import { integer, isMapping, issue, mapping, Reader, shape, text } from "./readers";
import { GatewayConfig, GatewayJwtConfig, GatewayRateLimits, GatewayResources } from "./schema";
import { checkPinnedImage } from "./workload-checks";

/** The most audience overrides: one per server at most. */
const MAX_AUDIENCES = 200;

/** A share of requests: a number more than 0 and at most 1. */
const sampling: Reader<number> = (value, at) => {
  if (typeof value !== "number" || Number.isNaN(value)) {
    const parsed = typeof value === "string" ? Number(value.trim().replace(/%$/, "")) : NaN;
    const hint = typeof value === "string" && !Number.isNaN(parsed) ? `write the share as a number without quotes: ${value.trim().endsWith("%") ? parsed / 100 : parsed}` : "write a number more than 0 and at most 1, e.g. 0.1";
    return at.report(issue(value === undefined ? "is required" : `expected a number, got ${JSON.stringify(value)}`, hint));
  }
  if (value <= 0) return at.report(issue(`${value} traces nothing`, "trace a share more than 0, e.g. 0.05: GW-04 needs request traces"));
  if (value > 1) return at.report(issue(`${value} is more than 1`, value <= 100 ? `write the share as a fraction: ${value / 100}` : "write a number more than 0 and at most 1"));
  return value;
};

/**
 * The reader of `gateway`. `raw` is the whole environment as given: the account and region (the ECR registry the
 * images must come from) and the server names (the keys of `audiences`) are peeked from it, so every field is
 * checked even when those fields are themselves invalid.
 */
export function gatewayReader(raw: Readonly<Record<string, unknown>>): Reader<GatewayConfig> {
  const registry = peekedRegistry(raw);
  const servers = Array.isArray(raw.mcpServers)
    ? raw.mcpServers.flatMap((server) => (isMapping(server) && typeof server.name === "string" ? [server.name] : []))
    : undefined;
  const image = (component: string) => text(checkPinnedImage, checkGatewayImage(component, registry));
  const resources: Reader<GatewayResources> = shape<GatewayResources>({ cpu: text(checkCpu), memory: text(checkMemory), ephemeralStorage: text(checkEphemeralStorage) });
  const jwt: Reader<GatewayJwtConfig> = shape<GatewayJwtConfig>({ issuer: text(checkIssuer), jwksUrl: text(checkJwksUrl) });
  const rateLimits: Reader<GatewayRateLimits> = shape<GatewayRateLimits>({ perUserPerMinute: integer(1, 100_000), perUserPerToolPerMinute: integer(1, 100_000) });
  return shape<GatewayConfig>({
    image: image(GATEWAY_COMPONENTS.image),
    rateLimitImage: image(GATEWAY_COMPONENTS.rateLimitImage),
    rateLimitStoreImage: image(GATEWAY_COMPONENTS.rateLimitStoreImage),
    guardImage: image(GATEWAY_COMPONENTS.guardImage),
    resources,
    jwt,
    audiences: mapping([checkAudienceServer(servers)], text(checkAudience), MAX_AUDIENCES),
    rateLimits,
    traceSampling: sampling,
  });
}
