/**
 * The rule pack. Each rule is a pure function in its own file, named by its rule ID; adding a rule is one
 * file and one line here.
 */
import { Rule } from "../types";
import auth05KmsKeyRotation from "./auth-05-kms-key-rotation";
import iso03EncryptedStateBackend from "./iso-03-encrypted-state-backend";
import iso03EnvironmentSeparation from "./iso-03-environment-separation";
import log02VpcFlowLogs from "./log-02-vpc-flow-logs";
import log04LogGroupEncryptionRetention from "./log-04-log-group-encryption-retention";
import net01NoOpenIngress from "./net-01-no-open-ingress";
import net01NoPublicIpOnLaunch from "./net-01-no-public-ip-on-launch";
import net01PrivateServiceEndpoints from "./net-01-private-service-endpoints";
import net01PrivateTierNoInternetRoute from "./net-01-private-tier-no-internet-route";
import net01RestrictedEgress from "./net-01-restricted-egress";
import net01TierSecurityGroups from "./net-01-tier-security-groups";
import net01TierSegmentation from "./net-01-tier-segmentation";
import net01VpcBlockPublicAccess from "./net-01-vpc-block-public-access";
import pub06DefaultNetworkAclClosed from "./pub-06-default-network-acl-closed";
import pub06DefaultSecurityGroupClosed from "./pub-06-default-security-group-closed";
import pub06NetworkAclExplicit from "./pub-06-network-acl-explicit";

/** Every rule, run by `mcp-harden check` and during synthesis. */
export const ALL_RULES: readonly Rule[] = [
  auth05KmsKeyRotation,
  iso03EncryptedStateBackend,
  iso03EnvironmentSeparation,
  log02VpcFlowLogs,
  log04LogGroupEncryptionRetention,
  net01NoOpenIngress,
  net01NoPublicIpOnLaunch,
  net01PrivateServiceEndpoints,
  net01PrivateTierNoInternetRoute,
  net01RestrictedEgress,
  net01TierSecurityGroups,
  net01TierSegmentation,
  net01VpcBlockPublicAccess,
  pub06DefaultNetworkAclClosed,
  pub06DefaultSecurityGroupClosed,
  pub06NetworkAclExplicit,
];
