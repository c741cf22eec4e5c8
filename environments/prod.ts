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
    },
    {
      name: "docs-search",
      image: "333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/docs-search@sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
      port: 8080,
      egressDomains: [],
      quota: { cpu: "500m", memory: "512Mi", ephemeralStorage: "1Gi", maxReplicas: 6, requestsPerMinute: 300 },
      tools: [{ name: "search_docs", scopes: ["mcp:docs:read"] }],
      onboarding: { owner: "knowledge@example.com", purpose: "Full-text search over internal documentation.", dataClassification: "internal" },
    },
  ],
  exceptions: [],
};
