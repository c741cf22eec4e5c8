/**
 * Read-only helpers for rules over the path from the internet-facing load balancer into the cluster: which hosts the
 * load balancer serves (the domains of the ACM certificates its HTTPS listener presents; the listener's default
 * certificate names the MCP host), which target ports it forwards them to, and the Istio VirtualServices and Gateways
 * that receive them at the ingress gateway.
 */
import { defaultActions, isApplicationLoadBalancer, isInternetFacing, listenerProtocol, loadBalancers, stackListeners } from "./load-balancers";
import { LocatedObject, objects, record, records, strings } from "./kubernetes";
import { environmentOfGroup } from "./mesh";
import { stackEnvironment } from "./environments";
import { block, references, resolveReference, stackOf, stackResources, TerraformResource } from "./terraform";
import { Artifacts, StackArtifact } from "./types";

/** One host the load balancer serves. */
export interface EdgeHost {
  readonly host: string;
  /** Whether it is the listener's default certificate's host: the MCP host. */
  readonly mcp: boolean;
}

/** An internet-facing load balancer's HTTPS way in: its hosts and the target groups it forwards them to. */
export interface EdgeEntrance {
  readonly environment: string;
  readonly balancer: TerraformResource;
  readonly hosts: readonly EdgeHost[];
  readonly targetGroups: readonly TerraformResource[];
}

/** The domain of a `${data.aws_acm_certificate.<name>.arn}` reference, when the stack declares that data source. */
function certificateDomain(stack: StackArtifact, value: unknown): string | undefined {
  const name = /^\$\{data\.aws_acm_certificate\.([^.]+)\.arn\}$/.exec(String(value))?.[1];
  const certificates = (stack.json["data"] as Record<string, Record<string, Record<string, unknown>>> | undefined)?.["aws_acm_certificate"] ?? {};
  const domain = name === undefined ? undefined : certificates[name]?.["domain"];
  return typeof domain === "string" ? domain.toLowerCase() : undefined;
}

/** Every internet-facing application load balancer of an environment's stacks, with its HTTPS hosts and target groups. */
export function edgeEntrances(artifacts: Artifacts): EdgeEntrance[] {
  return loadBalancers(artifacts)
    .filter((balancer) => isApplicationLoadBalancer(balancer) && isInternetFacing(balancer))
    .flatMap((balancer) => {
      const stack = stackOf(artifacts, balancer);
      const environment = stackEnvironment(stack);
      if (environment === undefined) return [];
      const https = stackListeners(stack).filter((listener) => references(listener.values["load_balancer_arn"], balancer) && listenerProtocol(listener) === "HTTPS");
      const hosts = https.flatMap((listener): EdgeHost[] => {
        const main = certificateDomain(stack, listener.values["certificate_arn"]);
        const extra = stackResources(stack, "aws_lb_listener_certificate").filter((certificate) => references(certificate.values["listener_arn"], listener)).map((certificate) => certificateDomain(stack, certificate.values["certificate_arn"]));
        return [...(main === undefined ? [] : [{ host: main, mcp: true }]), ...extra.filter((host): host is string => host !== undefined).map((host) => ({ host, mcp: false }))];
      });
      const targetGroups = https.flatMap((listener) =>
        defaultActions(listener).flatMap((action) => {
          const arns = [action["target_group_arn"], ...records(block(action["forward"])?.["target_group"]).map((target) => target["arn"])];
          return arns.map((arn) => resolveReference(stack, arn)).filter((group): group is TerraformResource => group !== undefined);
        })
      );
      return [{ environment, balancer, hosts, targetGroups: [...new Set(targetGroups)] }];
    });
}

/** The ingress Gateways a VirtualService is bound to, as `namespace/name` (`mesh` is the sidecars, not an ingress). */
export function boundGateways(route: LocatedObject): string[] {
  return strings(record(route.object["spec"])?.["gateways"])
    .filter((gateway) => gateway !== "mesh")
    .map((gateway) => (gateway.includes("/") ? gateway : `${route.object.metadata.namespace ?? "default"}/${gateway}`));
}

/** Whether a VirtualService's or a Gateway server's host list takes a host (exact, `*`, `*.suffix`, optionally `ns/`-qualified). */
export function hostsTake(hosts: readonly string[], host: string): boolean {
  return hosts.some((entry) => {
    const name = entry.includes("/") ? entry.slice(entry.indexOf("/") + 1) : entry;
    return name === host || name === "*" || (name.startsWith("*.") && host.endsWith(name.slice(1)));
  });
}

/** The VirtualServices of each group of an environment (its YAML directory and its workloads stack) bound to an ingress Gateway for a host. */
export function ingressRoutes(artifacts: Artifacts, environment: string, host: string): { readonly groups: readonly string[]; readonly routes: readonly LocatedObject[] } {
  const inEnvironment = (item: LocatedObject) => environmentOfGroup(artifacts, item.group) === environment;
  const groups = [...new Set(objects(artifacts).filter(inEnvironment).map((item) => item.group))];
  const routes = objects(artifacts, "VirtualService").filter((route) => inEnvironment(route) && boundGateways(route).length > 0 && hostsTake(strings(record(route.object["spec"])?.["hosts"]), host));
  return { groups, routes };
}

/** The Gateway a `namespace/name` reference names, in a group. */
export function gatewayOf(artifacts: Artifacts, group: string, reference: string): LocatedObject | undefined {
  const [namespace, name] = reference.split("/");
  return objects(artifacts, "Gateway").find((item) => item.group === group && item.object.metadata.name === name && item.object.metadata.namespace === namespace);
}

/** A Gateway's servers. */
export function gatewayServers(gateway: LocatedObject): Record<string, unknown>[] {
  return records(record(gateway.object["spec"])?.["servers"]);
}

/** A server's host list. */
export function serverHosts(server: Record<string, unknown>): string[] {
  return strings(server["hosts"]);
}
