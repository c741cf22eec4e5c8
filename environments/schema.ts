/**
 * The typed shape of one environment's configuration.
 *
 * An environment is one AWS account with its own VPC, keys, state backend and MCP servers (ISO-03).
 * Platform teams write one file of this shape per environment; `parseEnvironment` validates it.
 */

/** The name of an environment: lower-case letters and digits, starting with a letter. */
export type EnvironmentName = string;

/** A tool an MCP server exposes, and the OAuth scopes a caller needs to invoke it. */
export interface McpToolConfig {
  /** Tool name exactly as the server lists it in `tools/list`. */
  readonly name: string;
  /** OAuth scopes required to call this tool. At least one. */
  readonly scopes: readonly string[];
}

/** Per-server resource quota (CTR-03, MSH-04). Kubernetes quantities. */
export interface McpServerQuota {
  /** CPU limit per replica, as a Kubernetes quantity ("500m", "2"). */
  readonly cpu: string;
  /** Memory limit per replica, as a Kubernetes quantity ("512Mi", "2Gi"). */
  readonly memory: string;
  /** Ephemeral storage per replica, whole GiB ("1Gi"). */
  readonly ephemeralStorage: string;
  /** Maximum number of replicas. */
  readonly maxReplicas: number;
  /** Requests per minute allowed per caller at the gateway. */
  readonly requestsPerMinute: number;
}

/** The onboarding record every MCP server needs before it is deployed (TOOL-01..03, TS-03). */
export interface McpServerOnboarding {
  /** The team or person accountable for the server (an e-mail address or team handle). */
  readonly owner: string;
  /** What the server is for, in one sentence. */
  readonly purpose: string;
  /** The most sensitive data class the server handles. */
  readonly dataClassification: "public" | "internal" | "confidential" | "restricted";
}

/** One MCP server hosted in the environment. */
export interface McpServerConfig {
  /** DNS-label name, unique in the environment: it names the namespace, roles, log group and route. */
  readonly name: string;
  /** Container image pinned by digest: `<registry>/<repo>@sha256:<64 hex>`. */
  readonly image: string;
  /** TCP port the server listens on inside its pod. */
  readonly port: number;
  /** External domains the server may reach (egress allowlist); exact names or `*.example.com`. */
  readonly egressDomains: readonly string[];
  /** Resource quota. */
  readonly quota: McpServerQuota;
  /** Tools the server exposes; only these are routed and callable. */
  readonly tools: readonly McpToolConfig[];
  /** Onboarding record. */
  readonly onboarding: McpServerOnboarding;
}

/** Where and how this environment keeps its Terraform state. */
export interface StateBackendConfig {
  /** S3 bucket holding state; versioned and KMS-encrypted, in the environment's own account. */
  readonly bucket: string;
  /** KMS key (ARN or `alias/...`) that encrypts state objects. */
  readonly kmsKeyId: string;
  /** Region of the bucket. */
  readonly region: string;
}

/**
 * Settings that make the environment stronger or weaker. Cross-environment validation requires that
 * prod is never weaker than any other environment on any of these.
 */
export interface SecuritySettings {
  /** Retention of every CloudWatch log group, in days (one of CloudWatch's allowed values). */
  readonly logRetentionDays: number;
  /** Days a deleted KMS key waits before deletion (7 to 30). */
  readonly kmsDeletionWindowDays: number;
  /** Aggregation interval of VPC flow logs in seconds: 60 is finer than 600. */
  readonly flowLogAggregationSeconds: 60 | 600;
  /** Non-standard TCP port of the bastion's sshd (PUB-05). */
  readonly sshPort: number;
}

/** A deliberate, reviewed weakening of one rule on one resource. */
export interface PolicyExceptionConfig {
  /** Rule ID (file name under policies/rules). */
  readonly rule: string;
  /** Terraform address (`aws_security_group.edge`) or Kubernetes object (`Namespace/foo`) it applies to. */
  readonly resource: string;
  /** Why this is acceptable, who approved it, and until when. At least 20 characters. */
  readonly justification: string;
}

/** One environment. */
export interface EnvironmentConfig {
  /** Environment name; stacks are named `mcp-<name>`. */
  readonly name: EnvironmentName;
  /** Whether this is a production environment (the strictest defaults and checks apply). */
  readonly production: boolean;
  /** The environment's own 12-digit AWS account ID. */
  readonly accountId: string;
  /** AWS region, e.g. `eu-central-1`. */
  readonly region: string;
  /** IAM role in the account that Terraform assumes to deploy. */
  readonly deployRoleName: string;
  /** IPv4 CIDR of the VPC, /16 to /20. Must not overlap any other environment's. */
  readonly vpcCidr: string;
  /** Number of availability zones: at least 2, at least 3 in production. */
  readonly azCount: number;
  /** CIDRs administrators connect from (applied to the VPN and the bastion, layered). */
  readonly adminCidrs: readonly string[];
  /** Tags applied to every resource through the provider's default tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Terraform state backend. */
  readonly state: StateBackendConfig;
  /** Security settings. */
  readonly security: SecuritySettings;
  /** MCP servers hosted in this environment. */
  readonly mcpServers: readonly McpServerConfig[];
  /** Accepted policy exceptions. */
  readonly exceptions: readonly PolicyExceptionConfig[];
}
