/**
 * Load balancers, listeners and target groups as rules read them from synthesized Terraform JSON. Both resource type
 * spellings (`aws_lb*` and the older `aws_alb*`) are read.
 */
import { Attributes, block, blocks, resources, stackResources, TerraformResource } from "./terraform";
import { Artifacts, StackArtifact } from "./types";

const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"];
const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];
const TARGET_GROUP_TYPES = ["aws_lb_target_group", "aws_alb_target_group"];

/** Every load balancer of every stack. */
export function loadBalancers(artifacts: Artifacts): TerraformResource[] {
  return LOAD_BALANCER_TYPES.flatMap((type) => resources(artifacts, type));
}

/** Every listener of every stack. */
export function listeners(artifacts: Artifacts): TerraformResource[] {
  return LISTENER_TYPES.flatMap((type) => resources(artifacts, type));
}

/** Every listener of one stack. */
export function stackListeners(stack: StackArtifact): TerraformResource[] {
  return LISTENER_TYPES.flatMap((type) => stackResources(stack, type));
}

/** Every target group of every stack. */
export function targetGroups(artifacts: Artifacts): TerraformResource[] {
  return TARGET_GROUP_TYPES.flatMap((type) => resources(artifacts, type));
}

/** Whether a load balancer is an Application Load Balancer (the provider's default type). */
export function isApplicationLoadBalancer(loadBalancer: TerraformResource): boolean {
  return (loadBalancer.values["load_balancer_type"] ?? "application") === "application";
}

/** Whether a load balancer faces the internet (`internal` is false by default). */
export function isInternetFacing(loadBalancer: TerraformResource): boolean {
  return loadBalancer.values["internal"] !== true;
}

/** A listener's protocol in upper case; a listener without one is HTTP, the provider's default for ALBs. */
export function listenerProtocol(listener: TerraformResource): string {
  return String(listener.values["protocol"] ?? "HTTP").toUpperCase();
}

/** A listener's default actions. */
export function defaultActions(listener: TerraformResource): Attributes[] {
  return blocks(listener.values["default_action"]);
}

/** Whether a listener is plain HTTP whose every default action redirects to HTTPS: it never serves a request. */
export function isHttpsRedirect(listener: TerraformResource): boolean {
  const actions = defaultActions(listener);
  return (
    listenerProtocol(listener) === "HTTP" &&
    actions.length > 0 &&
    actions.every((action) => action["type"] === "redirect" && String(block(action["redirect"])?.["protocol"] ?? "") === "HTTPS")
  );
}

/**
 * Whether a stack has port-80 listeners and all of them only redirect to HTTPS. Only then may the edge tier admit
 * the internet on TCP 80.
 */
export function port80OnlyRedirects(stack: StackArtifact): boolean {
  const onPort80 = stackListeners(stack).filter((listener) => listener.values["port"] === 80);
  return onPort80.length > 0 && onPort80.every(isHttpsRedirect);
}
