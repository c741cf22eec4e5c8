/**
 * An accepted exception must name a rule of the rule pack and a resource that synthesis creates. `validate` checks
 * both the way `synth` applies them (synth refuses an exception naming no resource, and would leave one naming no
 * rule inert), so a typo is a validate error, with the nearest rule or resource suggested.
 */
import { ApiObject } from "cdk8s";
import { App, TerraformResource } from "cdktf";
import { terraformAddress } from "../constructs/policy-exception";
import { ConfigProblem } from "../environments/config-error";
import { closestMatch, didYouMean } from "../environments/did-you-mean";
import { quote } from "../environments/quote";
import { EnvironmentConfig } from "../environments/schema";
import { kubernetesAddress } from "../policies/kubernetes";
import { ALL_RULES } from "../policies/rules";
import { KubernetesObject } from "../policies/types";
import { McpEnvironmentStack } from "./environment-stack";
import { buildWorkloads, isKubernetesAddress } from "./workloads";

/** How far a misspelt rule ID or address may be from the real one to be suggested. */
const NEAR_MISS_DISTANCE = 3;

/** The problems of exceptions naming no rule of the rule pack; `source` (a file or environment name) prefixes each path. */
export function exceptionRuleProblems(environment: EnvironmentConfig, source: string): ConfigProblem[] {
  const ids = ALL_RULES.map((rule) => rule.id);
  return environment.exceptions.flatMap(({ rule }, index) => {
    if (ids.includes(rule)) return [];
    const near = closestMatch(rule, ids, NEAR_MISS_DISTANCE);
    return [
      {
        path: `${source}: exceptions[${index}].rule`,
        message: `no rule ${quote(rule)} in the rule pack`,
        hint: near ? didYouMean(near) : "use a rule ID that `mcp-harden controls` lists: the file name under policies/rules, without .ts",
      },
    ];
  });
}

/** Every Terraform address (`type.name`) synthesis creates for `environment`. */
function terraformAddresses(environment: EnvironmentConfig): string[] {
  const stack = new McpEnvironmentStack(new App({ skipValidation: true }), environment);
  return stack.node.findAll().flatMap((node) => (node instanceof TerraformResource ? [terraformAddress(node)] : []));
}

/** Every Kubernetes address (`Kind/namespace/name`) synthesis creates for `environment`. */
function kubernetesAddresses(environment: EnvironmentConfig): string[] {
  return buildWorkloads(environment)
    .app.node.findAll()
    .flatMap((node) => (node instanceof ApiObject ? [kubernetesAddress(node.toJson() as KubernetesObject)] : []));
}

/**
 * The problems of exceptions naming no rule or no resource synthesis creates for `environment`; builds the
 * environment's Terraform stack or Kubernetes workloads (without writing anything) only when an exception names a
 * resource of that kind.
 */
export function exceptionTargetProblems(environment: EnvironmentConfig, source: string): ConfigProblem[] {
  const problems = exceptionRuleProblems(environment, source);
  let terraform: string[] | undefined;
  let kubernetesObjects: string[] | undefined;
  environment.exceptions.forEach(({ resource }, index) => {
    const kubernetes = isKubernetesAddress(resource);
    const candidates = kubernetes ? (kubernetesObjects ??= kubernetesAddresses(environment)) : (terraform ??= terraformAddresses(environment));
    if (candidates.includes(resource)) return;
    const near = closestMatch(resource, candidates, NEAR_MISS_DISTANCE);
    problems.push({
      path: `${source}: exceptions[${index}].resource`,
      message: `synthesis creates no ${kubernetes ? "Kubernetes object" : "Terraform resource"} ${quote(resource)}`,
      hint: near
        ? didYouMean(near)
        : kubernetes
          ? `use Kind/namespace/name from dist/k8s/${environment.name}/, e.g. Deployment/<server>/<server>`
          : "use the Terraform address from cdktf.out/stacks/<stack>/cdk.tf.json, e.g. aws_security_group.security-groups_edge_1A2B3C4D",
    });
  });
  return problems;
}
