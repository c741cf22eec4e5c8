import { MAX_ADMIN_SESSION_SECONDS, MFA_SESSION_TAG, PRIVILEGED_TAG, SAML_SIGN_IN_AUDIENCE } from "../../baselines/admin-access";
import { stackIsProduction } from "../environments";
import { resources, stackAccountId, stackOf, tagsOf, TerraformResource, violation } from "../terraform";
import { Rule, Violation } from "../types";

/** The longest session of a privileged production role, in seconds (JIT-01). */
const PRODUCTION_MAX_SESSION_SECONDS = 3600;
/** IAM's default `max_session_duration`, in seconds. */
const DEFAULT_SESSION_SECONDS = 3600;

type Conditions = Record<string, Record<string, unknown>>;

interface Statement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Conditions;
}

/** Whether a role is human-assumable and privileged: named `*-admin` / `*-readonly`, or tagged `mcp:privileged`. */
function isPrivileged(role: TerraformResource): boolean {
  const name = String(role.values["name"] ?? role.values["name_prefix"] ?? "");
  return /-(admin|readonly)$/.test(name) || tagsOf(role)[PRIVILEGED_TAG] === "true";
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Whether a condition operator tests a key for exactly one value: every listed value is `expected`. Keys are case-insensitive. */
function requires(conditions: Conditions | undefined, operator: string, key: string | RegExp, expected?: string): boolean {
  const tests = conditions?.[operator] ?? {};
  return Object.entries(tests).some(([candidate, value]) => {
    const matches = typeof key === "string" ? candidate.toLowerCase() === key.toLowerCase() : key.test(candidate);
    const values = list(value);
    return matches && values.length > 0 && values.every((item) => (expected === undefined ? typeof item === "string" && item !== "" : item === expected));
  });
}

/** Why one Allow statement of a privileged role's trust policy does not require MFA, or undefined when it does. */
function trustProblem(statement: Statement, accountId: string | undefined): string | undefined {
  const principal = statement.Principal;
  const principals = typeof principal === "object" && principal !== null ? (principal as Record<string, unknown>) : { "*": principal };
  const kinds = Object.keys(principals);
  const conditions = statement.Condition;
  const mfaTag = requires(conditions, "StringEquals", `aws:RequestTag/${MFA_SESSION_TAG}`, "true");
  if (kinds.length === 1 && kinds[0] === "Federated") {
    for (const provider of list(principals["Federated"]).map(String)) {
      const match = /^arn:aws[a-z-]*:iam::(\d{12}):(saml-provider|oidc-provider)\/(.+)$/.exec(provider);
      if (!match) return `trusts ${provider}, not an IAM SAML or OIDC identity provider`;
      if (accountId !== undefined && match[1] !== accountId) return `trusts the identity provider ${provider} of another account than ${accountId}`;
      if (match[2] === "saml-provider" && !requires(conditions, "StringEquals", "SAML:aud", SAML_SIGN_IN_AUDIENCE)) {
        return `trusts ${provider} without StringEquals SAML:aud = ${SAML_SIGN_IN_AUDIENCE}`;
      }
      const host = match[3].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      if (match[2] === "oidc-provider" && !requires(conditions, "StringEquals", new RegExp(`^${host}:aud$`, "i"))) {
        return `trusts ${provider} without a StringEquals condition on ${match[3]}:aud`;
      }
    }
    return mfaTag
      ? undefined
      : `trusts an identity provider without requiring the MFA session tag (StringEquals aws:RequestTag/${MFA_SESSION_TAG} = "true"), which the provider sets only after MFA`;
  }
  if (kinds.length === 1 && kinds[0] === "AWS") {
    const foreign = list(principals["AWS"])
      .map(String)
      .find((arn) => accountId === undefined || (arn !== accountId && !arn.startsWith(`arn:aws:iam::${accountId}:`)));
    if (foreign !== undefined) return `trusts ${foreign}, outside the environment's own account`;
    return requires(conditions, "Bool", "aws:MultiFactorAuthPresent", "true")
      ? undefined
      : 'trusts IAM principals without Bool aws:MultiFactorAuthPresent = "true"';
  }
  return `trusts ${JSON.stringify(principal)}: only an identity provider with MFA or MFA-authenticated IAM principals may assume a privileged role`;
}

/**
 * Privileged human-assumable roles (named `*-admin` / `*-readonly` or tagged `mcp:privileged`) can be assumed only
 * with MFA: through an identity provider of the environment's own account, with the audience pinned and the
 * MFA session tag the provider sets only after MFA, or by IAM principals with `aws:MultiFactorAuthPresent`. Their
 * sessions last at most one hour in production and four hours elsewhere (PUB-08, JIT-01).
 */
const rule: Rule = {
  id: "pub-08-admin-roles-require-mfa",
  controls: ["PUB-08", "JIT-01"],
  severity: "critical",
  description:
    "Privileged roles trust only the environment's identity provider with the MFA session tag (or IAM principals with aws:MultiFactorAuthPresent), and max_session_duration ≤ 3600 in production (≤ 14400 elsewhere).",
  remediation:
    "Use the AdminRoles construct: trust the environment's SAML provider with StringEquals SAML:aud and aws:RequestTag/mfa-authenticated = \"true\", and set max_session_duration to 3600 in production.",
  check: (artifacts) =>
    resources(artifacts, "aws_iam_role")
      .filter(isPrivileged)
      .flatMap((role): Violation[] => {
        const stack = stackOf(artifacts, role);
        const findings: Violation[] = [];
        const limit = stackIsProduction(stack) ? PRODUCTION_MAX_SESSION_SECONDS : MAX_ADMIN_SESSION_SECONDS;
        const duration = typeof role.values["max_session_duration"] === "number" ? role.values["max_session_duration"] : DEFAULT_SESSION_SECONDS;
        if (duration > limit) findings.push(violation(role, `max_session_duration is ${duration} seconds, above the limit of ${limit}`));
        let statements: Statement[];
        try {
          statements = list((JSON.parse(String(role.values["assume_role_policy"])) as { Statement?: unknown }).Statement) as Statement[];
        } catch {
          return [...findings, violation(role, "the trust policy is not a literal JSON document, so its MFA conditions cannot be verified")];
        }
        for (const statement of statements.filter((candidate) => candidate.Effect === "Allow")) {
          const problem = trustProblem(statement, stackAccountId(stack));
          if (problem) findings.push(violation(role, problem));
        }
        return findings;
      }),
};

export default rule;
