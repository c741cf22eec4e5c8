import { GITHUB_API_CERTIFICATE_AUTHORITIES } from "./certificate-authorities";
import { EnvironmentConfig } from "./schema";

/** Development: its own account, two AZs, shorter log retention. */
export const dev: EnvironmentConfig = {
  name: "dev",
  production: false,
  accountId: "111111111111",
  region: "eu-central-1",
  deployRoleName: "mcp-hardening-deployer",
  vpcCidr: "10.10.0.0/16",
  azCount: 2,
  adminCidrs: ["198.51.100.0/24"],
  tags: { Project: "mcp-hardening", Environment: "dev", Owner: "platform-team" },
  state: { bucket: "mcp-hardening-state-111111111111", kmsKeyId: "alias/mcp-hardening-state", region: "eu-central-1" },
  security: { logRetentionDays: 90, kmsDeletionWindowDays: 7, flowLogAggregationSeconds: 600, sshPort: 2222 },
  mcpServers: [
    {
      name: "github-tools",
      image: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:4f1c2e3a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e",
      port: 8080,
      egressDomains: ["api.github.com"],
      egressCertificateAuthorities: { "api.github.com": GITHUB_API_CERTIFICATE_AUTHORITIES },
      quota: { cpu: "500m", memory: "512Mi", ephemeralStorage: "1Gi", maxReplicas: 2, requestsPerMinute: 120 },
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
      approvedTools: "approved-tools/dev/github-tools.json",
      onboarding: {
        owner: "devtools@example.com", purpose: "Lets agents read repositories and file issues.", dataClassification: "internal",
        permissionsRationale: "Reads repositories (mcp:github:read) and files issues (mcp:github:write) for agent development; reaches api.github.com only; never pushes code or changes settings.",
        approver: "platform-lead@example.com", approvedOn: "2026-09-01", reviewIntervalDays: 365,
      },
      secrets: [
        { name: "app-private-key", description: "GitHub App private key that signs installation-token requests; regenerated in the GitHub App settings every 90 days by devtools." },
      ],
    },
  ],
  exceptions: [],
  edge: {
    domain: "mcp.dev.example.com",
    allowedOrigins: ["https://agents.dev.example.com"],
    mcpPathPrefix: "/mcp",
    humanPaths: ["/signin"],
    maxRequestBodyBytes: 8192,
    rateLimits: { perIp: 1000, perCredential: 600, perServerPath: 3000, evaluationWindowSeconds: 300 },
    countManagedRuleGroups: false,
  },
  access: {
    vpn: {
      clientCidr: "10.250.0.0/22",
      serverCertificateArn: "arn:aws:acm:eu-central-1:111111111111:certificate/5f0d8c1e-2b7a-4c3d-9e8f-0a1b2c3d4e01",
      rootCertificateChainArn: "arn:aws:acm:eu-central-1:111111111111:certificate/5f0d8c1e-2b7a-4c3d-9e8f-0a1b2c3d4e02",
      samlProviderArn: "arn:aws:iam::111111111111:saml-provider/mcp-dev-client-vpn",
      adminGroupId: "mcp-dev-admins",
      sessionTimeoutHours: 12,
      bannerText: "mcp-dev: authorized administrators only. Every session is logged and reviewed.",
    },
    identityProviderArn: "arn:aws:iam::111111111111:saml-provider/mcp-dev-admins",
    maxSessionHours: 2,
  },
  cluster: {
    kubernetesVersion: "1.33",
    nodeGroup: { architecture: "x86_64", instanceTypes: ["m7i.large"], minSize: 2, desiredSize: 2, maxSize: 4, capacityPerNode: { cpu: "1", memory: "4Gi" } },
    imageSigningKey: "awskms:///arn:aws:kms:eu-central-1:111111111111:key/0f3c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e11",
    meshProxyImage: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/platform/istio/proxyv2@sha256:6b0a8f3e2d1c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6",
  },
  ci: { publisherRoleArn: "arn:aws:iam::111111111111:role/mcp-dev-ci-publisher" },
  logging: {
    archiveRetentionDays: 30,
    siem: {
      name: "siem-dev",
      endpointUrl: "https://siem.example.com/ingest/firehose",
      accessKeySecretArn: "arn:aws:secretsmanager:eu-central-1:111111111111:secret:mcp/dev/siem-access-key-Dv3x9Q",
    },
    largeResponseBytes: 1048576,
  },
  bastion: {
    instanceType: "t3.small",
    allowUsers: ["alice"],
    authorizedKeys: [
      { user: "alice", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA4EvnOGQkGB+UODVBfVzMevXlGnO/AzHL7x62nyngn2 dev-alice@example.com" },
    ],
    imageRebuildSchedule: "cron(0 3 ? * sun *)",
    maxInstanceLifetimeDays: 14,
    sessionIdleTimeoutMinutes: 30,
  },
  gateway: {
    image: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/agentgateway@sha256:5d0b9a1e3c7f2a4b6d8e0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e",
    rateLimitImage: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/ratelimit@sha256:8e2c4a6f0b1d3e5a7c9f1b3d5e7a9c1f3b5d7e9a1c3f5b7d9e1a3c5f7b9d1e3a",
    rateLimitStoreImage: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/redis@sha256:3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c",
    guardImage: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/guard@sha256:7e4d2c9a1b3f5e7d9c1a3b5f7e9d1c3a5b7f9e1d3c5a7b9f1e3d5c7a9b1f3e5d",
    resources: { cpu: "500m", memory: "512Mi", ephemeralStorage: "1Gi" },
    jwt: { issuer: "https://auth.dev.example.com/realms/mcp-dev", jwksUrl: "https://auth.dev.example.com/realms/mcp-dev/protocol/openid-connect/certs" },
    audiences: {},
    rateLimits: { perUserPerMinute: 600, perUserPerToolPerMinute: 120 },
    traceSampling: 1,
  },
  observability: {
    fluentBitImage: "cr.fluentbit.io/fluent/fluent-bit@sha256:7c1a5e9d3b2f4a6c8e0d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d7b9f1a3c",
    otelCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector@sha256:9b28046359054b414f4ba76056ba4e8cffda2d53fbcee06171d7eeecd71326c3",
    falcoImage: "docker.io/falcosecurity/falco@sha256:d0cfe422d6ac0e0f20857798f46c7d7273210e1b064b22821e4e6e7f843cde6b",
  },
  identity: {
    keycloakImage: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/identity/keycloak@sha256:2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3b5d7f9e1a3c5b7d9f1e3a",
    resources: { cpu: "500m", memory: "1Gi", ephemeralStorage: "1Gi" },
    database: { instanceClass: "db.t4g.medium", allocatedStorageGiB: 20, backupRetentionDays: 7 },
  },
};
