import { App, TerraformStack } from "cdktf";
import { AdminRoles } from "../../constructs/admin-roles";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { TerraformResource } from "../../policies/terraform";
import { Artifacts } from "../../policies/types";
import { addResource, findingsFor, stackResources, synthesizedPlans, tempDir } from "../support/plans";

const MFA_RULE = "pub-08-admin-roles-require-mfa";

/** The trust policy every privileged role of an environment must have: its SAML provider, the audience, the MFA tag. */
function expectedTrust(identityProviderArn: string): unknown {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "FederatedSignInWithMfaOnly",
        Effect: "Allow",
        Principal: { Federated: identityProviderArn },
        Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "aws:RequestTag/mfa-authenticated": "true" } },
      },
    ],
  };
}

describe("PUB-08 MFA for privileged access", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();
    const of = (type: string) => stackResources(plans, name, type);

    test("the admin and read-only roles trust only the environment's SAML provider, with the audience and the MFA session tag", () => {
      const roles = of("aws_iam_role").filter((role) => role.values["tags"] !== undefined && (role.values["tags"] as Record<string, string>)["mcp:privileged"] === "true");
      expect(roles.map((role) => role.values["name"]).sort()).toEqual([`mcp-${name}-admin`, `mcp-${name}-readonly`]);
      for (const role of roles) {
        expect(JSON.parse(String(role.values["assume_role_policy"]))).toEqual(expectedTrust(environment.access.identityProviderArn));
        expect(environment.access.identityProviderArn).toMatch(new RegExp(`^arn:aws:iam::${environment.accountId}:saml-provider/`));
      }
    });

    test("administrators reach the network only through federated sign-in (MFA at the identity provider) plus a client certificate", () => {
      const [endpoint] = of("aws_ec2_client_vpn_endpoint");
      expect(endpoint.values["authentication_options"]).toEqual([
        { type: "certificate-authentication", root_certificate_chain_arn: environment.access.vpn.rootCertificateChainArn },
        { type: "federated-authentication", saml_provider_arn: environment.access.vpn.samlProviderArn },
      ]);
    });

    test("no IAM user, login profile or access key exists", () => {
      for (const type of ["aws_iam_user", "aws_iam_user_login_profile", "aws_iam_access_key"]) expect(of(type)).toEqual([]);
    });

    test("the synthesized plan passes every PUB-08 rule", () => {
      expect(findingsFor(plans, "PUB-08")).toEqual([]);
    });
  });

  describe("check reports PUB-08 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts, admin: TerraformResource) => void) => {
      const plans = synthesizedPlans();
      mutate(plans, stackResources(plans, "prod", "aws_iam_role").find((role) => role.values["name"] === "mcp-prod-admin")!);
      return findingsFor(plans, "PUB-08").map((finding) => [finding.rule, finding.resource, finding.message]);
    };
    const trust = (admin: TerraformResource) => JSON.parse(String(admin.values["assume_role_policy"]));
    const setTrust = (admin: TerraformResource, edit: (statement: Record<string, any>) => void) => {
      const policy = trust(admin);
      edit(policy.Statement[0]);
      admin.values["assume_role_policy"] = JSON.stringify(policy);
    };
    const adminAddress = (plans = synthesizedPlans()) => stackResources(plans, "prod", "aws_iam_role").find((role) => role.values["name"] === "mcp-prod-admin")!.address;

    test("the MFA condition removed", () => {
      expect(fired((_, admin) => setTrust(admin, (statement) => delete statement.Condition.StringEquals["aws:RequestTag/mfa-authenticated"]))).toEqual([
        [MFA_RULE, adminAddress(), expect.stringMatching(/without requiring the MFA session tag/)],
      ]);
    });

    test("the MFA condition weakened to accept any value", () => {
      expect(fired((_, admin) => setTrust(admin, (statement) => (statement.Condition.StringEquals["aws:RequestTag/mfa-authenticated"] = ["true", "false"])))).toEqual([
        [MFA_RULE, adminAddress(), expect.stringMatching(/without requiring the MFA session tag/)],
      ]);
    });

    test("the SAML audience removed", () => {
      expect(fired((_, admin) => setTrust(admin, (statement) => delete statement.Condition.StringEquals["SAML:aud"]))).toEqual([
        [MFA_RULE, adminAddress(), expect.stringMatching(/without StringEquals SAML:aud/)],
      ]);
    });

    test("a SAML provider of another account trusted", () => {
      expect(fired((_, admin) => setTrust(admin, (statement) => (statement.Principal.Federated = "arn:aws:iam::999999999999:saml-provider/elsewhere")))).toEqual([
        [MFA_RULE, adminAddress(), "trusts the identity provider arn:aws:iam::999999999999:saml-provider/elsewhere of another account than 333333333333"],
      ]);
    });

    test("IAM principals of the account trusted without MFA; with aws:MultiFactorAuthPresent they pass", () => {
      const iamPrincipal = (condition: unknown) => (_: Artifacts, admin: TerraformResource) =>
        setTrust(admin, (statement) => {
          statement.Principal = { AWS: "arn:aws:iam::333333333333:root" };
          statement.Action = "sts:AssumeRole";
          statement.Condition = condition;
        });
      expect(fired(iamPrincipal(undefined))).toEqual([[MFA_RULE, adminAddress(), 'trusts IAM principals without Bool aws:MultiFactorAuthPresent = "true"']]);
      expect(fired(iamPrincipal({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } }))).toEqual([[MFA_RULE, adminAddress(), expect.stringMatching(/without Bool aws:MultiFactorAuthPresent/)]]);
      expect(fired(iamPrincipal({ Bool: { "aws:MultiFactorAuthPresent": "true" } }))).toEqual([]);
    });

    test("another account's principals trusted, even with MFA", () => {
      expect(
        fired((_, admin) =>
          setTrust(admin, (statement) => {
            statement.Principal = { AWS: "*" };
            statement.Condition = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
          }),
        ),
      ).toEqual([[MFA_RULE, adminAddress(), "trusts *, outside the environment's own account"]]);
    });

    test("a new role tagged mcp:privileged that a service may assume", () => {
      expect(
        fired((plans) =>
          addResource(plans, "prod", "aws_iam_role", "break_glass", {
            name: "mcp-prod-break-glass",
            assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
            tags: { "mcp:privileged": "true" },
          }),
        ),
      ).toEqual([[MFA_RULE, "aws_iam_role.break_glass", 'trusts {"Service":"ec2.amazonaws.com"}: only an identity provider with MFA or MFA-authenticated IAM principals may assume a privileged role']]);
    });

    test("a trust policy the rule cannot read", () => {
      expect(fired((_, admin) => (admin.values["assume_role_policy"] = "${data.aws_iam_policy_document.trust.json}"))).toEqual([
        [MFA_RULE, adminAddress(), "the trust policy is not a literal JSON document, so its MFA conditions cannot be verified"],
      ]);
    });

    test("an IAM user with a password and an access key added", () => {
      expect(
        fired((plans) => {
          addResource(plans, "prod", "aws_iam_user", "operator", { name: "operator" });
          addResource(plans, "prod", "aws_iam_user_login_profile", "operator", { user: "${aws_iam_user.operator.name}" });
          addResource(plans, "prod", "aws_iam_access_key", "operator", { user: "${aws_iam_user.operator.name}" });
        }),
      ).toEqual([
        ["pub-08-no-iam-users", "aws_iam_access_key.operator", "aws_iam_access_key creates a standing identity or long-term credential"],
        ["pub-08-no-iam-users", "aws_iam_user_login_profile.operator", "aws_iam_user_login_profile creates a standing identity or long-term credential"],
        ["pub-08-no-iam-users", "aws_iam_user.operator", "aws_iam_user creates a standing identity or long-term credential"],
      ]);
    });
  });

  describe("the AdminRoles construct", () => {
    const build = (samlProviderArn: string, maxSessionDuration?: number) => () =>
      new AdminRoles(new TerraformStack(new App({ outdir: tempDir("admin-roles") }), "s"), "roles", { name: "x", accountId: "123456789012", region: "eu-west-1", samlProviderArn, maxSessionDuration });

    test("refuses an identity provider of another account, and sessions longer than 4 hours", () => {
      expect(build("arn:aws:iam::123456789012:saml-provider/admins")).not.toThrow();
      expect(build("arn:aws:iam::999999999999:saml-provider/admins")).toThrow(/samlProviderArn must be an IAM SAML provider of account 123456789012/);
      expect(build("arn:aws:iam::123456789012:saml-provider/admins", 43200)).toThrow(/maxSessionDuration must be whole seconds from 3600 to 14400, got 43200/);
    });
  });
});
