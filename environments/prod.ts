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
      quota: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi", maxReplicas: 4, requestsPerMinute: 120 },
      tools: [
        { name: "search_repositories", scopes: ["mcp:github:read"] },
        { name: "create_issue", scopes: ["mcp:github:write"] },
      ],
      onboarding: { owner: "devtools@example.com", purpose: "Lets agents read repositories and file issues.", dataClassification: "internal" },
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
      tools: [{ name: "search_docs", scopes: ["mcp:docs:read"] }],
      onboarding: { owner: "knowledge@example.com", purpose: "Full-text search over internal documentation.", dataClassification: "internal" },
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
  },
  ci: { publisherRoleArn: "arn:aws:iam::333333333333:role/mcp-prod-ci-publisher" },
  logging: { archiveRetentionDays: 365 },
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
};
