import { aclRule, aclRules, ENVIRONMENTS, patternSets } from "../support/edge";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { removeResources, stack, synthesizedPlans } from "../support/plans";
import { blockingRule } from "../support/waf-evaluator";
import { block } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { config } from "../support/compute";
import { Testing } from "cdk8s";
import { App, TerraformStack } from "cdktf";
import { KeycloakIngress, KeycloakIngressProps } from "../../constructs/k8s/keycloak-ingress";
import { McpWebAcl } from "../../constructs/mcp-web-acl";

const RULE = "auth-01-keycloak-edge-route";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(RULE));
const hostOf = (environment: string) => new URL(config(environment).gateway.jwt.issuer).hostname;
const realmOf = (environment: string) => config(environment).gateway.jwt.issuer.split("/").pop()!;
const virtualService = (plans: Artifacts) => yamlObject(plans, "prod", "VirtualService/keycloak/keycloak");
const EDGE = "mcp-prod aws_lb.edge_load-balancer_ECC0B3DC";

describe("AUTH-01, PUB-08: Keycloak is reachable at the edge on the issuer's host, its public paths only", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const host = hostOf(environment);
    const realm = realmOf(environment);

    test("the ingress serves the issuer's host over TLS and routes only the realm's public prefixes to Keycloak", () => {
      expect(yamlObject(plans, environment, "Gateway/istio-ingress/edge").spec).toEqual({
        selector: { app: "istio-ingressgateway" },
        servers: [{ port: { number: 8443, name: "https-edge", protocol: "HTTPS" }, hosts: ["*"], tls: { mode: "SIMPLE", serverCertificate: "/etc/istio/ingress-tls/tls.crt", privateKey: "/etc/istio/ingress-tls/tls.key", minProtocolVersion: "TLSV1_2" } }],
      });
      expect(yamlObject(plans, environment, "VirtualService/keycloak/keycloak").spec).toEqual({
        hosts: [host],
        gateways: ["istio-ingress/edge"],
        http: [{ name: "public-paths", match: [{ uri: { prefix: `/realms/${realm}/` } }, { uri: { prefix: "/resources/" } }], route: [{ destination: { host: "keycloak.keycloak.svc.cluster.local", port: { number: 8080 } } }] }],
      });
    });

    test("the load balancer presents the ACM certificate issued for the issuer's host", () => {
      const data = (stack(plans, environment).json["data"] as Record<string, Record<string, Record<string, unknown>>>)["aws_acm_certificate"];
      expect(data["auth-certificate"]).toMatchObject({ domain: host, statuses: ["ISSUED"] });
      const extra = (stack(plans, environment).json["resource"] as Record<string, Record<string, Record<string, unknown>>>)["aws_lb_listener_certificate"];
      expect(extra["auth-listener-certificate"]).toMatchObject({ certificate_arn: "${data.aws_acm_certificate.auth-certificate.arn}", listener_arn: expect.stringMatching(/^\$\{aws_lb_listener\.edge_https_[0-9A-F]+\.arn\}$/) });
    });

    test("the web ACL lets the realm's endpoints through and blocks /admin, the master realm and encoded detours on the host", () => {
      const rules = aclRules(plans, environment);
      const sets = patternSets(plans, environment);
      const verdict = (path: string, requestHost = host) => blockingRule(rules, { method: "GET", path, headers: { host: requestHost } }, sets);
      for (const open of [`/realms/${realm}/protocol/openid-connect/auth`, `/realms/${realm}/.well-known/openid-configuration`, `/realms/${realm}/login-actions/authenticate`, "/resources/abc/login/keycloak.v2/css/styles.css"]) {
        expect([open, verdict(open)]).toEqual([open, undefined]);
      }
      for (const closed of ["/admin/", "/admin/master/console/", "/admin/realms/" + realm + "/users", "/realms/master/protocol/openid-connect/token", `/realms/${realm}/../../admin/`, "/", "/metrics"]) {
        expect([closed, verdict(closed)]).toEqual([closed, "auth-public-paths-only"]);
        expect([closed, verdict(closed, host.toUpperCase())]).toEqual([closed, "auth-public-paths-only"]);
      }
    });

    test("the token and sign-in endpoints are rate-limited per client IP on the host", () => {
      expect(block(aclRule(plans, environment, "auth-rate-per-ip-sign-in")["statement"])?.["rate_based_statement"]).toMatchObject({
        limit: 300,
        aggregate_key_type: "IP",
        scope_down_statement: {
          and_statement: {
            statement: [
              { byte_match_statement: { field_to_match: { single_header: { name: "host" } }, positional_constraint: "EXACTLY", search_string: host } },
              {
                or_statement: {
                  statement: [
                    { byte_match_statement: { field_to_match: { uri_path: {} }, positional_constraint: "STARTS_WITH", search_string: `/realms/${realm}/protocol/openid-connect/` } },
                    { byte_match_statement: { field_to_match: { uri_path: {} }, positional_constraint: "STARTS_WITH", search_string: `/realms/${realm}/login-actions/` } },
                  ],
                },
              },
            ],
          },
        },
      });
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "AUTH-01"))).toEqual([]);
    });
  });

  describe("the constructs refuse an exposed admin path or a malformed host", () => {
    const ingress: KeycloakIngressProps = {
      host: "auth.example.com",
      publicPaths: ["/realms/mcp/", "/resources/"],
      gateway: "istio-ingress/edge",
      keycloak: { namespace: "keycloak", service: "keycloak", port: 8080 },
    };
    const acl = (authorizationServer: ConstructorParameters<typeof McpWebAcl>[2]["authorizationServer"]) => () =>
      new McpWebAcl(new TerraformStack(new App(), "stack"), "waf", {
        name: "mcp-x",
        mcpPathPrefix: "/mcp",
        humanPaths: ["/signin"],
        rateLimits: { perIp: 1000, perCredential: 600, perServerPath: 3000 },
        logKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
        logRetentionDays: 365,
        authorizationServer,
      });

    test("KeycloakIngress routes no /admin prefix, no catch-all, no prefix without its trailing slash", () => {
      for (const publicPaths of [["/admin/"], ["/"], [], ["/realms/mcp"]]) {
        expect(() => new KeycloakIngress(Testing.chart(), "ingress", { ...ingress, publicPaths })).toThrow(/publicPaths must list path prefixes starting and ending with "\/", never \/admin/);
      }
    });

    test("McpWebAcl takes a lower-case host and path prefixes for the authorization server", () => {
      expect(acl({ host: "Auth.Example.com", publicPaths: ["/realms/mcp/"], signInPaths: ["/realms/mcp/protocol/openid-connect/"] })).toThrow('authorizationServer host "Auth.Example.com" is not a lower-case host name');
      expect(acl({ host: "auth.example.com", publicPaths: [], signInPaths: ["/realms/mcp/protocol/openid-connect/"] })).toThrow(/publicPaths and signInPaths must each list at least one path prefix/);
      expect(acl({ host: "auth.example.com", publicPaths: ["/realms/mcp/"], signInPaths: ["/realms/mcp/protocol/openid-connect/"] })).not.toThrow();
    });
  });

  describe("check reports AUTH-01 when the real output is weakened", () => {
    const at = "prod/identity.yaml VirtualService/keycloak/keycloak";

    test("the route exposes /admin, or matches every path", () => {
      expect(ours(weakened("AUTH-01", (plans) => virtualService(plans).spec.http[0].match.push({ uri: { prefix: "/admin/" } })))).toEqual([
        `${RULE} ${at}: route public-paths for auth.example.com routes /admin/, outside /realms/mcp-prod/ and /resources/: only the realm's public paths may reach Keycloak, never /admin`,
      ]);
      expect(ours(weakened("AUTH-01", (plans) => delete virtualService(plans).spec.http[0].match))).toEqual([
        `${RULE} ${at}: route public-paths for auth.example.com matches every path: the admin console and every realm are reachable from the internet`,
      ]);
    });

    test("Keycloak's mesh policy admits the ingress on /admin, or on every path", () => {
      const policy = (plans: Artifacts) => yamlObject(plans, "prod", "AuthorizationPolicy/keycloak/allow-ingress-gateway");
      const mesh = `${RULE} prod/identity.yaml AuthorizationPolicy/keycloak/allow-ingress-gateway`;
      expect(ours(weakened("AUTH-01", (plans) => policy(plans).spec.rules[0].to[0].operation.paths.push("/admin/*")))).toEqual([
        `${mesh}: admits the ingress gateway on /admin/*: only /realms/* and /resources/* may be reached from the edge, never /admin`,
      ]);
      expect(ours(weakened("AUTH-01", (plans) => delete policy(plans).spec.rules[0].to))).toEqual([
        `${mesh}: admits the ingress gateway on every path: only /realms/* and /resources/* may be reached from the edge, never /admin`,
      ]);
    });

    test("nothing routes the host, or the Gateway serves it without TLS", () => {
      expect(ours(weakened("AUTH-01", (plans) => (virtualService(plans).spec.gateways = ["mesh"])))).toEqual([
        `${RULE} prod/identity.yaml ConfigMap/keycloak/keycloak-realm: no VirtualService bound to an ingress Gateway routes the issuer's host auth.example.com: clients cannot reach the realm to sign in or get tokens`,
      ]);
      expect(
        ours(
          weakened("AUTH-01", (plans) => {
            const server = yamlObject(plans, "prod", "Gateway/istio-ingress/edge").spec.servers[0];
            server.port.protocol = "HTTP";
            delete server.tls;
          })
        )
      ).toEqual([`${RULE} prod/mesh.yaml Gateway/istio-ingress/edge: serves auth.example.com without TLS (port protocol HTTPS, tls mode SIMPLE or MUTUAL with a credentialName or serverCertificate and privateKey files)`]);
    });

    test("the host is routed without the WAF rules that confine and rate-limit it", () => {
      const withoutRules = (names: string[]) => (plans: Artifacts) => {
        const acl = Object.values((stack(plans, "prod").json["resource"] as Record<string, Record<string, Record<string, unknown>>>)["aws_wafv2_web_acl"])[0];
        acl["rule"] = (acl["rule"] as Record<string, unknown>[]).filter((rule) => !names.includes(String(rule["name"])));
      };
      expect(ours(weakened("AUTH-01", withoutRules(["auth-public-paths-only", "auth-rate-per-ip-sign-in"])))).toEqual([
        `${RULE} ${EDGE}: has no blocking rate-based web ACL rule on auth.example.com/realms/mcp-prod/protocol/openid-connect/ (token and sign-in endpoints)`,
        `${RULE} ${EDGE}: has no web ACL rule blocking requests to auth.example.com outside /realms/mcp-prod/ and /resources/: /admin and the master realm are reachable from the internet`,
      ]);
    });

    test("the confining rule also admits /admin, or only counts", () => {
      expect(
        ours(
          weakened("AUTH-01", (plans) => {
            const rule = aclRule(plans, "prod", "auth-public-paths-only");
            const allowed = (block(rule["statement"]) as any).and_statement.statement[1].not_statement.statement[0].or_statement.statement;
            allowed.push({ ...allowed[1], byte_match_statement: { ...allowed[1].byte_match_statement, search_string: "/admin/" } });
          })
        )
      ).toEqual([`${RULE} ${EDGE}: has no web ACL rule blocking requests to auth.example.com outside /realms/mcp-prod/ and /resources/: /admin and the master realm are reachable from the internet`]);
      expect(ours(weakened("AUTH-01", (plans) => (aclRule(plans, "prod", "auth-public-paths-only")["action"] = { count: {} })))).toEqual([
        `${RULE} ${EDGE}: has no web ACL rule blocking requests to auth.example.com outside /realms/mcp-prod/ and /resources/: /admin and the master realm are reachable from the internet`,
      ]);
    });

    test("the load balancer has no certificate for the host", () => {
      expect(ours(weakened("AUTH-01", (plans) => removeResources(plans, "prod", "aws_lb_listener_certificate")))).toEqual([
        `${RULE} ${EDGE}: presents no certificate for the issuer's host auth.example.com on its HTTPS listener (an aws_lb_listener_certificate from an ACM certificate for auth.example.com)`,
      ]);
    });
  });
});
