import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { MAX_ADMIN_SESSION_SECONDS, MFA_SESSION_TAG, PRIVILEGED_TAG, SAML_SIGN_IN_AUDIENCE } from "../baselines/admin-access";
import { samlProviderAccount } from "../shared/arn";
import { policyDocument, PolicyStatement } from "./policy-document";

/** The AWS managed policy that grants read access to (nearly) every service. */
export const READ_ONLY_ACCESS_POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";


/** Properties of {@link AdminRoles}. */
export interface AdminRolesProps {
  /** Prefix of every name: the roles are `<name>-admin` and `<name>-readonly`. */
  readonly name: string;
  /** The account the roles live in; the identity provider must belong to it. */
  readonly accountId: string;
  /** The region the administrators operate in. */
  readonly region: string;
  /** ARN of the IAM SAML provider (the environment's identity provider) whose users may assume the roles. */
  readonly samlProviderArn: string;
  /** Longest session, in seconds: 3600 to 14400. @default 3600 */
  readonly maxSessionDuration?: number;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The human-assumable roles of an environment (PUB-08, JIT-01, JIT-00): `<name>-admin` (operates the EKS
 * cluster, opens Session Manager sessions to the bastion, reads everything) and `<name>-readonly` (reads
 * everything). Nobody holds them permanently: they are assumed through the environment's SAML identity provider
 * for at most `maxSessionDuration`, and both carry a permissions boundary that forbids long-term credentials,
 * changing the roles themselves, tampering with audit records and reading secret values.
 *
 * What is enforceable where (MFA):
 * - `AssumeRoleWithSAML` is an unsigned call: its request context has no `aws:MultiFactorAuthPresent` (that key
 *   exists only for requests signed with temporary credentials), and AWS exposes no `saml:` key for the
 *   assertion's `AuthnContextClassRef`. A trust condition on either would never match, or not exist.
 * - What the trust policy CAN check is what the identity provider signs into the assertion: the audience
 *   (`SAML:aud`) and session tags (`aws:RequestTag/<key>`). The identity provider must release the session tag
 *   {@link MFA_SESSION_TAG} = `"true"` only for sign-ins that completed MFA (authenticator app or hardware key);
 *   the trust policy requires it. Without the tag the assumption is refused.
 * - `Bool aws:MultiFactorAuthPresent = "true"` is the right condition only where an IAM principal calls
 *   `sts:AssumeRole`; the blueprint creates no IAM users, so its roles have no such path.
 */
export class AdminRoles extends Construct {
  /** `<name>-admin`: cluster administration and bastion sessions. */
  readonly admin: IamRole;
  /** `<name>-readonly`: read access. */
  readonly readOnly: IamRole;
  /** The permissions boundary of both roles. */
  readonly boundary: IamPolicy;

  constructor(scope: Construct, id: string, props: AdminRolesProps) {
    super(scope, id);
    const { accountId, region, name } = props;
    const maxSessionDuration = props.maxSessionDuration ?? 3600;
    if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > MAX_ADMIN_SESSION_SECONDS) {
      throw new Error(`AdminRoles "${name}": maxSessionDuration must be whole seconds from 3600 to ${MAX_ADMIN_SESSION_SECONDS}, got ${maxSessionDuration}.`);
    }
    if (samlProviderAccount(props.samlProviderArn) !== accountId) {
      throw new Error(`AdminRoles "${name}": samlProviderArn must be an IAM SAML provider of account ${accountId} (arn:aws:iam::${accountId}:saml-provider/<name>), got "${props.samlProviderArn}".`);
    }
    const roleArn = (suffix: string) => `arn:aws:iam::${accountId}:role/${name}-${suffix}`;

    this.boundary = new IamPolicy(this, "boundary", {
      name: `${name}-privileged-boundary`,
      description: "Permissions boundary of the human-assumable roles",
      policy: policyDocument(boundaryStatements(name, accountId, [roleArn("admin"), roleArn("readonly")])),
      tags: props.tags,
    });
    const role = (suffix: "admin" | "readonly", description: string) =>
      new IamRole(this, suffix, {
        name: `${name}-${suffix}`,
        description,
        assumeRolePolicy: samlMfaTrustPolicy(props.samlProviderArn),
        maxSessionDuration,
        permissionsBoundary: this.boundary.arn,
        forceDetachPolicies: true,
        tags: { ...props.tags, [PRIVILEGED_TAG]: "true", "mcp:access-level": suffix },
      });
    this.admin = role("admin", "Environment administrators: EKS cluster admin and bastion sessions, MFA through the identity provider");
    this.readOnly = role("readonly", "Read-only access for administrators and auditors, MFA through the identity provider");

    const operate = new IamPolicy(this, "admin-operate", {
      name: `${name}-admin-operate`,
      description: "What environment administrators may change: EKS node groups and Session Manager sessions to the bastion",
      policy: policyDocument(operateStatements(accountId, region)),
      tags: props.tags,
    });
    new IamRolePolicyAttachment(this, "admin-read", { role: this.admin.name, policyArn: READ_ONLY_ACCESS_POLICY_ARN });
    new IamRolePolicyAttachment(this, "admin-operate-attachment", { role: this.admin.name, policyArn: operate.arn });
    new IamRolePolicyAttachment(this, "readonly-read", { role: this.readOnly.name, policyArn: READ_ONLY_ACCESS_POLICY_ARN });
  }
}

/** A trust policy admitting only users of one SAML provider whose assertion carries the MFA session tag. */
export function samlMfaTrustPolicy(samlProviderArn: string): string {
  return policyDocument([
    {
      Sid: "FederatedSignInWithMfaOnly",
      Effect: "Allow",
      Principal: { Federated: samlProviderArn },
      Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
      Condition: { StringEquals: { "SAML:aud": SAML_SIGN_IN_AUDIENCE, [`aws:RequestTag/${MFA_SESSION_TAG}`]: "true" } },
    },
  ]);
}

function boundaryStatements(name: string, accountId: string, privilegedRoles: readonly string[]): PolicyStatement[] {
  return [
    { Sid: "AllowWithinTheDenials", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "DenyLongTermCredentials",
      Effect: "Deny",
      Action: [
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreateServiceSpecificCredential",
        "iam:CreateUser",
        "iam:UpdateLoginProfile",
        "iam:UploadSSHPublicKey",
        "iam:UploadSigningCertificate",
      ],
      Resource: "*",
    },
    {
      Sid: "DenyChangingThePrivilegedRoles",
      Effect: "Deny",
      Action: [
        "iam:AttachRolePolicy",
        "iam:DeleteRole",
        "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: privilegedRoles,
    },
    {
      Sid: "DenyChangingTheirPolicies",
      Effect: "Deny",
      Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
      Resource: `arn:aws:iam::${accountId}:policy/${name}-*`,
    },
    {
      Sid: "DenyTamperingWithAuditRecords",
      Effect: "Deny",
      Action: [
        "cloudtrail:DeleteTrail",
        "cloudtrail:PutEventSelectors",
        "cloudtrail:StopLogging",
        "cloudtrail:UpdateTrail",
        "config:DeleteConfigurationRecorder",
        "config:StopConfigurationRecorder",
        "ec2:DeleteClientVpnEndpoint",
        "ec2:DeleteFlowLogs",
        "ec2:ModifyClientVpnEndpoint",
        "guardduty:DeleteDetector",
        "guardduty:UpdateDetector",
        "kms:DisableKey",
        "kms:DisableKeyRotation",
        "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion",
        "logs:DeleteLogGroup",
        "logs:DeleteLogStream",
        "logs:DeleteRetentionPolicy",
        "logs:DisassociateKmsKey",
        "logs:PutRetentionPolicy",
        "securityhub:DisableSecurityHub",
      ],
      Resource: "*",
    },
    { Sid: "DenyReadingSecretValues", Effect: "Deny", Action: "secretsmanager:GetSecretValue", Resource: "*" },
  ];
}

function operateStatements(accountId: string, region: string): PolicyStatement[] {
  return [
    {
      Sid: "OperateEksClusters",
      Effect: "Allow",
      Action: [
        "eks:AccessKubernetesApi",
        "eks:DescribeCluster",
        "eks:DescribeNodegroup",
        "eks:ListNodegroups",
        "eks:UpdateNodegroupConfig",
        "eks:UpdateNodegroupVersion",
      ],
      Resource: [`arn:aws:eks:${region}:${accountId}:cluster/*`, `arn:aws:eks:${region}:${accountId}:nodegroup/*`],
    },
    {
      Sid: "SessionManagerToAdminTierInstances",
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: `arn:aws:ec2:${region}:${accountId}:instance/*`,
      Condition: { StringEquals: { "ssm:resourceTag/mcp:tier": "admin" }, BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
    },
    {
      Sid: "SessionManagerDefaultShellDocument",
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: `arn:aws:ssm:${region}:${accountId}:document/SSM-SessionManagerRunShell`,
    },
    {
      Sid: "OwnSessionsOnly",
      Effect: "Allow",
      Action: ["ssm:ResumeSession", "ssm:TerminateSession"],
      // `$${...}` is Terraform's escape: IAM receives the policy variable ${aws:userid}.
      Resource: `arn:aws:ssm:${region}:${accountId}:session/$\${aws:userid}-*`,
    },
  ];
}
