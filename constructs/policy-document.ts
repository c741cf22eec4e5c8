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
