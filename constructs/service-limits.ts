/**
 * Limits of AWS services (and of the rule groups sized here) that both the constructs and the configuration
 * validation apply. Kept apart from the constructs so that `validate` reads them without loading cdktf and the
 * provider bindings.
 */

/** The session lengths Client VPN accepts, in hours. */
export const CLIENT_VPN_SESSION_TIMEOUT_HOURS = [8, 10, 12, 24] as const;

/** The broadest and narrowest client ranges Client VPN accepts: /12 to /22. */
export const CLIENT_VPN_CIDR_PREFIX = { broadest: 12, narrowest: 22 } as const;

/** The longest login banner Client VPN accepts, in characters. */
export const CLIENT_VPN_BANNER_MAX_LENGTH = 1400;

/** The longest default retention S3 Object Lock accepts, in days (100 years). */
export const OBJECT_LOCK_MAX_DAYS = 36500;

/** Capacity of the egress firewall's allowlist rule group: fixed at creation, so sized with room to grow. */
export const ALLOWLIST_CAPACITY = 500;

/** The most domains the allowlist carries: each domain takes two rules (TLS SNI and HTTP Host) of its capacity. */
export const MAX_ALLOWED_DOMAINS = ALLOWLIST_CAPACITY / 2;
