/** The network baseline (PUB-06, NET-01): what the internet may never reach. */

/**
 * Remote administration ports (SSH, RDP): no network ACL allow from the internet may cover them (PUB-06, Checkov
 * CKV_AWS_231/232; rule pub-06-nacl-no-internet-admin-ports), and a change that newly admits one is weaker in the
 * security diff.
 */
export const REMOTE_ADMIN_PORTS: readonly number[] = [22, 3389];
