import { accessReview } from "../access-review";
import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { realmProblems } from "../realm-access-review";
import { Artifacts, Rule, StackArtifact, Violation } from "../types";

function stackFindings(artifacts: Artifacts, stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack)) return [];
  const environment = /^mcp-(.+)$/.exec(stack.name)?.[1];
  const review = environment === undefined ? undefined : accessReview(artifacts, environment);
  return (review?.realms ?? []).flatMap(realmProblems).map((problem) => accountViolation(stack, problem));
}

/**
 * The Keycloak realm passes its automated access review (OPS-04): in every environment deploying Keycloak, the review
 * of its realm file (policies/realm-access-review.ts, part of `mcp-harden access-review`) finds no client with full
 * scope allowed, no tool permission or just-in-time grant among a client's default scopes, no user or service account
 * with admin rights, and no default role granting more than uma_authorization.
 */
const rule: Rule = {
  id: "ops-04-keycloak-realm-access-review",
  controls: ["OPS-04"],
  severity: "high",
  description: "The Keycloak realm's access review finds no full-scope client, no grant scope given by default, no user or service account with admin rights, and a default role granting at most uma_authorization.",
  remediation: "Generate the realm with keycloakRealm (constructs/k8s/keycloak-realm.ts): clients with fullScopeAllowed false and tool scopes optional, no users or service accounts with realm-management roles, default-roles-<realm> granting nothing; read the review with mcp-harden access-review --env <env>.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => stackFindings(artifacts, stack)),
};

export default rule;
