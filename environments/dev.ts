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
      quota: { cpu: "500m", memory: "512Mi", ephemeralStorage: "1Gi", maxReplicas: 2, requestsPerMinute: 120 },
      tools: [
        { name: "search_repositories", scopes: ["mcp:github:read"] },
        { name: "create_issue", scopes: ["mcp:github:write"] },
      ],
      onboarding: { owner: "devtools@example.com", purpose: "Lets agents read repositories and file issues.", dataClassification: "internal" },
    },
  ],
  exceptions: [],
};
