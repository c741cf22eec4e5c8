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
  /**
   * Semantic and cross-field rules on the tool's arguments that the guard enforces on every call (IO-07, IO-08): each a
   * CEL expression over `args` that must be true, compiled by `validate` and synth. @default none
   */
  readonly constraints?: readonly McpToolConstraintConfig[];
  /**
   * Where string arguments end up on the server's side (IO-05), keyed by JSON Pointer into the arguments (`/query`):
   * the guard applies that sink's rules to the value. Each pointer must name a string property of the approved
   * `inputSchema`. @default none
   */
  readonly sinks?: Readonly<Record<string, "sql" | "shell" | "path" | "url" | "html">>;
  /** Guard rules switched off for this tool, each with why (the guard still reports them as overridden). @default none */
  readonly overrides?: readonly McpToolOverrideConfig[];
  /**
   * A sensitive tool needs a stronger, recent sign-in (CV-03, JIT-02): the guard answers a call without it with an
   * RFC 9470 step-up challenge. @default none (any authenticated caller with the tool's scopes)
   */
  readonly sensitive?: McpToolSensitiveConfig;
  /**
   * A just-in-time tool is callable only with a short-lived grant for it naming a declared purpose (JIT-01, JIT-03,
   * JIT-05). @default none (the tool's scopes are a standing grant)
   */
  readonly jit?: McpToolJitConfig;
}

/** The sign-in a sensitive tool needs (CV-03, JIT-02). */
export interface McpToolSensitiveConfig {
  /**
   * Accepted authentication context classes (`acr`), each one of the realm's levels (`mfa`, `mfa-webauthn`, see
   * constructs/k8s/keycloak-realm.ts) when the blueprint deploys the authorization server, e.g. `[mfa-webauthn]`.
   */
  readonly acrValues: readonly string[];
  /** Longest time since the user signed in, seconds: 60 to 3600. */
  readonly maxAgeSeconds: number;
}

/** The grant a just-in-time tool needs (JIT-01, JIT-03, JIT-05). */
export interface McpToolJitConfig {
  /** The purposes the tool may be used for, lower-case words joined by hyphens, e.g. `[incident-response]`. */
  readonly purposes: readonly string[];
  /** Longest lifetime of a token carrying the grant, seconds: 30 to 300. */
  readonly maxGrantSeconds: number;
}

/** One constraint on a tool's arguments (IO-07, IO-08). */
export interface McpToolConstraintConfig {
  /** Lower-case letters, digits and hyphens, unique per tool, e.g. `branch-not-default`: named in denials and audit lines. */
  readonly id: string;
  /** A CEL expression over `args` (the call's arguments) that must be true, e.g. `args.limit <= 50 || args.owner == "acme"`. */
  readonly expression: string;
  /** What a denial says: never an argument value. */
  readonly message: string;
}

/** A guard rule switched off for one tool. */
export interface McpToolOverrideConfig {
  /** The rule's ID, starting with its control ID, e.g. `GW-02-path-traversal`. */
  readonly rule: string;
  /** Why this tool legitimately trips the rule, who approved it and until when: at least 20 characters. */
  readonly justification: string;
}

/**
 * How the guard treats one MCP server (IO, GW-02, DLP, TS-01). Every field defaults to the strongest setting; report
 * mode is a weakening and needs its justification, which `check` reports.
 */
export interface McpServerGuardConfig {
  /**
   * `enforce` denies and masks; `report` (sandboxing a new server, TOOL-10) lets everything through and only reports
   * what it would have done. @default "enforce"
   */
  readonly mode?: "enforce" | "report";
  /** Why this server runs in report mode, who approved it and until when: at least 20 characters; required for `report`, refused otherwise. */
  readonly reportJustification?: string;
  /** Output filtering of the server's results (DLP-00..DLP-04). @default mask, 1 MiB */
  readonly dlp?: McpServerDlpConfig;
}

/** Output filtering of one server's results. */
export interface McpServerDlpConfig {
  /** `mask` replaces secrets and personal data (the result stays valid); `block` refuses the whole result. @default "mask" */
  readonly mode?: "mask" | "block";
  /** Largest result, bytes of JSON, let through (DLP-03, DLP-04): 1024 to 16777216. @default 1048576 */
  readonly maxResultBytes?: number;
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
  /** Requests per minute one caller (JWT `sub`) may send to this server through the gateway. */
  readonly requestsPerMinute: number;
  /**
   * What one replica requests, when less than its limits (`cpu`, `memory`): each at most its limit. Omitted, requests
   * equal limits (Guaranteed QoS).
   */
  readonly requests?: McpServerRequests;
  /**
   * Most TCP connections each gateway proxy holds open to this server (Istio connection pool): the network I/O
   * quota Kubernetes lacks (CTR-03). 1 to 10000. Omitted, 64.
   */
  readonly maxConnections?: number;
  /**
   * Most requests each gateway proxy has in flight to this server, and most it queues waiting for a connection
   * (CTR-03); beyond them the gateway answers 503 at once. 1 to 100000. Omitted, 128.
   */
  readonly maxConcurrentRequests?: number;
}

/** CPU and memory one replica requests (the scheduler reserves them); each at most the quota's limit. */
export interface McpServerRequests {
  /** CPU request, a Kubernetes quantity no larger than `quota.cpu`. @default quota.cpu */
  readonly cpu?: string;
  /** Memory request, a Kubernetes quantity no larger than `quota.memory`. @default quota.memory */
  readonly memory?: string;
}

/**
 * The onboarding record every MCP server needs before it is deployed (TOOL-02 documentation, TOOL-03 approval, TOOL-04
 * re-certification, TS-03): who owns it, what it is for, what data it sees and why it needs its permissions, who
 * approved it and when, and how often it must be reviewed again. Synthesis records it on the server's namespace and
 * the control report lists it with its next review date. A production server whose review is overdue
 * (`approvedOn` + `reviewIntervalDays` before today) is refused by `validate` and synth; other environments warn.
 */
export interface McpServerOnboarding {
  /** The team or person accountable for the server (an e-mail address or team handle). */
  readonly owner: string;
  /** What the server is for, in one sentence. */
  readonly purpose: string;
  /** The most sensitive data class the server handles. */
  readonly dataClassification: "public" | "internal" | "confidential" | "restricted";
  /**
   * Why the server needs its tools, scopes, egress domains and secrets, and what it must never do: at least 20
   * characters. The reviewer's basis for approving, and re-certifying, exactly these permissions (TOOL-02, TOOL-07).
   */
  readonly permissionsRationale: string;
  /** Who approved the server (an e-mail address or team handle): someone other than `owner` (TOOL-03). */
  readonly approver: string;
  /** The day of the last approval or re-certification, `YYYY-MM-DD` (UTC): renewed at every review. */
  readonly approvedOn: string;
  /**
   * Days from `approvedOn` until the server must be reviewed again (TOOL-04): 1 to 365, at most 180 in production.
   * A production server past its review date is refused; set `approvedOn` to the day of the new review to renew it.
   */
  readonly reviewIntervalDays: number;
}

/** Automatic rotation of a server's secret by a Lambda function in the environment's account and region. */
export interface SecretRotationConfig {
  /** ARN of the rotation function: `arn:aws:lambda:<region>:<account>:function:<name>`. */
  readonly lambdaArn: string;
  /** ARN of the rotation function's execution role (`arn:aws:iam::<account>:role/<name>`): it alone may write the value. */
  readonly roleArn: string;
  /** Days between rotations, 1 to 365. */
  readonly days: number;
}

/**
 * A secret an MCP server reads (MSH-03). Only the container is declared here: it is created as
 * `mcp/<env>/<server>/<name>`, encrypted with the environment key, readable only by the server's own role. Its value
 * never goes in config: put it into Secrets Manager out of band.
 */
export interface McpServerSecretConfig {
  /** Lower-case letters, digits and hyphens, unique per server, e.g. `api-token`. */
  readonly name: string;
  /** What the secret is and who issues it. */
  readonly description: string;
  /** Automatic rotation; omit for secrets the issuer rotates (and record how in the description). */
  readonly rotation?: SecretRotationConfig;
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
  /**
   * The CA certificates each egress domain's certificate chain must end at (NET-04, TS-02): every `egressDomains` entry
   * maps to one or more PEM certificates (`-----BEGIN CERTIFICATE-----`, one per item; two while the destination
   * changes CA), typically the root the destination's chain ends at. The server's sidecar trusts only these for the
   * domain, never the system bundle: pinning is to a CA and the domain name, never a leaf. Omit when `egressDomains` is empty.
   */
  readonly egressCertificateAuthorities?: Readonly<Record<string, readonly string[]>>;
  /** Resource quota. */
  readonly quota: McpServerQuota;
  /** Tools the server exposes; only these are routed and callable. */
  readonly tools: readonly McpToolConfig[];
  /**
   * The approved-tools lock file of the server (TOOL-08, TS-01): the pinned MCP `Tool` definitions the guard lets
   * through, one per entry of `tools`, path relative to the environment file's folder (built-in environments:
   * `approved-tools/<env>/<server>.json` under `environments/`). Written by review, checked by `validate` and synth.
   */
  readonly approvedTools: string;
  /** How the guard treats the server. @default enforce, DLP mask, 1 MiB results */
  readonly guard?: McpServerGuardConfig;
  /**
   * Where this server version runs (TOOL-10). `sandbox`: a new or changed version runs first in the sandbox, on the
   * tainted sandbox nodes, with no secrets, no Kubernetes API token and no egress (attempts are denied and reported),
   * Falco reporting everything it does and the guard in report mode; remove the field to promote it. A changed version
   * of a live server is declared as its own entry (e.g. `github-tools-next`) while the live entry keeps its image.
   * @default "live"
   */
  readonly stage?: "sandbox" | "live";
  /** Onboarding record. */
  readonly onboarding: McpServerOnboarding;
  /** Secrets the server reads, names only: the containers are created, values arrive out of band. */
  readonly secrets: readonly McpServerSecretConfig[];
  /** HTTP path the server answers health checks on, e.g. `/healthz`; omitted, probes open a TCP connection to `port`. */
  readonly healthPath?: string;
  /**
   * Mount a Kubernetes API token in the server's pods (ISO-02). Omit unless the server calls the Kubernetes API
   * itself: a mounted token lets a compromised server probe the API. The blueprint grants the account no RBAC role.
   */
  readonly kubernetesApiAccess?: boolean;
  /**
   * Programs the server's container starts besides its entrypoint, by process name (e.g. `git`): its process
   * baseline (TOOL-09). Falco alerts on any other process the container starts. @default [] (the entrypoint only)
   */
  readonly processes?: readonly string[];
  /**
   * Why the server must listen on a port below 1024 (at least 20 characters). Required for such a port, refused for
   * any other: the pod then gets the namespaced sysctl `net.ipv4.ip_unprivileged_port_start` set to the port, never a
   * capability. Prefer a port from 1024 up.
   */
  readonly privilegedPortJustification?: string;
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
  /** The internet-facing edge: TLS load balancer and MCP-aware web application firewall (NET-03, NET-04, GW-01, GW-03). */
  readonly edge: EdgeConfig;
  /** How administrators get in: Client VPN and the human-assumable roles (PUB-05, PUB-08, JIT-01). */
  readonly access: AccessConfig;
  /** The EKS cluster and its Bottlerocket node group, which run the gateway and every MCP server (CTR-00, MSH-01). */
  readonly cluster: ClusterConfig;
  /** The CI pipeline that publishes MCP server images (PROV-03). */
  readonly ci: CiConfig;
  /** The tamper-evident log archive and the audit trail (LOG-04, IR-02d). */
  readonly logging: LoggingConfig;
  /** The administrators' bastion and its hardened image (PUB-03, PUB-05, OPS-01). */
  readonly bastion: BastionConfig;
  /**
   * The MCP-aware gateway every MCP request passes (GW-01, GW-03, GW-04, AUTH-03, TS-01, CV-01): agentgateway with
   * JWT validation, per-tool authorization and rate limits per user and per tool.
   */
  readonly gateway: GatewayConfig;
  /** The in-cluster log shipper, trace collector and runtime sensor (LOG-02, GW-04, HOST-01, HOST-03). */
  readonly observability: ObservabilityConfig;
  /**
   * The authorization server the blueprint deploys (AUTH-01, AUTH-04, CV-03, JIT-02): Keycloak in its own namespace
   * with its PostgreSQL database, serving the realm generated from this environment at `gateway.jwt.issuer`, which
   * must then be `https://<host>/realms/<realm>`. @default none: `gateway.jwt` names an external issuer, and the guard
   * enforces the same token contract on its tokens
   */
  readonly identity?: IdentityConfig;
}

/** Keycloak and its database (AUTH-01, AUTH-04, CV-03, JIT-02). */
export interface IdentityConfig {
  /** The Keycloak image: `<registry>/mcp/identity/keycloak@sha256:<digest>`, mirrored to the environment's ECR. */
  readonly keycloakImage: string;
  /** Resources of one Keycloak replica: requests equal limits. */
  readonly resources: GatewayResources;
  /** Keycloak's PostgreSQL database (RDS) in the data tier. */
  readonly database: IdentityDatabaseConfig;
}

/** Keycloak's RDS PostgreSQL instance. */
export interface IdentityDatabaseConfig {
  /** RDS instance class, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  /** Storage, GiB: 20 to 1000. */
  readonly allocatedStorageGiB: number;
  /** Days automated backups are kept: 1 to 35, at least 14 in production. */
  readonly backupRetentionDays: number;
}

/**
 * The cluster's observability agents (LOG-02, GW-04, HOST-01, HOST-03): Fluent Bit ships container logs, the
 * OpenTelemetry Collector receives traces, Falco watches MCP containers at runtime. Images are pinned by digest
 * (MSH-01): a platform team moves to a new release by changing the digest here.
 */
export interface ObservabilityConfig {
  /** Fluent Bit 4.0 or later (EKS Pod Identity credentials), `<registry>/<repository>@sha256:<64 hex>`. */
  readonly fluentBitImage: string;
  /** An OpenTelemetry Collector distribution with the `awsxray` and `awscloudwatchlogs` exporters (ADOT or contrib), pinned by digest. */
  readonly otelCollectorImage: string;
  /** Falco 0.41 or later (modern eBPF driver built in, container plugin), pinned by digest. */
  readonly falcoImage: string;
}

/** The environment's log archive: an S3 bucket with Object Lock in compliance mode (LOG-04, IR-02d). */
export interface LoggingConfig {
  /**
   * Days every archived log object (CloudTrail, AWS Config, GuardDuty findings) stays locked in compliance mode and
   * kept: 1 to 36500, at least 365 in production. Nobody can delete a locked object earlier, and the period of an
   * object already written can never be shortened: choose deliberately.
   */
  readonly archiveRetentionDays: number;
  /**
   * AWS Organizations ID (`o-` and 10 to 32 lower-case letters or digits) whose accounts may reach the archive, for a
   * central security account; omitted, only the environment's own account may.
   */
  readonly organizationId?: string;
  /** The SIEM every log group of the environment is shipped to, through Kinesis Data Firehose (LOG-02, TS-04). */
  readonly siem: SiemConfig;
  /**
   * A gateway response larger than this many bytes raises its MCP server's large-response alarm (DLP-03): 1024 to
   * 104857600, no higher in production than in any other environment.
   */
  readonly largeResponseBytes: number;
}

/**
 * The SIEM's HTTP endpoint that Kinesis Data Firehose delivers every log record to (LOG-02). Its access key lives in
 * Secrets Manager, never in the config: Firehose reads it at delivery time.
 */
export interface SiemConfig {
  /** A short name for the destination shown in Firehose, e.g. `splunk-prod`: 1 to 256 letters, digits, spaces, `.`, `_`, `-`. */
  readonly name: string;
  /** The SIEM's HTTPS ingestion URL, e.g. `https://http-inputs-acme.splunkcloud.com/services/collector/raw`; no credentials in it. */
  readonly endpointUrl: string;
  /**
   * Full ARN of the Secrets Manager secret holding the access key (`{"api_key": "..."}`), in the environment's own
   * account and region, e.g. `arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/siem-AbCdEf`.
   */
  readonly accessKeySecretArn: string;
}

/**
 * The administrators' Client VPN (PUB-05, PUB-08). Clients need a certificate from the admin CA AND a federated
 * sign-in; the identity provider's sign-in policy for the VPN application must require MFA.
 */
export interface ClientVpnConfig {
  /** Client address range, a private /12 to /22 overlapping no environment's VPC, e.g. `10.250.0.0/22`. */
  readonly clientCidr: string;
  /** ACM certificate the endpoint presents, in the environment's own account and region. */
  readonly serverCertificateArn: string;
  /** ACM certificate of the CA that issues administrators' client certificates, same account and region. */
  readonly rootCertificateChainArn: string;
  /** IAM SAML provider of the identity provider's VPN application, in the environment's own account. */
  readonly samlProviderArn: string;
  /** The administrators' group ID as the identity provider asserts it: the only group authorized. */
  readonly adminGroupId: string;
  /** Hours before a session must authenticate again: 8, 10, 12 or 24; at most 12 in production. */
  readonly sessionTimeoutHours: 8 | 10 | 12 | 24;
  /** Text shown when a session starts, 1 to 1400 characters. */
  readonly bannerText: string;
}

/** Administrator access of an environment. */
export interface AccessConfig {
  /** The administrators' Client VPN. */
  readonly vpn: ClientVpnConfig;
  /**
   * IAM SAML provider through which administrators assume the `mcp-<env>-admin` and `mcp-<env>-readonly` roles,
   * in the environment's own account. The identity provider must set the session tag `mfa-authenticated` to
   * `"true"` only after MFA; the roles' trust policies require it.
   */
  readonly identityProviderArn: string;
  /** Longest role session, in hours: 1 to 4; 1 in production (JIT-01). */
  readonly maxSessionHours: number;
}

/** Rate limits the web application firewall enforces, each counted over `evaluationWindowSeconds` (GW-03). */
export interface EdgeRateLimits {
  /** Requests one client IP address may send, on any path: 10 to 2,000,000,000. */
  readonly perIp: number;
  /** Requests one credential (one `Authorization` header value) may send, on any path: 10 to 2,000,000,000. */
  readonly perCredential: number;
  /** Requests all clients together may send to one MCP server path (`<mcpPathPrefix>/<server>`): 10 to 2,000,000,000. */
  readonly perServerPath: number;
  /** The window the limits count over, in seconds: 60, 120, 300 or 600. */
  readonly evaluationWindowSeconds: 60 | 120 | 300 | 600;
}

/** The internet-facing edge: an HTTPS load balancer with an MCP-aware web application firewall. */
export interface EdgeConfig {
  /**
   * DNS name MCP clients connect to, e.g. `mcp.example.com`. An ISSUED ACM certificate for it must exist in the
   * environment's account and region: the load balancer's certificate is looked up by this name.
   */
  readonly domain: string;
  /**
   * Browser origins (`https://host` or `https://host:port`) allowed to call MCP endpoints; a request with any other
   * `Origin` header is blocked (DNS-rebinding protection). At most 10; empty allows no browser origin.
   */
  readonly allowedOrigins: readonly string[];
  /** Path prefix under which every MCP server is served at `<prefix>/<server>`, e.g. `/mcp`. */
  readonly mcpPathPrefix: string;
  /** Path prefixes of human-facing pages (sign-in), where Bot Control blocks bots; 1 to 5, outside the MCP prefix. */
  readonly humanPaths: readonly string[];
  /** Largest request body accepted on MCP paths, in bytes: 1 to 8192 (the part of a body WAF inspects behind an ALB). */
  readonly maxRequestBodyBytes: number;
  /** Rate limits per IP, per credential and per MCP server. */
  readonly rateLimits: EdgeRateLimits;
  /**
   * Run the AWS managed rule groups in count mode (log, do not block) while tuning false positives. Never in
   * production.
   */
  readonly countManagedRuleGroups: boolean;
}

/**
 * What one node offers MCP servers, in Kubernetes quantities: its allocatable capacity minus what the platform's
 * own pods (gateway, mesh, agents) reserve. The sum of every server's quota × maxReplicas must fit in
 * `capacityPerNode` × `maxSize` (MSH-04).
 */
export interface NodeCapacity {
  /** CPU per node available to MCP servers, e.g. "1" or "1500m". */
  readonly cpu: string;
  /** Memory per node available to MCP servers, e.g. "4Gi". */
  readonly memory: string;
}

/** The managed node group running the gateway and the MCP servers: Bottlerocket (CTR-04, PUB-03). */
export interface NodeGroupConfig {
  /** CPU architecture: `x86_64`, or `arm64` for Graviton instance types. */
  readonly architecture: "x86_64" | "arm64";
  /** EC2 instance types, all of `architecture`, e.g. ["m7i.large"]. */
  readonly instanceTypes: readonly string[];
  /** Fewest nodes, at least 1 (at least 2 in production). */
  readonly minSize: number;
  /** Nodes at creation, from `minSize` to `maxSize`. */
  readonly desiredSize: number;
  /** Most nodes, at most 450 (EKS's quota per node group): an alarm fires when the group runs more (MSH-04). */
  readonly maxSize: number;
  /** What one node offers MCP servers. */
  readonly capacityPerNode: NodeCapacity;
}

/** The environment's EKS cluster: private API endpoint only, secrets encrypted, all control-plane logs. */
export interface ClusterConfig {
  /** Kubernetes minor version, e.g. "1.33": upgrades are explicit config changes. */
  readonly kubernetesVersion: string;
  /** The node group. */
  readonly nodeGroup: NodeGroupConfig;
  /**
   * The key every image admitted to an MCP namespace must be signed with (PROV-01): an AWS KMS asymmetric signing key
   * of the environment's own account and region, as cosign names it, `awskms:///arn:aws:kms:<region>:<account>:key/<id>`.
   * Only a reference: the sigstore policy-controller fetches the public half from KMS; no key material is in config.
   */
  readonly imageSigningKey: string;
  /**
   * The Istio sidecar image (`proxyv2` of the blueprint's Istio version) mirrored into the environment's ECR registry and
   * signed with `imageSigningKey`, pinned by digest: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>`.
   * The mesh injects it into every MCP pod, so the admission policies admit it like any other image.
   */
  readonly meshProxyImage: string;
}

/** The CI pipeline that builds, scans and publishes MCP server images. */
export interface CiConfig {
  /**
   * IAM role in the environment's own account that CI assumes to push images: the only principal allowed to push
   * to the environment's `mcp/<server>` repositories.
   */
  readonly publisherRoleArn: string;
}

/** One SSH public key of a bastion account. */
export interface BastionAuthorizedKeyConfig {
  /** The account the key logs in as; must be in `bastion.allowUsers`. */
  readonly user: string;
  /**
   * The public key: the one line of the `.pub` file (`<type> <base64> [comment]`). Accepted types: `ssh-ed25519`,
   * `ecdsa-sha2-nistp256/384/521`, the FIDO2 security-key types `sk-ssh-ed25519@openssh.com` and
   * `sk-ecdsa-sha2-nistp256@openssh.com` (preferred), and `ssh-rsa` of at least 3072 bits. Never a private key.
   */
  readonly publicKey: string;
}

/**
 * The administrators' bastion (PUB-05): an AL2023 instance from the hardened image pipeline (PUB-03), reached over
 * key-only SSH on `security.sshPort` through the Client VPN, or through Session Manager.
 */
export interface BastionConfig {
  /** EC2 instance type, x86_64 (the image's architecture), e.g. `t3.small`. */
  readonly instanceType: string;
  /** Personal Linux accounts that may log in (sshd `AllowUsers`): at least one, never root or a system account. */
  readonly allowUsers: readonly string[];
  /** Public keys: at least one per allowed user, each key on one entry only. */
  readonly authorizedKeys: readonly BastionAuthorizedKeyConfig[];
  /**
   * When the image pipeline rebuilds (OPS-01): an Image Builder cron expression in UTC, e.g. `cron(0 3 ? * sun *)`.
   * A scheduled run builds only when the parent image or a component changed.
   */
  readonly imageRebuildSchedule: string;
  /** Days an instance runs before it is replaced by one from the latest image: 1 to 30, at most 7 in production. */
  readonly maxInstanceLifetimeDays: number;
  /** Minutes an idle Session Manager session stays open: 1 to 60, at most 15 in production. */
  readonly sessionIdleTimeoutMinutes: number;
}

/** The OAuth authorization server whose access tokens the gateway accepts (AUTH-03). */
export interface GatewayJwtConfig {
  /** The issuer (`iss`) exactly as tokens carry it: an https URL, e.g. `https://auth.example.com/realms/mcp-prod`. */
  readonly issuer: string;
  /**
   * The https URL of the issuer's JSON Web Key Set. Its host is added to the egress allowlists (the AWS firewall's and
   * the mesh's), so the gateway can fetch rotated keys.
   */
  readonly jwksUrl: string;
}

/** The gateway's exact rate limits, counted per token subject (JWT `sub`) across the gateway's replicas (GW-03). */
export interface GatewayRateLimits {
  /** Requests per minute one user may send to all MCP servers together: 1 to 100,000. */
  readonly perUserPerMinute: number;
  /**
   * Requests per minute one user may send to one tool of one server: 1 to 100,000. Tools are told apart by the
   * `Mcp-Name` header (MCP 2026-07-28); requests without it (2025-11-25 clients, lists) share one bucket per server.
   */
  readonly perUserPerToolPerMinute: number;
}

/** Resources of one gateway replica: requests equal limits. */
export interface GatewayResources {
  /** CPU, e.g. "500m". */
  readonly cpu: string;
  /** Memory, e.g. "512Mi". */
  readonly memory: string;
  /** Ephemeral storage, whole GiB, e.g. "1Gi". */
  readonly ephemeralStorage: string;
}

/**
 * The MCP-aware gateway (agentgateway) in namespace `mcp-gateway`, with its rate-limit service (Envoy ratelimit and
 * an in-memory Redis). Images come from the environment's own ECR registry, pinned by digest, each from its own
 * repository `mcp/gateway/<component>`.
 */
export interface GatewayConfig {
  /** The agentgateway image: `<registry>/mcp/gateway/agentgateway@sha256:<digest>`. */
  readonly image: string;
  /** The Envoy ratelimit service image: `<registry>/mcp/gateway/ratelimit@sha256:<digest>`. */
  readonly rateLimitImage: string;
  /** The Redis image holding the rate-limit counters (memory only): `<registry>/mcp/gateway/redis@sha256:<digest>`. */
  readonly rateLimitStoreImage: string;
  /**
   * The MCP guard's image (the ExtMcp processor every MCP message passes, `guard/`):
   * `<registry>/mcp/gateway/guard@sha256:<digest>`.
   */
  readonly guardImage: string;
  /** Resources of one gateway replica. */
  readonly resources: GatewayResources;
  /** The authorization server whose tokens the gateway validates. */
  readonly jwt: GatewayJwtConfig;
  /**
   * Audience per server name, for an authorization server that cannot issue the default audience
   * `https://<edge.domain><edge.mcpPathPrefix>/<server>` (the server's resource URI, RFC 8707). Unique across servers.
   */
  readonly audiences: Readonly<Record<string, string>>;
  /** Exact rate limits per user and per tool. */
  readonly rateLimits: GatewayRateLimits;
  /** Share of requests traced to the OpenTelemetry collector, more than 0 and at most 1 (GW-04). */
  readonly traceSampling: number;
}
