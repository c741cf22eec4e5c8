/**
 * IAM policy documents as plain data, serialized with a stable key order so plans diff cleanly and
 * policy rules can read every statement from the synthesized JSON.
 */

/** One IAM policy statement. */
export interface PolicyStatement {
  /** Statement ID, unique in its document. */
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  /**
   * Whom a resource or trust policy applies to.
   * @default none: an identity policy, which names no principal
   */
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  /**
   * The resources it applies to. Omitted in trust policies, which must not have one.
   * @default none: a trust policy
   */
  readonly Resource?: string | readonly string[];
  /**
   * Conditions, by operator then key.
   * @default none: unconditional
   */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Serializes statements as an IAM policy document (version 2012-10-17). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Serializes a trust policy that lets one AWS service assume a role, limited to calls from one account. */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return policyDocument([
    {
      Sid: "AllowServiceFromThisAccount",
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Who may assume a role through EKS Pod Identity: one service account of one namespace, in one cluster of one account. */
export interface PodIdentityTrust {
  readonly accountId: string;
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** The trust policy of a role that only EKS Pod Identity may assume, and only for the given service account. */
export function podIdentityTrustPolicy(trust: PodIdentityTrust): string {
  return policyDocument([
    {
      Sid: "PodIdentityOfThisServiceAccountOnly",
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: {
        StringEquals: {
          "aws:SourceAccount": trust.accountId,
          "aws:RequestTag/eks-cluster-arn": trust.clusterArn,
          "aws:RequestTag/kubernetes-namespace": trust.namespace,
          "aws:RequestTag/kubernetes-service-account": trust.serviceAccount,
        },
        ArnEquals: { "aws:SourceArn": trust.clusterArn },
      },
    },
  ]);
}

/** The bucket policy statement that refuses every request to a bucket or its objects made without TLS. */
export function denyRequestsWithoutTls(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyRequestsWithoutTls",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
