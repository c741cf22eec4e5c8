import { Artifacts } from "../../policies/types";
import { ENVIRONMENTS, only, ref, rulesFiredFor } from "../support/edge";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tier } from "../support/plans";

const edgeGroup = (plans: Artifacts, environment: string) => only(plans, environment, "aws_security_group", (group) => tier(group) === "edge");
const port80Listener = (plans: Artifacts, environment: string) => only(plans, environment, "aws_lb_listener", (listener) => listener.values["port"] === 80);

describe("PUB-04 service and port management (the internet-facing edge)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the internet reaches only the edge group, only on 443 and on 80 for the HTTPS redirect", () => {
      const open = stackResources(plans, environment, "aws_vpc_security_group_ingress_rule")
        .filter((rule) => rule.values["cidr_ipv4"] === "0.0.0.0/0" || rule.values["cidr_ipv6"] === "::/0")
        .map((rule) => [rule.values["security_group_id"], rule.values["ip_protocol"], rule.values["from_port"], rule.values["to_port"], rule.values["cidr_ipv4"] ?? rule.values["cidr_ipv6"]])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const group = ref(edgeGroup(plans, environment), "id");
      expect(open).toEqual([
        [group, "tcp", 443, 443, "::/0"],
        [group, "tcp", 443, 443, "0.0.0.0/0"],
        [group, "tcp", 80, 80, "::/0"],
        [group, "tcp", 80, 80, "0.0.0.0/0"],
      ]);
    });

    test("the only listeners are HTTPS on 443 and the port-80 redirect", () => {
      expect(stackResources(plans, environment, "aws_lb_listener").map((listener) => [listener.values["port"], listener.values["protocol"], (listener.values["default_action"] as { type: string }[]).map((action) => action.type)])).toEqual(
        expect.arrayContaining([
          [443, "HTTPS", ["forward"]],
          [80, "HTTP", ["redirect"]],
        ])
      );
      expect(stackResources(plans, environment, "aws_lb_listener")).toHaveLength(2);
    });

    test("the synthesized plan passes every PUB-04 rule", () => {
      expect(findingsFor(plans, "PUB-04")).toEqual([]);
    });
  });

  describe("check reports PUB-04 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFiredFor("PUB-04", synthesizedPlans(), mutate);

    test("the port-80 listener serves requests instead of redirecting: port 80 is no longer just the redirect", () => {
      expect(
        fired((plans) => {
          const target = only(plans, "prod", "aws_lb_target_group");
          port80Listener(plans, "prod").values["default_action"] = [{ type: "forward", target_group_arn: ref(target, "arn") }];
        })
      ).toEqual(["net-01-no-open-ingress", "net-04-https-listeners"]);
    });

    test("the redirect listener is removed while port 80 stays open", () => {
      expect(fired((plans) => removeResources(plans, "dev", "aws_lb_listener", (listener) => listener.values["port"] === 80))).toEqual(["net-01-no-open-ingress"]);
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
