/**
 * The data that turns an attribute change into words a security reviewer acts on: which resource attributes
 * belong to which controls, what they are called, and which direction is weaker; and which attributes are
 * noise. One line per mapping: adding one touches one line.
 *
 * Patterns:
 * - type: the Terraform resource type (`aws_flow_log`, `data.<type>`, `provider.aws`, `terraform.backend`) or the
 *   Kubernetes kind; `*` matches any characters, `|` separates alternatives.
 * - path: the attribute path inside the resource, array elements written `[]` (`rule[].override_action`);
 *   `*` matches within one key, `**.` any keys before (including none), `.**.` any keys between, `.**` any keys
 *   after; `|` separates alternatives. The empty path means the resource itself, added or removed.
 *
 * The deepest mapped attribute of a change wins, so `rule[].override_action` beats `rule[]`; at equal depth the
 * first line wins. Mappings explain and rank changes; whether a control got weaker is decided by the rules'
 * findings too (see `security-diff.ts`). Judges are documented in `judges.ts`.
 */
import { RESTRICTED_TLS_POLICIES } from "../../baselines/waf-limits";
import { Judge } from "./judges";

/** One mapping: a change of `path` on resources of `type` concerns `controls`. */
export interface AttributeControl {
  readonly type: string;
  readonly path: string;
  /** Control IDs of the catalog. */
  readonly controls: readonly string[];
  /** What the attribute is, in a reviewer's words. */
  readonly phrase: string;
  /** Which direction is weaker. */
  readonly judge: Judge;
}

type Row = readonly [type: string, path: string, controls: string, phrase: string, judge: Judge];

const SG_RULES = "aws_vpc_security_group_ingress_rule|aws_vpc_security_group_egress_rule|aws_security_group_rule|aws_security_group|aws_default_security_group";
const NACLS = "aws_network_acl|aws_network_acl_rule|aws_default_network_acl";
const WAF = "aws_wafv2_web_acl";
const NETWORK_GROUPS = "NET-01 PUB-06 PUB-04";

const ROWS: readonly Row[] = [
  // Tags that policy rules read are not noise.
  ["*", "**.tags.mcp:tier|**.tags_all.mcp:tier", "NET-01 ISO-01", "network tier tag (rules read it)", "review"],
  ["provider.*", "**.tags.mcp:*", "ISO-03", "environment tag (rules read it)", "review"],
  // Security groups and network ACLs (NET-01, PUB-06, PUB-04, ISO-01).
  [SG_RULES, "", "NET-01 PUB-06", "security group or rule", "review"],
  [SG_RULES, "cidr_ipv4|cidr_ipv6|**.cidr_blocks|**.ipv6_cidr_blocks", NETWORK_GROUPS, "CIDR", "cidr"],
  [`${SG_RULES}|${NACLS}`, "from_port|to_port|**.from_port|**.to_port", NETWORK_GROUPS, "port range", "ports"],
  [`${SG_RULES}|${NACLS}`, "ip_protocol|protocol|**.protocol", NETWORK_GROUPS, "protocol", "weak:-1,all"],
  [SG_RULES, "referenced_security_group_id|prefix_list_id|**.security_groups|**.prefix_list_ids|**.self", "NET-01 ISO-01", "peer security group", "review"],
  [SG_RULES, "security_group_id|vpc_id", "NET-01 ISO-01", "security group the rule belongs to", "review"],
  ["aws_security_group|aws_default_security_group", "ingress|egress", "NET-01 PUB-06", "inline rules", "list-grows"],
  ["aws_security_group|aws_default_security_group", "ingress[]|egress[]", "NET-01 PUB-06", "inline rule", "permissive"],
  ["aws_default_security_group", "", "PUB-06 NET-01", "managed default security group", "required"],
  [NACLS, "", "PUB-06 NET-01", "network ACL", "required"],
  [NACLS, "ingress|egress", "PUB-06 NET-01", "network ACL entries", "list-grows"],
  [NACLS, "ingress[]|egress[]", "PUB-06 NET-01", "network ACL entry", "permissive"],
  [NACLS, "cidr_block|ipv6_cidr_block|**.cidr_block|**.ipv6_cidr_block", NETWORK_GROUPS, "CIDR", "cidr"],
  [NACLS, "rule_action|**.action", "PUB-06 NET-01", "ACL action", "weak:allow"],
  [NACLS, "subnet_ids|subnet_id", "PUB-06 NET-01", "subnets the ACL covers", "list-shrinks"],
  // Subnets, routes, gateways, endpoints (NET-01, ISO-01, ISO-03, MSH-02).
  ["aws_subnet", "map_public_ip_on_launch|assign_ipv6_address_on_creation", "NET-01 PUB-06", "public IP on launch", "weak:true"],
  ["aws_subnet|aws_vpc", "cidr_block|ipv6_cidr_block|vpc_id|availability_zone", "NET-01 ISO-03", "address range or placement", "review"],
  ["aws_route|aws_route_table|aws_route_table_association", "", "NET-01 ISO-01", "route", "review"],
  ["aws_route|aws_route_table", "**.gateway_id|**.nat_gateway_id|**.vpc_peering_connection_id|**.transit_gateway_id|**.vpc_endpoint_id|**.network_interface_id", "NET-01 ISO-01", "route target", "review"],
  ["aws_route|aws_route_table", "**.destination_cidr_block|**.cidr_block|**.destination_ipv6_cidr_block|**.ipv6_cidr_block", "NET-01 ISO-01", "route destination", "review"],
  ["aws_route_table_association", "route_table_id|subnet_id|gateway_id", "NET-01 ISO-01", "route table association", "review"],
  ["aws_internet_gateway|aws_egress_only_internet_gateway", "", "NET-01 PUB-06", "internet gateway", "permissive"],
  ["aws_nat_gateway|aws_eip", "", "NET-01", "NAT gateway or public address", "review"],
  ["aws_vpc_peering_connection|aws_ec2_transit_gateway_vpc_attachment", "", "ISO-03 NET-01", "connection between VPCs", "permissive"],
  ["aws_vpc_block_public_access_options", "", "NET-01 PUB-06", "VPC Block Public Access", "required"],
  ["aws_vpc_block_public_access_options", "internet_gateway_block_mode", "NET-01 PUB-06", "Block Public Access mode", "order:off,block-ingress,block-bidirectional"],
  ["aws_vpc_block_public_access_exclusion", "", "NET-01 PUB-06", "Block Public Access exclusion", "permissive"],
  ["aws_vpc_block_public_access_exclusion", "internet_gateway_exclusion_mode", "NET-01 PUB-06", "exclusion mode", "order:allow-bidirectional,allow-egress"],
  ["aws_vpc_block_public_access_exclusion", "subnet_id|vpc_id", "NET-01 PUB-06", "excluded subnet or VPC", "review"],
  ["aws_vpc_endpoint", "", "NET-01 MSH-02", "private service endpoint", "required"],
  ["aws_vpc_endpoint", "policy", "NET-01 ISO-03", "endpoint policy", "review"],
  ["aws_vpc_endpoint", "private_dns_enabled", "NET-01", "private DNS of the endpoint", "strong:true"],
  ["aws_vpc_endpoint", "security_group_ids|subnet_ids|route_table_ids|service_name|vpc_endpoint_type", "NET-01", "endpoint placement", "review"],
  ["aws_networkfirewall_firewall|aws_networkfirewall_firewall_policy|aws_networkfirewall_rule_group", "", "PUB-07 PUB-06 NET-01", "network firewall", "required"],
  ["aws_networkfirewall_firewall_policy", "**.stateful_default_actions|**.stateless_default_actions|**.stateless_fragment_default_actions", "PUB-06 NET-01", "firewall default action", "review"],
  ["aws_networkfirewall_firewall_policy", "**.stateful_rule_group_reference|**.stateless_rule_group_reference", "PUB-07 PUB-06", "rule groups in the policy", "list-shrinks"],
  ["aws_networkfirewall_rule_group", "**.rules_source", "PUB-07 NET-01", "firewall rules", "review"],
  ["aws_networkfirewall_firewall", "delete_protection|firewall_policy_change_protection|subnet_change_protection", "PUB-07", "firewall change protection", "strong:true"],
  // Logging (LOG-01, LOG-02, LOG-04).
  ["aws_flow_log", "", "LOG-02 NET-01", "VPC flow log", "required"],
  ["aws_flow_log", "traffic_type", "LOG-02 NET-01", "flow log traffic type", "strong:ALL"],
  ["aws_flow_log", "log_destination|log_destination_type|vpc_id|subnet_id|eni_id|iam_role_arn|deliver_cross_account_role", "LOG-02", "flow log source or destination", "review"],
  ["aws_cloudwatch_log_group", "", "LOG-04 LOG-02", "log group", "required"],
  ["aws_cloudwatch_log_group", "kms_key_id", "LOG-04", "log group encryption key", "required"],
  ["aws_cloudwatch_log_group", "retention_in_days", "LOG-04", "log retention", "retention"],
  ["aws_cloudwatch_log_subscription_filter", "", "LOG-02", "log forwarding to the SIEM", "required"],
  ["aws_kinesis_firehose_delivery_stream", "", "LOG-02 TS-04", "SIEM delivery stream", "required"],
  ["aws_kinesis_firehose_delivery_stream", "server_side_encryption|server_side_encryption.**|http_endpoint_configuration|http_endpoint_configuration.**", "LOG-02", "SIEM endpoint, key, encryption or backup", "review"],
  ["aws_lambda_function|aws_lambda_function_event_invoke_config|aws_lambda_permission", "", "OPS-03", "Lambda function (containment, rotation) or its invocation", "review"],
  ["aws_cloudwatch_log_data_protection_policy", "", "LOG-01", "log data protection", "required"],
  ["aws_cloudtrail", "", "LOG-04 LOG-01", "CloudTrail trail", "required"],
  ["aws_cloudtrail", "enable_log_file_validation|is_multi_region_trail|include_global_service_events|enable_logging", "LOG-04 LOG-01", "trail setting", "strong:true"],
  ["aws_cloudtrail", "kms_key_id", "LOG-04", "trail encryption key", "required"],
  ["aws_wafv2_web_acl_logging_configuration", "", "LOG-02 LOG-01 NET-03", "web ACL logging", "required"],
  ["aws_wafv2_web_acl_logging_configuration", "redacted_fields", "LOG-01", "fields redacted from WAF logs", "list-shrinks"],
  ["aws_networkfirewall_logging_configuration", "", "LOG-02 PUB-07", "firewall logging", "required"],
  ["aws_networkfirewall_logging_configuration", "**.log_destination_config", "LOG-02 PUB-07", "firewall log types", "list-shrinks"],
  ["aws_lb", "access_logs.enabled|access_logs[].enabled|connection_logs.enabled|connection_logs[].enabled", "LOG-02", "load balancer logs", "strong:true"],
  ["aws_eks_cluster", "enabled_cluster_log_types", "LOG-01 LOG-02", "EKS control-plane log types", "list-shrinks"],
  ["aws_ec2_client_vpn_endpoint", "connection_log_options.enabled|connection_log_options[].enabled", "LOG-02 PUB-05", "VPN connection logging", "strong:true"],
  ["aws_route53_resolver_query_log_config|aws_route53_resolver_query_log_config_association", "", "LOG-02", "DNS query logging", "required"],
  ["aws_s3_bucket_object_lock_configuration", "", "LOG-04", "object lock", "required"],
  ["aws_s3_bucket_object_lock_configuration", "**.mode", "LOG-04", "object lock mode", "order:GOVERNANCE,COMPLIANCE"],
  ["aws_s3_bucket_object_lock_configuration", "**.days|**.years", "LOG-04", "object lock retention", "lowered"],
  ["aws_s3_bucket_versioning", "**.status", "LOG-04", "bucket versioning", "strong:Enabled"],
  ["aws_s3_bucket_public_access_block", "", "LOG-04 PUB-06", "bucket public access block", "required"],
  ["aws_s3_bucket_public_access_block", "block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets", "LOG-04 PUB-06", "public access block setting", "strong:true"],
  ["aws_s3_bucket_server_side_encryption_configuration", "", "LOG-04", "bucket encryption", "required"],
  ["aws_s3_bucket_server_side_encryption_configuration", "**.kms_master_key_id", "LOG-04", "bucket encryption key", "required"],
  ["aws_s3_bucket_server_side_encryption_configuration", "**.sse_algorithm", "LOG-04", "bucket encryption algorithm", "order:AES256,aws:kms,aws:kms:dsse"],
  ["aws_s3_bucket_policy", "policy", "NET-04 LOG-04", "bucket policy", "review"],
  // Keys, secrets, state (AUTH-05, MSH-03, ISO-03).
  ["aws_kms_key", "", "AUTH-05 ISO-03", "KMS key", "review"],
  ["aws_kms_key", "enable_key_rotation", "AUTH-05", "automatic key rotation", "strong:true"],
  ["aws_kms_key", "rotation_period_in_days", "AUTH-05", "key rotation period", "raised"],
  ["aws_kms_key", "deletion_window_in_days", "AUTH-05", "key deletion window", "lowered"],
  ["aws_kms_key", "policy", "ISO-03 AUTH-05", "key policy", "review"],
  ["aws_kms_key", "key_usage|customer_master_key_spec|multi_region", "AUTH-05", "key type", "review"],
  ["aws_kms_alias", "target_key_id", "AUTH-05 ISO-03", "key an alias points to", "review"],
  ["aws_secretsmanager_secret", "", "MSH-03", "secret", "review"],
  ["aws_secretsmanager_secret", "kms_key_id", "MSH-03", "secret encryption key", "required"],
  ["aws_secretsmanager_secret", "policy", "MSH-03 ISO-02", "secret resource policy", "review"],
  ["aws_secretsmanager_secret", "recovery_window_in_days", "MSH-03", "secret recovery window", "lowered"],
  ["aws_secretsmanager_secret_rotation", "", "AUTH-05 MSH-03", "secret rotation", "required"],
  ["aws_secretsmanager_secret_rotation", "**.automatically_after_days", "AUTH-05", "rotation interval", "raised"],
  ["aws_secretsmanager_secret_version|data.aws_secretsmanager_secret_version", "", "MSH-03", "secret value in the plan or state", "permissive"],
  ["aws_secretsmanager_secret_version", "secret_string|secret_binary", "MSH-03", "secret value in the plan", "permissive"],
  ["terraform.backend", "*", "ISO-03", "state backend", "required"],
  ["terraform.backend", "*.encrypt", "ISO-03", "state encryption", "strong:true"],
  ["terraform.backend", "*.use_lockfile", "ISO-03", "state locking", "strong:true"],
  ["terraform.backend", "*.dynamodb_table", "ISO-03", "state lock table", "required"],
  ["terraform.backend", "*.bucket|*.key|*.region|*.assume_role|*.role_arn|*.allowed_account_ids|*.profile|*.workspace_key_prefix", "ISO-03", "state location or access", "review"],
  ["provider.aws*", "allowed_account_ids", "ISO-03", "accounts the provider may deploy to", "list-grows"],
  ["provider.aws*", "assume_role|region|forbidden_account_ids|assume_role_with_web_identity", "ISO-03", "provider account or role", "review"],
  ["terraform", "required_providers", "PROV-03", "provider source or version", "review"],
  // Any other encryption key, after the specific ones above.
  ["*", "**.kms_key_id|**.kms_key_arn|**.kms_master_key_id|**.encryption_key_arn", "ISO-03", "encryption key", "required"],
  // Edge: WAF and load balancers (NET-03, NET-04, GW-01, GW-02, GW-03).
  [WAF, "", "NET-03 GW-01 GW-03", "web ACL", "required"],
  [WAF, "rule|rule[]", "NET-03 GW-01 GW-03", "web ACL rule", "required"],
  [WAF, "rule[].override_action", "NET-03 GW-01 GW-03", "rule group mode (none blocks, count only logs)", "weak:count"],
  [WAF, "rule[].action", "NET-03 GW-01 GW-03", "rule action", "weak:count,allow"],
  [WAF, "rule[].statement", "NET-03 GW-01 GW-02", "rule match statement", "review"],
  [WAF, "rule[].statement.**.rule_action_override|rule[].statement.**.excluded_rule", "NET-03 GW-02", "managed rules overridden", "additions"],
  [WAF, "rule[].statement.**.rate_based_statement.limit", "GW-03", "rate limit", "raised"],
  [WAF, "rule[].statement.**.rate_based_statement.aggregate_key_type|rule[].statement.**.rate_based_statement.custom_key|rule[].statement.**.rate_based_statement.evaluation_window_sec", "GW-03", "rate-limit key or window", "review"],
  [WAF, "rule[].statement.**.rate_based_statement.scope_down_statement", "GW-03", "requests the rate limit counts", "review"],
  [WAF, "default_action", "NET-03 PUB-06", "default action", "weak:allow"],
  [WAF, "**.visibility_config.cloudwatch_metrics_enabled|**.visibility_config.sampled_requests_enabled", "LOG-02", "WAF metrics and sampling", "strong:true"],
  ["aws_wafv2_web_acl_association", "", "NET-03", "web ACL attachment", "required"],
  ["aws_wafv2_web_acl_association", "resource_arn|web_acl_arn", "NET-03", "what the web ACL protects", "review"],
  ["aws_wafv2_regex_pattern_set", "regular_expression", "GW-02 NET-03", "signature patterns", "list-shrinks"],
  ["aws_wafv2_ip_set", "addresses", "JIT-04 NET-03", "IP set addresses", "review"],
  ["aws_lb_listener", "protocol", "NET-04", "listener protocol", "order:HTTP,HTTPS"],
  ["aws_lb_listener", "ssl_policy", "NET-04", "TLS policy", `strong:${RESTRICTED_TLS_POLICIES.join(",")}`],
  ["aws_lb_listener", "certificate_arn", "NET-04", "TLS certificate", "review"],
  ["aws_lb_listener", "mutual_authentication", "AUTH-01 AUTH-04", "mutual TLS", "review"],
  ["aws_lb", "drop_invalid_header_fields", "GW-01", "invalid header dropping", "strong:true"],
  ["aws_lb", "internal", "NET-01 PUB-06", "internal load balancer", "strong:true"],
  // Identity and access (PUB-05, PUB-08, JIT-00, JIT-01, ISO-02, AUTH-01).
  ["aws_iam_user|aws_iam_access_key|aws_iam_user_policy|aws_iam_user_policy_attachment|aws_iam_user_login_profile", "", "PUB-08 JIT-00", "IAM user or static key", "permissive"],
  ["aws_iam_role|aws_iam_role_policy|aws_iam_policy|aws_iam_role_policy_attachment", "", "JIT-00 ISO-02", "IAM role or policy", "review"],
  ["aws_iam_role", "assume_role_policy", "PUB-08 ISO-03 JIT-01", "who may assume the role", "review"],
  ["aws_iam_role", "max_session_duration", "JIT-01", "role session length", "lifetime:3600"],
  ["aws_iam_role|aws_iam_role_policy|aws_iam_policy", "policy|inline_policy|managed_policy_arns", "JIT-00 ISO-02", "permissions", "review"],
  ["aws_iam_role_policy_attachment", "policy_arn|role", "JIT-00 ISO-02", "attached managed policy", "review"],
  ["aws_eks_access_entry|aws_eks_access_policy_association", "", "JIT-00", "EKS access", "review"],
  ["aws_eks_access_entry", "kubernetes_groups", "MSH-02 OPS-03", "Kubernetes groups of the principal", "list-grows"],
  ["aws_eks_pod_identity_association", "", "MSH-02 ISO-02", "pod identity role", "review"],
  ["aws_ec2_client_vpn_endpoint", "", "PUB-05", "Client VPN endpoint", "required"],
  ["aws_ec2_client_vpn_endpoint", "session_timeout_hours", "PUB-05", "VPN session length", "lifetime:24"],
  ["aws_ec2_client_vpn_endpoint", "authentication_options|client_cidr_block|security_group_ids|split_tunnel", "PUB-05 PUB-08", "VPN authentication or reach", "review"],
  ["aws_ec2_client_vpn_authorization_rule", "authorize_all_groups", "PUB-05 JIT-01", "authorize every group", "weak:true"],
  ["aws_ec2_client_vpn_authorization_rule", "target_network_cidr", "PUB-05", "network the VPN reaches", "cidr"],
  ["aws_ec2_client_vpn_authorization_rule", "access_group_id", "PUB-05 JIT-01", "group the VPN admits", "required"],
  ["aws_cognito_user_pool", "mfa_configuration", "AUTH-01 PUB-08", "MFA", "order:OFF,OPTIONAL,ON"],
  // Hosts (PUB-03, PUB-05, HOST-00, PUB-07).
  ["aws_launch_template|aws_instance", "metadata_options.http_tokens|metadata_options[].http_tokens", "PUB-03", "IMDSv2", "order:optional,required"],
  ["aws_launch_template|aws_instance", "metadata_options.http_put_response_hop_limit|metadata_options[].http_put_response_hop_limit", "PUB-03", "IMDS hop limit", "raised"],
  ["aws_launch_template|aws_instance|aws_ebs_volume", "encrypted|**.encrypted", "PUB-03", "EBS encryption", "strong:true"],
  ["aws_launch_template|aws_instance", "associate_public_ip_address|**.associate_public_ip_address", "NET-01 PUB-05", "public IP", "weak:true"],
  ["aws_launch_template|aws_instance", "user_data|image_id|ami", "PUB-03 PUB-05", "image or boot configuration", "review"],
  ["aws_eks_node_group", "ami_type", "PUB-03 CTR-04", "node operating system", "review"],
  ["aws_eks_cluster", "vpc_config.endpoint_public_access|vpc_config[].endpoint_public_access", "NET-01 PUB-05", "public EKS API endpoint", "weak:true"],
  ["aws_eks_cluster", "vpc_config.public_access_cidrs|vpc_config[].public_access_cidrs", "NET-01 PUB-05", "EKS API CIDR", "cidr"],
  ["aws_eks_addon", "configuration_values", "ISO-01", "add-on configuration", "review"],
  ["aws_guardduty_detector|aws_guardduty_detector_feature|aws_securityhub_account|aws_securityhub_standards_subscription|aws_inspector2_enabler", "", "PUB-07 HOST-00", "threat detection service", "required"],
  ["aws_guardduty_detector|aws_guardduty_detector_feature", "enable|status", "PUB-07 HOST-00", "threat detection", "strong:true,ENABLED"],
  ["aws_ecr_repository", "image_tag_mutability", "CTR-05 CTR-01", "image tag mutability", "strong:IMMUTABLE"],
  ["aws_ecr_repository", "image_scanning_configuration.scan_on_push|image_scanning_configuration[].scan_on_push", "CTR-05", "scan on push", "strong:true"],
  // Kubernetes workloads (CTR-00..CTR-04, PUB-04, NET-02, MSH-04).
  ["*", "**.securityContext", "CTR-02", "security context", "required"],
  ["*", "**.securityContext.capabilities.add", "CTR-02", "added Linux capabilities", "additions"],
  ["*", "**.securityContext.capabilities.drop", "CTR-02", "dropped Linux capabilities", "list-shrinks"],
  ["*", "**.securityContext.privileged", "CTR-02", "privileged container", "weak:true"],
  ["*", "**.securityContext.allowPrivilegeEscalation", "CTR-02", "privilege escalation", "strong:false"],
  ["*", "**.securityContext.runAsNonRoot", "CTR-02", "non-root enforcement", "strong:true"],
  ["*", "**.securityContext.runAsUser|**.securityContext.runAsGroup", "CTR-02", "user or group ID", "weak:0"],
  ["*", "**.securityContext.readOnlyRootFilesystem", "CTR-01", "read-only root filesystem", "strong:true"],
  ["*", "**.securityContext.seccompProfile", "CTR-04", "seccomp profile", "required"],
  ["*", "**.securityContext.seccompProfile.type", "CTR-04", "seccomp profile type", "strong:RuntimeDefault,Localhost"],
  ["*", "**.securityContext.appArmorProfile.type", "CTR-04", "AppArmor profile", "weak:Unconfined"],
  ["*", "**.securityContext.seLinuxOptions", "CTR-04", "SELinux options", "review"],
  ["*", "**.securityContext.seLinuxOptions.type", "CTR-04", "SELinux type", "weak:spc_t,super_t"],
  ["*", "**.annotations.container.apparmor.security.beta.kubernetes.io/*", "CTR-04", "AppArmor profile", "weak:unconfined"],
  ["*", "**.hostNetwork|**.hostPID|**.hostIPC", "CTR-02 PUB-04", "host namespace sharing", "weak:true"],
  ["*", "**.ports[].hostPort", "PUB-04", "host port", "permissive"],
  ["*", "**.volumes[].hostPath", "CTR-01", "hostPath volume", "permissive"],
  ["*", "**.automountServiceAccountToken", "NET-02 CTR-02", "service account token mount", "strong:false"],
  ["*", "**.serviceAccountName", "NET-02 MSH-02", "service account", "review"],
  ["*", "**.containers[].image|**.initContainers[].image", "CTR-01 PROV-01", "container image", "review"],
  ["*", "**.resources.limits", "CTR-03 MSH-04", "resource limits", "raised"],
  ["*", "**.resources.requests", "CTR-03", "resource requests", "review"],
  ["*", "**.annotations.kubernetes.io/ingress-bandwidth|**.annotations.kubernetes.io/egress-bandwidth", "CTR-03 MSH-04", "bandwidth limit", "raised"],
  ["*", "**.annotations.sidecar.istio.io/inject|**.labels.sidecar.istio.io/inject", "NET-02", "mesh sidecar injection", "strong:true"],
  ["*", "**.annotations.sidecar.istio.io/proxyCPULimit|**.annotations.sidecar.istio.io/proxyMemoryLimit", "CTR-03 MSH-04", "mesh sidecar limits", "raised"],
  ["ResourceQuota|LimitRange", "", "CTR-03 MSH-04", "namespace quota or limit range", "required"],
  ["ResourceQuota", "spec.hard", "CTR-03 MSH-04", "namespace quota", "raised"],
  ["LimitRange", "spec.limits", "CTR-03 MSH-04", "limit range", "raised"],
  ["Namespace", "metadata.labels.pod-security.kubernetes.io/enforce", "CTR-00 CTR-02", "Pod Security level", "order:privileged,baseline,restricted"],
  ["Namespace", "metadata.labels.pod-security.kubernetes.io/*", "CTR-00", "Pod Security labels", "review"],
  ["Namespace", "metadata.labels.istio-injection", "NET-02", "mesh injection", "strong:enabled"],
  ["Namespace", "metadata.labels.istio.io/dataplane-mode", "NET-02", "ambient mesh", "strong:ambient"],
  // Kubernetes traffic and access policy (ISO-01, NET-02, NET-04, AUTH-03, PUB-04, JIT-00, MSH-03).
  ["NetworkPolicy", "", "ISO-01", "network policy", "required"],
  ["NetworkPolicy", "spec.ingress|spec.egress", "ISO-01 NET-01", "allowed peers", "list-grows"],
  ["NetworkPolicy", "spec.podSelector|spec.policyTypes", "ISO-01", "policy scope", "review"],
  ["PeerAuthentication", "", "NET-02", "mTLS policy", "required"],
  ["PeerAuthentication", "spec.mtls.mode|spec.portLevelMtls.*.mode", "NET-02 NET-04", "mTLS mode", "order:DISABLE,PERMISSIVE,STRICT"],
  ["AuthorizationPolicy", "", "NET-02 ISO-01", "authorization policy", "required"],
  ["AuthorizationPolicy", "spec", "NET-02 ISO-01", "authorization rules", "review"],
  ["RequestAuthentication", "", "AUTH-03", "token validation", "required"],
  ["RequestAuthentication", "spec.jwtRules", "AUTH-03", "token validation rules", "review"],
  ["DestinationRule", "**.tls.mode", "NET-04", "TLS mode", "weak:DISABLE"],
  ["DestinationRule", "**.tls.caCertificates|**.tls.subjectAltNames|**.tls.sni", "NET-04 TS-02", "pinned CA and expected name of the destination", "review"],
  ["DestinationRule", "**.connectionPool", "CTR-03 MSH-04", "connection-pool limits", "raised"],
  ["Service", "spec.type", "PUB-04", "service exposure", "weak:NodePort,LoadBalancer"],
  ["ClusterRoleBinding|RoleBinding", "", "JIT-00", "role binding", "permissive"],
  ["ClusterRoleBinding|RoleBinding", "roleRef|subjects", "JIT-00", "role binding", "review"],
  ["ClusterRole|Role", "rules", "JIT-00", "role permissions", "list-grows"],
  ["Secret", "data|stringData", "MSH-03", "secret value in a manifest", "permissive"],
  // The guard's configuration (a JSON file in a ConfigMap): token lifetimes (AUTH-02, JIT-01, CV-03).
  ["ConfigMap", "**.auth.maxTokenLifetimeSeconds", "AUTH-02", "longest access-token lifetime", "lifetime:300"],
  ["ConfigMap", "**.jit.maxGrantSeconds", "JIT-01 AUTH-02", "longest just-in-time grant lifetime", "raised"],
  ["ConfigMap", "**.sensitive.maxAgeSeconds", "CV-03", "longest time since sign-in for a sensitive tool", "raised"],
  ["ValidatingAdmissionPolicy|ValidatingAdmissionPolicyBinding|ClusterPolicy", "", "CTR-00 PROV-01", "admission policy", "required"],
  ["ValidatingAdmissionPolicyBinding|ClusterPolicy", "spec.validationActions|spec.validationFailureAction", "CTR-00 PROV-01", "admission enforcement", "review"],
];

/** Every mapping, in precedence order among equally deep matches. */
export const ATTRIBUTE_CONTROLS: readonly AttributeControl[] = ROWS.map(([type, path, controls, phrase, judge]) => ({
  type,
  path,
  controls: controls.split(" "),
  phrase,
  judge,
}));

/** Attribute paths that never affect security, with the reason shown to reviewers. Checked after the mappings. */
export const NOISE_PATHS: readonly (readonly [path: string, reason: string])[] = [
  ["tags|tags_all|**.tags|default_tags", "tags"],
  ["description|**.description", "description"],
  ["//", "cdktf metadata"],
  ["**.metadata.annotations", "annotation"],
  ["**.visibility_config.metric_name|**.metric_name", "metric name"],
];

/** Keys of arrays whose element order is meaningful (a reordering is not noise). */
export const ORDERED_ARRAYS: readonly string[] = ["command", "args"];
