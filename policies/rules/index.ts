/**
 * The rule pack. Each rule is a pure function in its own file, named by its rule ID; adding a rule is one
 * file and one line here.
 */
import { Rule } from "../types";
import auth01RealmMfaRequired from "./auth-01-realm-mfa-required";
import auth01RealmClientsCodePkce from "./auth-01-realm-clients-code-pkce";
import auth01KeycloakEdgeRoute from "./auth-01-keycloak-edge-route";
import auth04RealmDpopBound from "./auth-04-realm-dpop-bound";
import auth04GatewayForwardsDpopRequest from "./auth-04-gateway-forwards-dpop-request";
import cv03RealmStepUpLevels from "./cv-03-realm-step-up-levels";
import cv04RealmSessionRevocation from "./cv-04-realm-session-revocation";
import jit03RealmPurposeGrants from "./jit-03-realm-purpose-grants";
import jit05RealmTokenExchange from "./jit-05-realm-token-exchange";
import zt01GuardVerifiesTokens from "./zt-01-guard-verifies-tokens";
import pub01GuardSessionBinding from "./pub-01-guard-session-binding";
import auth03GatewayAudiencePerServer from "./auth-03-gateway-audience-per-server";
import net04RdsEncryptedPrivate from "./net-04-rds-encrypted-private";
import net04ElasticacheEncryptedAuth from "./net-04-elasticache-encrypted-auth";
import net04ElasticachePrivateDataTier from "./net-04-elasticache-private-data-tier";
import auth04GuardSharedStore from "./auth-04-guard-shared-store";
import auth05KmsKeyRotation from "./auth-05-kms-key-rotation";
import ctr00EksPrivateEndpoint from "./ctr-00-eks-private-endpoint";
import ctr00EksSecretsEncryption from "./ctr-00-eks-secrets-encryption";
import ctr00PodSecurityRestricted from "./ctr-00-pod-security-restricted";
import ctr00AdmissionPolicies from "./ctr-00-admission-policies";
import ctr01ReadOnlyRoot from "./ctr-01-read-only-root";
import ctr02NoPrivileges from "./ctr-02-no-privileges";
import ctr02IstioCni from "./ctr-02-istio-cni";
import ctr03ResourceLimits from "./ctr-03-resource-limits";
import ctr03DestinationRuleConnectionPool from "./ctr-03-destination-rule-connection-pool";
import ctr04BottlerocketLockdown from "./ctr-04-bottlerocket-lockdown";
import ctr04SeccompRuntimeDefault from "./ctr-04-seccomp-runtime-default";
import ctr04SelinuxEnforcingHosts from "./ctr-04-selinux-enforcing-hosts";
import ctr05EcrScanning from "./ctr-05-ecr-scanning";
import cv01GatewayAuthenticatesEveryRequest from "./cv-01-gateway-authenticates-every-request";
import dlp03LargeResponseAlarms from "./dlp-03-large-response-alarms";
import dlp00GuardSeesEveryMethod from "./dlp-00-guard-sees-every-method";
import dlp01GuardDlpPolicy from "./dlp-01-guard-dlp-policy";
import gw02GuardThreatRules from "./gw-02-guard-threat-rules";
import io00GuardDeploymentHardened from "./io-00-guard-deployment-hardened";
import io00GuardEnforceMode from "./io-00-guard-enforce-mode";
import io00GuardFailsClosed from "./io-00-guard-fails-closed";
import io00GuardOnEveryRoute from "./io-00-guard-on-every-route";
import io02GuardEnforceableSchemas from "./io-02-guard-enforceable-schemas";
import io05GuardSinksResolve from "./io-05-guard-sinks-resolve";
import io07GuardConstraintsCompile from "./io-07-guard-constraints-compile";
import ts01GuardApprovedTools from "./ts-01-guard-approved-tools";
import tool01VettingGateAnchor from "./tool-01-vetting-gate-anchor";
import tool02OnboardingRecords from "./tool-02-onboarding-records";
import tool05ApprovedDefinitionsSanitized from "./tool-05-approved-definitions-sanitized";
import tool06ApprovedDefinitionsNoPoisoning from "./tool-06-approved-definitions-no-poisoning";
import tool07ApprovedDefinitionsPermissions from "./tool-07-approved-definitions-permissions";
import tool08ToolChangeAlarm from "./tool-08-tool-change-alarm";
import tool09GuardMetricsPipeline from "./tool-09-guard-metrics-pipeline";
import tool11ApprovedDefinitionsClassifier from "./tool-11-approved-definitions-classifier";
import prov02GuardPinsTamperEvident from "./prov-02-guard-pins-tamper-evident";
import gw01GatewayOriginAllowlist from "./gw-01-gateway-origin-allowlist";
import gw01NoGatewayBypass from "./gw-01-no-gateway-bypass";
import gw01EdgeRouteGatewayOnly from "./gw-01-edge-route-gateway-only";
import gw01WafMcpProtocolRules from "./gw-01-waf-mcp-protocol-rules";
import gw03GatewayRateLimits from "./gw-03-gateway-rate-limits";
import gw03WafRateLimits from "./gw-03-waf-rate-limits";
import gw04GatewayTracing from "./gw-04-gateway-tracing";
import gw04TraceCollector from "./gw-04-trace-collector";
import host00Ec2Imdsv2Encrypted from "./host-00-ec2-imdsv2-encrypted";
import host00HostAuditRules from "./host-00-host-audit-rules";
import host00NodeLaunchTemplate from "./host-00-node-launch-template";
import host01FalcoMcpRules from "./host-01-falco-mcp-rules";
import host02FileIntegrity from "./host-02-file-integrity";
import host03FalcoMemoryRules from "./host-03-falco-memory-rules";
import ir00IncidentRunbooks from "./ir-00-incident-runbooks";
import ir01IncidentSignals from "./ir-01-incident-signals";
import ir02bRecoveryRevocationWired from "./ir-02b-recovery-revocation-wired";
import ir02bRecoveryRunbooks from "./ir-02b-recovery-runbooks";
import ir02dFindingsExportToArchive from "./ir-02d-findings-export-to-archive";
import iso01DefaultDenyNetworkPolicy from "./iso-01-default-deny-network-policy";
import iso01VpcCniNetworkPolicy from "./iso-01-vpc-cni-network-policy";
import iso02DisjointServerCredentials from "./iso-02-disjoint-server-credentials";
import iso02GatewayRouteIsolation from "./iso-02-gateway-route-isolation";
import iso02NoSharedState from "./iso-02-no-shared-state";
import iso03EncryptedStateBackend from "./iso-03-encrypted-state-backend";
import iso03EnvironmentSeparation from "./iso-03-environment-separation";
import log01EksControlPlaneLogs from "./log-01-eks-control-plane-logs";
import log01WafLoggingRedactsAuthorization from "./log-01-waf-logging-redacts-authorization";
import log01GuardAuditShipped from "./log-01-guard-audit-shipped";
import log02ContainerLogShipping from "./log-02-container-log-shipping";
import log02LogGroupsSubscribed from "./log-02-log-groups-subscribed";
import log02VpcFlowLogs from "./log-02-vpc-flow-logs";
import log03SecurityAlarms from "./log-03-security-alarms";
import log04CloudtrailIntegrity from "./log-04-cloudtrail-integrity";
import log04KmsPreventDestroy from "./log-04-kms-prevent-destroy";
import log04LogArchiveObjectLock from "./log-04-log-archive-object-lock";
import log04LogGroupEncryptionRetention from "./log-04-log-group-encryption-retention";
import msh01ImageDigestAndManaged from "./msh-01-image-digest-and-managed";
import msh02EksAccessViaAdminRole from "./msh-02-eks-access-via-admin-role";
import msh02PodIdentityRoleTrust from "./msh-02-pod-identity-role-trust";
import msh03CsiSecretsReadOnly from "./msh-03-csi-secrets-read-only";
import msh03KmsKeyPolicyLeastPrivilege from "./msh-03-kms-key-policy-least-privilege";
import msh03NoSecretValues from "./msh-03-no-secret-values";
import msh03SecretsEncryptedAndScoped from "./msh-03-secrets-encrypted-and-scoped";
import msh04NodeScalingAlarm from "./msh-04-node-scaling-alarm";
import net01DataStoreMeshEntries from "./net-01-data-store-mesh-entries";
import net01EgressDomainAllowlist from "./net-01-egress-domain-allowlist";
import net01MeshEgressServiceEntries from "./net-01-mesh-egress-service-entries";
import net01NoOpenIngress from "./net-01-no-open-ingress";
import net01NoPublicIpOnLaunch from "./net-01-no-public-ip-on-launch";
import net01PrivateServiceEndpoints from "./net-01-private-service-endpoints";
import net01PrivateTierNoInternetRoute from "./net-01-private-tier-no-internet-route";
import net01RestrictedEgress from "./net-01-restricted-egress";
import net01TierSecurityGroups from "./net-01-tier-security-groups";
import net01TierSegmentation from "./net-01-tier-segmentation";
import net01VpcBlockPublicAccess from "./net-01-vpc-block-public-access";
import net02PeerAuthenticationStrict from "./net-02-peer-authentication-strict";
import net02ServerAuthorizationGatewayOnly from "./net-02-server-authorization-gateway-only";
import net03WafManagedGroupsBlock from "./net-03-waf-managed-groups-block";
import net03WafOnInternetFacingLb from "./net-03-waf-on-internet-facing-lb";
import net04AlbHardening from "./net-04-alb-hardening";
import net04HttpsListeners from "./net-04-https-listeners";
import net04GatewayTlsProvisioned from "./net-04-gateway-tls-provisioned";
import net04HttpsTargetGroups from "./net-04-https-target-groups";
import net04EdgeHostRoutes from "./net-04-edge-host-routes";
import net04EdgeHealthCheckStatusPort from "./net-04-edge-health-check-status-port";
import ops01ScheduledImageRebuild from "./ops-01-scheduled-image-rebuild";
import ops01SupportedLambdaRuntimes from "./ops-01-supported-lambda-runtimes";
import ops02ConfigRecorderAndConformancePack from "./ops-02-config-recorder-and-conformance-pack";
import ops03ContainmentRbac from "./ops-03-containment-rbac";
import ops03ContainmentWired from "./ops-03-containment-wired";
import ops04AccessAnalyzers from "./ops-04-access-analyzers";
import ops04KubernetesAccessReview from "./ops-04-kubernetes-access-review";
import ops04KeycloakRealmAccessReview from "./ops-04-keycloak-realm-access-review";
import ops04ScheduledAccessReview from "./ops-04-scheduled-access-review";
import prov01SignedImagesRequired from "./prov-01-signed-images-required";
import prov03EcrRepositoryPolicy from "./prov-03-ecr-repository-policy";
import pub03HardenedImagePipeline from "./pub-03-hardened-image-pipeline";
import pub05BastionNoPublicAccess from "./pub-05-bastion-no-public-access";
import pub05ClientVpnMutualTlsAndSso from "./pub-05-client-vpn-mutual-tls-and-sso";
import pub05SessionManagerLogged from "./pub-05-session-manager-logged";
import pub05SshdHardened from "./pub-05-sshd-hardened";
import pub06DefaultNetworkAclClosed from "./pub-06-default-network-acl-closed";
import pub06DefaultSecurityGroupClosed from "./pub-06-default-security-group-closed";
import pub06EgressFirewallDefaultDrop from "./pub-06-egress-firewall-default-drop";
import pub06McpEgressThroughFirewall from "./pub-06-mcp-egress-through-firewall";
import pub06NetworkAclExplicit from "./pub-06-network-acl-explicit";
import pub06NaclNoInternetAdminPorts from "./pub-06-nacl-no-internet-admin-ports";
import pub07IdpsRulesAndLogging from "./pub-07-idps-rules-and-logging";
import pub07ThreatDetectionEnabled from "./pub-07-threat-detection-enabled";
import pub08AdminRolesRequireMfa from "./pub-08-admin-roles-require-mfa";
import pub08NoIamUsers from "./pub-08-no-iam-users";
import ti01ThreatIntelFeeds from "./ti-01-threat-intel-feeds";
import ti01GuarddutyDecryptsThreatLists from "./ti-01-guardduty-decrypts-threat-lists";
import ti03HuntingQueries from "./ti-03-hunting-queries";
import ti04EmulationPlanDetections from "./ti-04-emulation-plan-detections";
import tool12GuardCorrelation from "./tool-12-guard-correlation";
import tool09GuardAnomalyAlarms from "./tool-09-guard-anomaly-alarms";
import tool09FalcoServerBaselines from "./tool-09-falco-server-baselines";
import tool10SandboxPlacement from "./tool-10-sandbox-placement";
import tool10SandboxReports from "./tool-10-sandbox-reports";
import tool10SandboxWithholds from "./tool-10-sandbox-withholds";
import ts01GatewayDeclaredToolsOnly from "./ts-01-gateway-declared-tools-only";

/** Every rule, run by `mcp-harden check` and during synthesis. */
export const ALL_RULES: readonly Rule[] = [
  auth01RealmMfaRequired,
  auth01RealmClientsCodePkce,
  auth01KeycloakEdgeRoute,
  auth04RealmDpopBound,
  auth04GatewayForwardsDpopRequest,
  cv03RealmStepUpLevels,
  cv04RealmSessionRevocation,
  jit03RealmPurposeGrants,
  jit05RealmTokenExchange,
  zt01GuardVerifiesTokens,
  pub01GuardSessionBinding,
  auth03GatewayAudiencePerServer,
  net04RdsEncryptedPrivate,
  net04ElasticacheEncryptedAuth,
  net04ElasticachePrivateDataTier,
  auth04GuardSharedStore,
  auth05KmsKeyRotation,
  ctr00EksPrivateEndpoint,
  ctr00EksSecretsEncryption,
  ctr00PodSecurityRestricted,
  ctr00AdmissionPolicies,
  ctr01ReadOnlyRoot,
  ctr02NoPrivileges,
  ctr02IstioCni,
  ctr03ResourceLimits,
  ctr03DestinationRuleConnectionPool,
  ctr04BottlerocketLockdown,
  ctr04SeccompRuntimeDefault,
  ctr04SelinuxEnforcingHosts,
  ctr05EcrScanning,
  cv01GatewayAuthenticatesEveryRequest,
  dlp03LargeResponseAlarms,
  dlp00GuardSeesEveryMethod,
  dlp01GuardDlpPolicy,
  gw02GuardThreatRules,
  io00GuardDeploymentHardened,
  io00GuardEnforceMode,
  io00GuardFailsClosed,
  io00GuardOnEveryRoute,
  io02GuardEnforceableSchemas,
  io05GuardSinksResolve,
  io07GuardConstraintsCompile,
  ts01GuardApprovedTools,
  tool01VettingGateAnchor,
  tool02OnboardingRecords,
  tool05ApprovedDefinitionsSanitized,
  tool06ApprovedDefinitionsNoPoisoning,
  tool07ApprovedDefinitionsPermissions,
  tool08ToolChangeAlarm,
  tool09GuardMetricsPipeline,
  tool11ApprovedDefinitionsClassifier,
  prov02GuardPinsTamperEvident,
  gw01GatewayOriginAllowlist,
  gw01NoGatewayBypass,
  gw01EdgeRouteGatewayOnly,
  gw01WafMcpProtocolRules,
  gw03GatewayRateLimits,
  gw03WafRateLimits,
  gw04GatewayTracing,
  gw04TraceCollector,
  host00Ec2Imdsv2Encrypted,
  host00HostAuditRules,
  host00NodeLaunchTemplate,
  host01FalcoMcpRules,
  host02FileIntegrity,
  host03FalcoMemoryRules,
  ir00IncidentRunbooks,
  ir01IncidentSignals,
  ir02bRecoveryRevocationWired,
  ir02bRecoveryRunbooks,
  ir02dFindingsExportToArchive,
  iso01DefaultDenyNetworkPolicy,
  iso01VpcCniNetworkPolicy,
  iso02DisjointServerCredentials,
  iso02GatewayRouteIsolation,
  iso02NoSharedState,
  iso03EncryptedStateBackend,
  iso03EnvironmentSeparation,
  log01EksControlPlaneLogs,
  log01WafLoggingRedactsAuthorization,
  log01GuardAuditShipped,
  log02ContainerLogShipping,
  log02LogGroupsSubscribed,
  log02VpcFlowLogs,
  log03SecurityAlarms,
  log04CloudtrailIntegrity,
  log04KmsPreventDestroy,
  log04LogArchiveObjectLock,
  log04LogGroupEncryptionRetention,
  msh01ImageDigestAndManaged,
  msh02EksAccessViaAdminRole,
  msh02PodIdentityRoleTrust,
  msh03CsiSecretsReadOnly,
  msh03KmsKeyPolicyLeastPrivilege,
  msh03NoSecretValues,
  msh03SecretsEncryptedAndScoped,
  msh04NodeScalingAlarm,
  net01DataStoreMeshEntries,
  net01EgressDomainAllowlist,
  net01MeshEgressServiceEntries,
  net01NoOpenIngress,
  net01NoPublicIpOnLaunch,
  net01PrivateServiceEndpoints,
  net01PrivateTierNoInternetRoute,
  net01RestrictedEgress,
  net01TierSecurityGroups,
  net01TierSegmentation,
  net01VpcBlockPublicAccess,
  net02PeerAuthenticationStrict,
  net02ServerAuthorizationGatewayOnly,
  net03WafManagedGroupsBlock,
  net03WafOnInternetFacingLb,
  net04AlbHardening,
  net04HttpsListeners,
  net04GatewayTlsProvisioned,
  net04HttpsTargetGroups,
  net04EdgeHostRoutes,
  net04EdgeHealthCheckStatusPort,
  ops01ScheduledImageRebuild,
  ops01SupportedLambdaRuntimes,
  ops02ConfigRecorderAndConformancePack,
  ops03ContainmentRbac,
  ops03ContainmentWired,
  ops04AccessAnalyzers,
  ops04KubernetesAccessReview,
  ops04KeycloakRealmAccessReview,
  ops04ScheduledAccessReview,
  prov01SignedImagesRequired,
  prov03EcrRepositoryPolicy,
  pub03HardenedImagePipeline,
  pub05BastionNoPublicAccess,
  pub05ClientVpnMutualTlsAndSso,
  pub05SessionManagerLogged,
  pub05SshdHardened,
  pub06DefaultNetworkAclClosed,
  pub06DefaultSecurityGroupClosed,
  pub06EgressFirewallDefaultDrop,
  pub06McpEgressThroughFirewall,
  pub06NaclNoInternetAdminPorts,
  pub06NetworkAclExplicit,
  pub07IdpsRulesAndLogging,
  pub07ThreatDetectionEnabled,
  pub08AdminRolesRequireMfa,
  pub08NoIamUsers,
  ti01ThreatIntelFeeds,
  ti01GuarddutyDecryptsThreatLists,
  ti03HuntingQueries,
  ti04EmulationPlanDetections,
  tool12GuardCorrelation,
  tool09GuardAnomalyAlarms,
  tool09FalcoServerBaselines,
  tool10SandboxPlacement,
  tool10SandboxReports,
  tool10SandboxWithholds,
  ts01GatewayDeclaredToolsOnly,
];
