/**
 * The environment schema as readers: one reader per field of `EnvironmentConfig` (see schema.ts), so a field
 * added to the schema does not compile until it is validated here.
 */
import { accessReader } from "./access-shape";
import { bastionReader } from "./bastion-shape";
import { observabilityReader } from "./observability-shape";
import { ciReader, clusterReader } from "./cluster-shape";
import { edgeReader } from "./edge-shape";
import { gatewayReader } from "./gateway-shape";
import { loggingReader } from "./logging-shape";
import {
  checkAccountId,
  checkIamRoleName,
  checkKmsKeyId,
  checkRegion,
  checkS3BucketName,
  checkTagKey,
  checkTagValue,
} from "./aws-checks";
import { egressCertificateAuthoritiesReader } from "./certificate-checks";
import { didYouMean } from "./did-you-mean";
import { checkCpu, checkEphemeralStorage, checkMemory } from "./kubernetes-quantity";
import { ADMIN_CIDR_CHECKS, checkEgressDomain, VPC_CIDR_CHECKS } from "./network-checks";
import {
  bool,
  Check,
  integer,
  isMapping,
  issue,
  list,
  mapping,
  minLength,
  nonBlank,
  oneOf,
  shape,
  Shape,
  text,
} from "./readers";
import {
  EnvironmentConfig,
  McpServerConfig,
  McpServerQuota,
  McpServerRequests,
  McpToolConfig,
  PolicyExceptionConfig,
  SecuritySettings,
  StateBackendConfig,
} from "./schema";
import {
  checkRetentionDays,
  checkSshPort,
  productionAtLeast,
  productionFlowLogInterval,
  PRODUCTION_MINIMUMS,
} from "./security-checks";
import { serverSecretsReader } from "./secret-checks";
import { checkPinnedImage, checkProcessName, checkScope, checkServerName, checkServerPort, checkServerRoleName, checkToolName } from "./workload-checks";
import { checkHealthPath, checkServerNamespace, optional } from "./kubernetes-checks";
import { sandboxFit } from "./sandbox-checks";
import { serverFit } from "./server-checks";
import { onboardingReader } from "./onboarding-checks";
import { serverGuardReader, TOOL_GUARD_FIELDS } from "./guard-shape";
import { identityReader, toolJitReader, toolSensitiveReader } from "./identity-shape";
import { quote } from "./quote";

const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{1,15}$/;

/** AWS's limit of user tags per resource. */
const MAX_TAGS = 50;

const checkEnvironmentName: Check<string> = (name) => {
  if (ENVIRONMENT_NAME.test(name)) return undefined;
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .replace(/^\d+/, "")
    .slice(0, 16);
  return issue(
    `${quote(name)} is not a valid environment name`,
    ENVIRONMENT_NAME.test(cleaned)
      ? didYouMean(cleaned)
      : "use 2 to 16 lower-case letters and digits, starting with a letter: stacks are named mcp-<name>"
  );
};

const QUOTA: Shape<McpServerQuota> = {
  cpu: text(checkCpu),
  memory: text(checkMemory),
  ephemeralStorage: text(checkEphemeralStorage),
  maxReplicas: integer(1, 100),
  requestsPerMinute: integer(1, 100_000),
  requests: optional(shape<McpServerRequests>({ cpu: optional(text(checkCpu)), memory: optional(text(checkMemory)) })),
  maxConnections: optional(integer(1, 10_000)),
  maxConcurrentRequests: optional(integer(1, 100_000)),
};

const TOOL: Shape<McpToolConfig> = {
  name: text(checkToolName),
  scopes: list(text(checkScope), {
    minItems: 1,
    tooShortHint: "list the OAuth scopes a caller needs for this tool, e.g. [mcp:github:read]",
    unique: { identity: "scope" },
  }),
  ...TOOL_GUARD_FIELDS,
  sensitive: optional(toolSensitiveReader),
  jit: optional(toolJitReader),
};

/**
 * The readers of a server's fields; `secrets` depends on the environment's account and region, `onboarding` on whether
 * it is production (see environmentShape).
 */
const MCP_SERVER: Shape<Omit<McpServerConfig, "secrets" | "onboarding">> = {
  name: text(checkServerName, checkServerNamespace, checkServerRoleName),
  image: text(checkPinnedImage),
  port: integer(1, 65535, checkServerPort),
  egressDomains: list(text(checkEgressDomain), { unique: { identity: "domain" } }),
  egressCertificateAuthorities: optional(egressCertificateAuthoritiesReader),
  quota: shape(QUOTA),
  tools: list(shape(TOOL), {
    minItems: 1,
    tooShortHint: "list every tool the server exposes with its scopes: only listed tools are routed",
    unique: { identity: "tool name", field: "name" },
  }),
  approvedTools: text(nonBlank("name the server's approved-tools lock file, relative to the environment file's folder, e.g. approved-tools/prod/github-tools.json")),
  guard: optional(serverGuardReader),
  stage: optional(oneOf(["sandbox", "live"] as const)),
  healthPath: optional(text(checkHealthPath)),
  kubernetesApiAccess: optional(bool),
  processes: optional(list(text(checkProcessName), { unique: { identity: "process" } })),
  privilegedPortJustification: optional(text(minLength(20, "say why the image cannot listen on a port from 1024 up, who approved it and until when"))),
};

const EXCEPTION: Shape<PolicyExceptionConfig> = {
  rule: text(nonBlank("name the rule ID, the file name under policies/rules")),
  resource: text(nonBlank("name the Terraform address or Kubernetes object, e.g. aws_security_group.edge")),
  justification: text(minLength(20, "say why this is acceptable, who approved it and until when")),
};

/**
 * The readers of an environment's fields. Some checks depend on other fields (production's stricter minimums,
 * the account a state key must belong to); those are peeked from the raw input, so every field is still checked
 * even when the field it depends on is itself invalid.
 */
export function environmentShape(input: unknown): Shape<EnvironmentConfig> {
  const raw = isMapping(input) ? input : {};
  const production = raw.production === true;
  const accountId = typeof raw.accountId === "string" ? raw.accountId : undefined;
  const security: Shape<SecuritySettings> = {
    logRetentionDays: integer(
      1,
      3653,
      checkRetentionDays,
      productionAtLeast(production, PRODUCTION_MINIMUMS.logRetentionDays, "days")
    ),
    kmsDeletionWindowDays: integer(7, 30),
    flowLogAggregationSeconds: oneOf([60, 600] as const, productionFlowLogInterval(production)),
    sshPort: integer(1024, 65535, checkSshPort),
  };
  const state: Shape<StateBackendConfig> = {
    bucket: text(checkS3BucketName),
    kmsKeyId: text(checkKmsKeyId(accountId, isMapping(raw.state) && typeof raw.state.region === "string" ? raw.state.region : undefined)),
    region: text(checkRegion),
  };
  return {
    name: text(checkEnvironmentName),
    production: bool,
    accountId: text(checkAccountId),
    region: text(checkRegion),
    deployRoleName: text(checkIamRoleName),
    vpcCidr: text(...VPC_CIDR_CHECKS),
    azCount: integer(2, 6, productionAtLeast(production, PRODUCTION_MINIMUMS.azCount, "AZs")),
    adminCidrs: list(text(...ADMIN_CIDR_CHECKS), {
      minItems: 1,
      tooShortHint: 'list the networks administrators connect from, e.g. ["203.0.113.0/24"]',
      unique: { identity: "CIDR" },
    }),
    tags: mapping([checkTagKey], text(checkTagValue), MAX_TAGS),
    state: shape(state),
    security: shape(security),
    mcpServers: list(sandboxFit(production, serverFit(shape<McpServerConfig>({ ...MCP_SERVER, onboarding: onboardingReader(production), secrets: serverSecretsReader(raw) }))), { minItems: 1, tooShortHint: "declare the MCP server(s) this environment hosts: the gateway, the guard and the policies are built around them", unique: { identity: "server name", field: "name" } }),
    exceptions: list(shape(EXCEPTION)),
    edge: edgeReader(raw),
    access: accessReader(raw),
    cluster: clusterReader(raw),
    ci: ciReader(raw),
    logging: loggingReader(raw),
    bastion: bastionReader(raw),
    gateway: gatewayReader(raw),
    observability: observabilityReader,
    identity: optional(identityReader(raw)),
  };
}
