import { RESTRICTED_TLS_POLICIES } from "../../baselines/waf-limits";
import { awsProviders, block } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { configOf, ENVIRONMENTS, only, ref, rulesFiredFor } from "../support/edge";
import { addResource, findingsFor, stack, stackResources, synthesizedPlans, tier } from "../support/plans";

const listener = (plans: Artifacts, environment: string, port: number) => only(plans, environment, "aws_lb_listener", (candidate) => candidate.values["port"] === port);

describe("NET-04 end-to-end encryption (TLS edge)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const config = configOf(environment);
    const loadBalancer = only(plans, environment, "aws_lb");
    const bucket = only(plans, environment, "aws_s3_bucket", (candidate) => String(candidate.values["bucket"]).includes("-alb-access-logs-"));
    const forBucket = (type: string) => only(plans, environment, type, (candidate) => candidate.values["bucket"] === ref(bucket, "id"));
    const targetGroup = only(plans, environment, "aws_lb_target_group");

    test("the HTTPS listener uses a restricted TLS 1.3/1.2 policy, the ACM certificate of the configured domain, and HSTS", () => {
      expect(RESTRICTED_TLS_POLICIES).toContain("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
      const certificate = (stack(plans, environment).json["data"] as Record<string, Record<string, Record<string, unknown>>>)["aws_acm_certificate"]["edge-certificate"];
      expect(certificate).toMatchObject({ domain: config.edge.domain, statuses: ["ISSUED"], most_recent: true, key_types: ["RSA_2048", "EC_prime256v1", "EC_secp384r1"] });
      expect(listener(plans, environment, 443).values).toEqual(
        expect.objectContaining({
          load_balancer_arn: ref(loadBalancer, "arn"),
          protocol: "HTTPS",
          ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
          certificate_arn: "${data.aws_acm_certificate.edge-certificate.arn}",
          default_action: [{ type: "forward", target_group_arn: ref(targetGroup, "arn") }],
          routing_http_response_strict_transport_security_header_value: "max-age=31536000; includeSubDomains",
          routing_http_response_x_content_type_options_header_value: "nosniff",
          routing_http_response_server_enabled: false,
        })
      );
    });

    test("nothing listens in clear text: the HTTPS listener is the only one", () => {
      expect(stackResources(plans, environment, "aws_lb_listener").map((candidate) => [candidate.values["port"], candidate.values["protocol"]])).toEqual([[443, "HTTPS"]]);
    });

    test("the load balancer re-encrypts to the mesh ingress gateway over HTTPS and health-checks its HTTP status port", () => {
      expect(targetGroup.values).toEqual(
        expect.objectContaining({
          name: `mcp-${environment}-edge-gw`,
          protocol: "HTTPS",
          port: 8443,
          target_type: "ip",
          health_check: { enabled: true, protocol: "HTTP", port: "15021", path: "/healthz/ready", matcher: "200", healthy_threshold: 2, unhealthy_threshold: 3, interval: 15, timeout: 5 },
        })
      );
    });

    test("the internet-facing ALB sits in the edge tier, drops invalid headers, logs access, and is deletion-protected in production", () => {
      const edgeGroup = only(plans, environment, "aws_security_group", (group) => tier(group) === "edge");
      const natSubnets = stackResources(plans, environment, "aws_nat_gateway").map((nat) => nat.values["subnet_id"]);
      const edgeSubnets = stackResources(plans, environment, "aws_subnet")
        .filter((subnet) => tier(subnet) === "edge" && !natSubnets.includes(ref(subnet, "id")))
        .map((subnet) => ref(subnet, "id"));
      expect(loadBalancer.values).toEqual(
        expect.objectContaining({
          name: `mcp-${environment}-edge`,
          internal: false,
          load_balancer_type: "application",
          ip_address_type: "ipv4",
          security_groups: [ref(edgeGroup, "id")],
          subnets: edgeSubnets,
          drop_invalid_header_fields: true,
          desync_mitigation_mode: "strictest",
          enable_waf_fail_open: false,
          enable_deletion_protection: config.production,
          access_logs: { bucket: ref(bucket, "id"), prefix: "alb", enabled: true },
        })
      );
      expect(edgeSubnets).toHaveLength(config.azCount);
    });

    test("access logs go to a private, versioned, SSE-S3 bucket that only ELB log delivery may write, only under this account's prefix, and only over TLS", () => {
      expect(bucket.values["bucket"]).toBe(`mcp-${environment}-alb-access-logs-${config.accountId}`);
      expect(forBucket("aws_s3_bucket_public_access_block").values).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(forBucket("aws_s3_bucket_ownership_controls").values["rule"]).toEqual({ object_ownership: "BucketOwnerEnforced" });
      expect(forBucket("aws_s3_bucket_versioning").values["versioning_configuration"]).toEqual({ status: "Enabled" });
      expect(forBucket("aws_s3_bucket_server_side_encryption_configuration").values["rule"]).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
      expect(forBucket("aws_s3_bucket_lifecycle_configuration").values["rule"]).toEqual([
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "alb/" }],
          expiration: [{ days: config.security.logRetentionDays }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ]);
      const policy = forBucket("aws_s3_bucket_policy");
      expect(JSON.parse(String(policy.values["policy"]))).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyRequestsWithoutTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [ref(bucket, "arn"), `${ref(bucket, "arn")}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "AllowLoadBalancerLogDeliveryForThisAccountOnly",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${ref(bucket, "arn")}/alb/AWSLogs/${config.accountId}/*`,
          },
        ],
      });
      expect(loadBalancer.values["depends_on"]).toEqual([policy.address]);
    });

    test("the provider tags the stack with whether it is production, which the rules read", () => {
      const tags = block(awsProviders(stack(plans, environment))[0]["default_tags"])?.["tags"] as Record<string, string>;
      expect(tags["mcp:production"]).toBe(String(config.production));
    });

    test("the synthesized plan passes every NET-04 rule", () => {
      expect(findingsFor(plans, "NET-04")).toEqual([]);
    });
  });

  describe("check reports NET-04 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFiredFor("NET-04", synthesizedPlans(), mutate);

    test("the HTTPS listener falls back to ELBSecurityPolicy-2016-08 (TLS 1.0) or to the provider default", () => {
      expect(fired((plans) => (listener(plans, "prod", 443).values["ssl_policy"] = "ELBSecurityPolicy-2016-08"))).toEqual(["net-04-https-listeners"]);
      expect(fired((plans) => delete listener(plans, "test", 443).values["ssl_policy"])).toEqual(["net-04-https-listeners"]);
    });

    test("a clear-text listener comes back on port 80: forwarding, or only redirecting to HTTPS", () => {
      const addHttp = (plans: Artifacts, defaultAction: unknown[]) =>
        addResource(plans, "prod", "aws_lb_listener", "http", { load_balancer_arn: ref(only(plans, "prod", "aws_lb"), "arn"), port: 80, protocol: "HTTP", default_action: defaultAction });
      expect(fired((plans) => addHttp(plans, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]))).toEqual(["net-04-https-listeners"]);
      expect(fired((plans) => addHttp(plans, [{ type: "forward", target_group_arn: ref(only(plans, "prod", "aws_lb_target_group"), "arn") }]))).toEqual(["net-04-https-listeners"]);
    });

    test("the load balancer keeps invalid header fields or stops logging", () => {
      expect(fired((plans) => (only(plans, "dev", "aws_lb").values["drop_invalid_header_fields"] = false))).toEqual(["net-04-alb-hardening"]);
      expect(fired((plans) => (only(plans, "prod", "aws_lb").values["access_logs"] = { bucket: "x", enabled: false }))).toEqual(["net-04-alb-hardening"]);
    });

    test("production loses deletion protection; outside production its absence is allowed, unless the production tag is missing", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_lb").values["enable_deletion_protection"] = false))).toEqual(["net-04-alb-hardening"]);
      expect(fired((plans) => (only(plans, "dev", "aws_lb").values["enable_deletion_protection"] = false))).toEqual([]);
      expect(
        fired((plans) => {
          const tags = block(awsProviders(stack(plans, "dev"))[0]["default_tags"])?.["tags"] as Record<string, string>;
          delete tags["mcp:production"];
        })
      ).toEqual(["net-04-alb-hardening"]);
    });

    test("the target group forwards to the gateway in clear text", () => {
      expect(fired((plans) => (only(plans, "prod", "aws_lb_target_group").values["protocol"] = "HTTP"))).toEqual(["net-04-https-target-groups"]);
    });

    test("the health check moves to the Host-routed traffic port, or is HTTP there", () => {
      const healthCheck = (plans: Artifacts) => only(plans, "prod", "aws_lb_target_group").values["health_check"] as Record<string, unknown>;
      expect(fired((plans) => Object.assign(healthCheck(plans), { port: "traffic-port", protocol: "HTTPS" }))).toEqual(["net-04-edge-health-check-status-port"]);
      expect(fired((plans) => Object.assign(healthCheck(plans), { port: "traffic-port" }))).toEqual(["net-04-edge-health-check-status-port", "net-04-https-target-groups"]);
      expect(fired((plans) => Object.assign(healthCheck(plans), { path: "/" }))).toEqual(["net-04-edge-health-check-status-port"]);
    });
  });
});
