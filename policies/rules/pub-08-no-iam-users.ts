import { resources, violation } from "../terraform";
import { Rule } from "../types";

/** Resources that create IAM users or the long-term credentials only IAM users have. */
const LONG_TERM_IDENTITIES = [
  "aws_iam_user",
  "aws_iam_user_login_profile",
  "aws_iam_access_key",
  "aws_iam_service_specific_credential",
  "aws_iam_signing_certificate",
  "aws_iam_user_ssh_key",
];

/**
 * No standing human identities: the blueprint creates no IAM users, passwords or access keys. People assume
 * roles through the identity provider (with MFA) for a limited session instead (PUB-08, JIT-00, JIT-01).
 */
const rule: Rule = {
  id: "pub-08-no-iam-users",
  controls: ["PUB-08", "JIT-00", "JIT-01"],
  severity: "high",
  description: "No stack creates an IAM user, login profile, access key or other long-term user credential.",
  remediation: "Remove the IAM user and its credentials; grant access through a role assumed via the environment's identity provider with MFA (the AdminRoles construct).",
  check: (artifacts) =>
    LONG_TERM_IDENTITIES.flatMap((type) =>
      resources(artifacts, type).map((resource) => violation(resource, `${type} creates a standing identity or long-term credential`)),
    ),
};

export default rule;
