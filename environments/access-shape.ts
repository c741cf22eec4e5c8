/** The readers of the `access` section: the administrators' Client VPN and role sessions. */
import { CLIENT_VPN_SESSION_TIMEOUT_HOURS } from "../constructs/service-limits";
import {
  checkAccessGroupId,
  checkAcmCertificateArn,
  checkBannerText,
  checkRoleSessionHours,
  checkSamlProviderArn,
  checkVpnSessionTimeout,
  vpnClientCidrChecks,
} from "./access-checks";
import { integer, oneOf, Reader, shape, Shape, text } from "./readers";
import { AccessConfig, ClientVpnConfig } from "./schema";

/**
 * The reader of `access`. `raw` is the whole environment as given: production, account, region and VPC range are
 * peeked from it, so the access fields are checked even when those fields are themselves invalid.
 */
export function accessReader(raw: Readonly<Record<string, unknown>>): Reader<AccessConfig> {
  const production = raw.production === true;
  const peek = (key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : undefined);
  const accountId = peek("accountId");
  const region = peek("region");
  const vpn: Shape<ClientVpnConfig> = {
    clientCidr: text(...vpnClientCidrChecks(peek("vpcCidr"))),
    serverCertificateArn: text(checkAcmCertificateArn(accountId, region)),
    rootCertificateChainArn: text(checkAcmCertificateArn(accountId, region)),
    samlProviderArn: text(checkSamlProviderArn(accountId)),
    adminGroupId: text(checkAccessGroupId),
    sessionTimeoutHours: oneOf(CLIENT_VPN_SESSION_TIMEOUT_HOURS, checkVpnSessionTimeout(production)),
    bannerText: text(checkBannerText),
  };
  return shape<AccessConfig>({
    vpn: shape(vpn),
    identityProviderArn: text(checkSamlProviderArn(accountId)),
    maxSessionHours: integer(1, 4, checkRoleSessionHours(production)),
  });
}
