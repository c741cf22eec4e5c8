import { GITHUB_API_CERTIFICATE_AUTHORITIES } from "./certificate-authorities";
import { EnvironmentConfig } from "./schema";

/** Production: three AZs, a year of logs, the strictest settings. */
export const prod: EnvironmentConfig = {
  name: "prod",
  production: true,
  accountId: "333333333333",
  region: "eu-central-1",
  deployRoleName: "mcp-hardening-deployer",
  vpcCidr: "10.30.0.0/16",
  azCount: 3,
  adminCidrs: ["203.0.113.0/24"],
  tags: { Project: "mcp-hardening", Environment: "prod", Owner: "platform-team", DataClassification: "confidential" },
  state: { bucket: "mcp-hardening-state-333333333333", kmsKeyId: "alias/mcp-hardening-state", region: "eu-central-1" },
  security: { logRetentionDays: 365, kmsDeletionWindowDays: 30, flowLogAggregationSeconds: 60, sshPort: 2222 },
  mcpServers: [
    {
      name: "github-tools",
      image: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:4f1c2e3a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e",
      port: 8080,
      egressDomains: ["api.github.com"],
      egressCertificateAuthorities: { "api.github.com": GITHUB_API_CERTIFICATE_AUTHORITIES },
      quota: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi", maxReplicas: 4, requestsPerMinute: 120 },
      tools: [
        {
          name: "search_repositories",
          scopes: ["mcp:github:read"],
          constraints: [{ id: "result-window", expression: "(has(args.page) ? args.page : 1) * (has(args.perPage) ? args.perPage : 30) <= 1000", message: "page times perPage must stay within the first 1000 results GitHub search returns" }],
        },
        {
          name: "create_issue",
          scopes: ["mcp:github:write"],
          constraints: [
            { id: "own-organization", expression: 'args.owner in ["acme", "acme-labs"]', message: "issues may be filed only in the organization's own repositories" },
            { id: "security-label-needs-assignee", expression: '!has(args.labels) || !("security" in args.labels) || (has(args.assignees) && size(args.assignees) > 0)', message: "an issue labelled security needs an assignee" },
          ],
          sinks: { "/body": "html" },
          sensitive: { acrValues: ["mfa-webauthn"], maxAgeSeconds: 900 },
          jit: { purposes: ["incident-response", "release-tracking"], maxGrantSeconds: 300 },
        },
      ],
      approvedTools: "approved-tools/prod/github-tools.json",
      onboarding: {
        owner: "devtools@example.com", purpose: "Lets agents read repositories and file issues.", dataClassification: "internal",
        permissionsRationale: "Reads public and internal repositories (mcp:github:read) and files issues only in the acme organizations (mcp:github:write, constrained per call); reaches api.github.com only; the GitHub App key never leaves the pod; never pushes code or changes settings.",
        approver: "security-review@example.com", approvedOn: "2026-10-19", reviewIntervalDays: 90,
      },
      secrets: [
        { name: "app-private-key", description: "GitHub App private key that signs installation-token requests; regenerated in the GitHub App settings every 90 days by devtools." },
        { name: "webhook-secret", description: "Shared secret that verifies GitHub webhook signatures.", rotation: { lambdaArn: "arn:aws:lambda:eu-central-1:333333333333:function:mcp-prod-rotate-github-webhook", roleArn: "arn:aws:iam::333333333333:role/mcp-prod-rotate-github-webhook", days: 30 } },
      ],
    },
    {
      name: "docs-search",
      image: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/docs-search@sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
      port: 8080,
      egressDomains: [],
      quota: { cpu: "500m", memory: "512Mi", ephemeralStorage: "1Gi", maxReplicas: 6, requestsPerMinute: 300 },
      tools: [{ name: "search_docs", scopes: ["mcp:docs:read"], sinks: { "/path": "path" } }],
      approvedTools: "approved-tools/prod/docs-search.json",
      guard: { dlp: { mode: "block", maxResultBytes: 262144 } },
      onboarding: {
        owner: "knowledge@example.com", purpose: "Full-text search over internal documentation.", dataClassification: "internal",
        permissionsRationale: "Searches the internal documentation index (mcp:docs:read) with its own API key; no internet egress, results blocked above 256 KiB; never reads source code or personal data.",
        approver: "security-review@example.com", approvedOn: "2026-11-16", reviewIntervalDays: 180,
      },
      secrets: [{ name: "search-api-key", description: "API key of the documentation search index, issued by the knowledge team and rotated by them every 90 days." }],
      healthPath: "/healthz",
    },
  ],
  exceptions: [],
  edge: {
    domain: "mcp.example.com",
    allowedOrigins: ["https://agents.example.com"],
    mcpPathPrefix: "/mcp",
    humanPaths: ["/signin"],
    maxRequestBodyBytes: 8192,
    rateLimits: { perIp: 2000, perCredential: 1200, perServerPath: 10000, evaluationWindowSeconds: 300 },
    countManagedRuleGroups: false,
  },
  access: {
    vpn: {
      clientCidr: "10.250.8.0/22",
      serverCertificateArn: "arn:aws:acm:eu-central-1:333333333333:certificate/7b2fae30-4d9c-4e5f-9a01-2c3d4e5f6a01",
      rootCertificateChainArn: "arn:aws:acm:eu-central-1:333333333333:certificate/7b2fae30-4d9c-4e5f-9a01-2c3d4e5f6a02",
      samlProviderArn: "arn:aws:iam::333333333333:saml-provider/mcp-prod-client-vpn",
      adminGroupId: "mcp-prod-admins",
      sessionTimeoutHours: 8,
      bannerText: "mcp-prod: authorized administrators only. Every session is logged and reviewed.",
    },
    identityProviderArn: "arn:aws:iam::333333333333:saml-provider/mcp-prod-admins",
    maxSessionHours: 1,
  },
  cluster: {
    kubernetesVersion: "1.33",
    nodeGroup: { architecture: "x86_64", instanceTypes: ["m7i.xlarge"], minSize: 3, desiredSize: 3, maxSize: 6, capacityPerNode: { cpu: "2", memory: "8Gi" } },
    imageSigningKey: "awskms:///arn:aws:kms:eu-central-1:333333333333:key/0f3c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e33",
    meshProxyImage: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/platform/istio/proxyv2@sha256:6b0a8f3e2d1c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6",
  },
  ci: { publisherRoleArn: "arn:aws:iam::333333333333:role/mcp-prod-ci-publisher" },
  logging: {
    archiveRetentionDays: 365,
    siem: {
      name: "siem-prod",
      endpointUrl: "https://siem.example.com/ingest/firehose",
      accessKeySecretArn: "arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/siem-access-key-Pr4n8W",
    },
    largeResponseBytes: 524288,
  },
  bastion: {
    instanceType: "t3.small",
    allowUsers: ["alice", "bob"],
    authorizedKeys: [
      {
        user: "alice",
        publicKey: "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIMVrgI5UQ2RKjERZqNYO+HsiC26gCG3OcltJ7AX55ssJAAAABHNzaDo= alice@example.com (FIDO2)",
      },
      {
        user: "bob",
        publicKey:
          "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBMh0eccGfc0jJfQeC06NbjVjrxLLoQcFjwzKg4tJYVoLe4kpSiyW8h/6Qw4gLrg98NbJkfzPDoWLGdBs2feJg+kAAAAEc3NoOg== bob@example.com (FIDO2)",
      },
    ],
    imageRebuildSchedule: "cron(0 3 ? * sun *)",
    maxInstanceLifetimeDays: 7,
    sessionIdleTimeoutMinutes: 15,
  },
  gateway: {
    image: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/agentgateway@sha256:5d0b9a1e3c7f2a4b6d8e0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e",
    rateLimitImage: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/ratelimit@sha256:8e2c4a6f0b1d3e5a7c9f1b3d5e7a9c1f3b5d7e9a1c3f5b7d9e1a3c5f7b9d1e3a",
    rateLimitStoreImage: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/redis@sha256:3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c",
    guardImage: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/guard@sha256:7e4d2c9a1b3f5e7d9c1a3b5f7e9d1c3a5b7f9e1d3c5a7b9f1e3d5c7a9b1f3e5d",
    resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi" },
    jwt: { issuer: "https://auth.example.com/realms/mcp-prod", jwksUrl: "https://auth.example.com/realms/mcp-prod/protocol/openid-connect/certs" },
    audiences: {},
    rateLimits: { perUserPerMinute: 1200, perUserPerToolPerMinute: 300 },
    traceSampling: 0.2,
  },
  observability: {
    fluentBitImage: "cr.fluentbit.io/fluent/fluent-bit@sha256:7c1a5e9d3b2f4a6c8e0d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d7b9f1a3c",
    otelCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector@sha256:9b28046359054b414f4ba76056ba4e8cffda2d53fbcee06171d7eeecd71326c3",
    falcoImage: "docker.io/falcosecurity/falco@sha256:d0cfe422d6ac0e0f20857798f46c7d7273210e1b064b22821e4e6e7f843cde6b",
  },
  identity: {
    keycloakImage: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/identity/keycloak@sha256:2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3b5d7f9e1a3c5b7d9f1e3a",
    resources: { cpu: "1", memory: "2Gi", ephemeralStorage: "1Gi" },
    database: { instanceClass: "db.m7g.large", allocatedStorageGiB: 50, backupRetentionDays: 30 },
  },
};
