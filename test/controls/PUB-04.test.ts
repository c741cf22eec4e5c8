import { Artifacts } from "../../policies/types";
import { ENVIRONMENTS, only, ref, rulesFiredFor } from "../support/edge";
import { addResource, findingsFor, stackResources, synthesizedPlans, tier } from "../support/plans";

const edgeGroup = (plans: Artifacts, environment: string) => only(plans, environment, "aws_security_group", (group) => tier(group) === "edge");
const httpsListener = (plans: Artifacts, environment: string) => only(plans, environment, "aws_lb_listener", (listener) => listener.values["port"] === 443);

describe("PUB-04 service and port management (the internet-facing edge)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the internet reaches only the edge group, only on 443", () => {
      const open = stackResources(plans, environment, "aws_vpc_security_group_ingress_rule")
        .filter((rule) => rule.values["cidr_ipv4"] === "0.0.0.0/0" || rule.values["cidr_ipv6"] === "::/0")
        .map((rule) => [rule.values["security_group_id"], rule.values["ip_protocol"], rule.values["from_port"], rule.values["to_port"], rule.values["cidr_ipv4"] ?? rule.values["cidr_ipv6"]])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const group = ref(edgeGroup(plans, environment), "id");
      expect(open).toEqual([
        [group, "tcp", 443, 443, "::/0"],
        [group, "tcp", 443, 443, "0.0.0.0/0"],
      ]);
    });

    test("the only listener is HTTPS on 443: nothing listens in clear text, not even to redirect", () => {
      expect(stackResources(plans, environment, "aws_lb_listener").map((listener) => [listener.values["port"], listener.values["protocol"], (listener.values["default_action"] as { type: string }[]).map((action) => action.type)])).toEqual([
        [443, "HTTPS", ["forward"]],
      ]);
    });

    test("the synthesized plan passes every PUB-04 rule", () => {
      expect(findingsFor(plans, "PUB-04")).toEqual([]);
    });
  });

  describe("check reports PUB-04 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFiredFor("PUB-04", synthesizedPlans(), mutate);

    /** Adds a port-80 listener on the edge load balancer, as the removed redirect was, with `defaultAction`. */
    const addHttpListener = (plans: Artifacts, environment: string, defaultAction: unknown[]) =>
      addResource(plans, environment, "aws_lb_listener", "http", { load_balancer_arn: httpsListener(plans, environment).values["load_balancer_arn"], port: 80, protocol: "HTTP", default_action: defaultAction });
    const openPort80 = (plans: Artifacts, environment: string) => {
      for (const [id, peer] of [["http-ipv4", { cidr_ipv4: "0.0.0.0/0" }], ["http-ipv6", { cidr_ipv6: "::/0" }]] as const) {
        addResource(plans, environment, "aws_vpc_security_group_ingress_rule", id, { security_group_id: ref(edgeGroup(plans, environment), "id"), ...peer, ip_protocol: "tcp", from_port: 80, to_port: 80 });
      }
    };

    test("a port-80 listener comes back, even one that only redirects to HTTPS (a client configured with http:// sends its token in clear text)", () => {
      const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }];
      expect(fired((plans) => addHttpListener(plans, "prod", redirect))).toEqual(["net-04-https-listeners"]);
      expect(fired((plans) => (openPort80(plans, "prod"), addHttpListener(plans, "prod", redirect)))).toEqual(["net-04-https-listeners"]);
      expect(fired((plans) => addHttpListener(plans, "dev", [{ type: "forward", target_group_arn: ref(only(plans, "dev", "aws_lb_target_group"), "arn") }]))).toEqual(["net-04-https-listeners"]);
    });

    test("port 80 is opened to the internet without a listener", () => {
      expect(fired((plans) => openPort80(plans, "dev"))).toEqual(["net-01-no-open-ingress"]);
    });

    test("another port is opened to the internet on the edge group", () => {
      expect(
        fired((plans) =>
          addResource(plans, "test", "aws_vpc_security_group_ingress_rule", "edge-admin-ui", {
            security_group_id: ref(edgeGroup(plans, "test"), "id"),
            cidr_ipv4: "0.0.0.0/0",
            ip_protocol: "tcp",
            from_port: 8080,
            to_port: 8080,
          })
        )
      ).toEqual(["net-01-no-open-ingress"]);
    });
  });
});
