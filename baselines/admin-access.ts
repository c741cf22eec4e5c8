/**
 * The administrator access baseline (PUB-08): how a privileged role is marked, what its trust policy must require
 * (the SAML audience and the MFA session tag) and how long its sessions may last. Shared by AdminRoles and rule
 * pub-08-admin-roles-require-mfa.
 */

/** The audience of SAML assertions for AWS sign-in and `AssumeRoleWithSAML`. */
export const SAML_SIGN_IN_AUDIENCE = "https://signin.aws.amazon.com/saml";

/**
 * The session tag the identity provider sets to `"true"` only after the user completed MFA. In SAML it is the
 * attribute `https://aws.amazon.com/SAML/Attributes/PrincipalTag:mfa-authenticated`; role trust policies see it
 * as `aws:RequestTag/mfa-authenticated`.
 */
export const MFA_SESSION_TAG = "mfa-authenticated";

/** The tag that marks a role as human-assumable and privileged; PUB-08 holds such roles to the MFA requirements. */
export const PRIVILEGED_TAG = "mcp:privileged";

/** The longest session of an administrator role, in seconds (4 hours): baseline of PUB-08 and JIT-01. */
export const MAX_ADMIN_SESSION_SECONDS = 14_400;
