import { flowExecutions, isSecondFactor, keycloakRealms, realmClients, realmFlows, realmViolation } from "../identity";
import { records } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The authenticator that checks a password. */
const PASSWORD = "auth-username-password-form";

/**
 * Every user signs in with a second factor (AUTH-01): the realm's browser flow exists, and every flow of it that asks
 * for a password also requires a second factor (OTP or WebAuthn, or a sub-flow of only those) beside it; new users
 * must set one up (`CONFIGURE_TOTP` a default action); no client overrides the browser flow or takes passwords
 * directly (the resource owner password grant skips the second factor); brute-force protection is on; nobody
 * registers themselves.
 */
const rule: Rule = {
  id: "auth-01-realm-mfa-required",
  controls: ["AUTH-01"],
  severity: "critical",
  description: "The Keycloak realm requires a second factor at every password sign-in, protects against brute force, and no client bypasses the browser flow.",
  remediation: "Generate the realm with keycloakRealm (constructs/k8s/keycloak-realm.ts): its browser flow requires WebAuthn or OTP after the password, CONFIGURE_TOTP is a default action, clients use the code flow only.",
  check: (artifacts) =>
    keycloakRealms(artifacts).flatMap((view): Violation[] => {
      const { realm } = view;
      if (!realm) return [realmViolation(view, view.problem ?? "cannot be read")];
      const findings: string[] = [];
      const flows = realmFlows(realm);
      const browser = String(realm["browserFlow"] ?? "browser");
      if (!flows.has(browser)) findings.push(`its browser flow "${browser}" is not defined in the realm: Keycloak's built-in flow makes OTP optional`);
      for (const [alias, flow] of flows) {
        const executions = flowExecutions(flow).filter((execution) => execution["requirement"] !== "DISABLED");
        const password = executions.some((execution) => execution["authenticator"] === PASSWORD);
        if (password && !executions.some((execution) => execution["requirement"] === "REQUIRED" && isSecondFactor(execution, flows))) {
          findings.push(`flow "${alias}" accepts a password without a required second factor (OTP or WebAuthn)`);
        }
      }
      const totp = records(realm["requiredActions"]).find((action) => action["providerId"] === "CONFIGURE_TOTP");
      if (totp?.["enabled"] !== true || totp["defaultAction"] !== true) findings.push("CONFIGURE_TOTP is not an enabled default action: a new user could sign in before setting up a second factor");
      if (realm["bruteForceProtected"] !== true) findings.push("brute-force protection is off");
      if (realm["registrationAllowed"] === true) findings.push("self-registration is on");
      for (const client of realmClients(realm)) {
        const id = String(client["clientId"]);
        if (client["directAccessGrantsEnabled"] !== false) findings.push(`client ${id} allows the password grant (directAccessGrantsEnabled), which skips the second factor`);
        const overrides = client["authenticationFlowBindingOverrides"];
        if (overrides !== undefined && Object.keys(overrides as object).length > 0) findings.push(`client ${id} overrides the realm's authentication flows`);
      }
      return findings.map((message) => realmViolation(view, message));
    }),
};

export default rule;
