/** Checks of `logging.siem`: the SIEM's HTTPS endpoint, its display name and the secret holding its access key. */
import { ConfigIssue } from "./config-error";
import { isDnsName } from "../constructs/dns-name";
import { Check, issue } from "./readers";
import { quote } from "./quote";

/** Kinesis Data Firehose's limit on an HTTP endpoint URL. */
const MAX_URL_LENGTH = 1000;

/** Firehose's HTTP endpoint name: 1 to 256 of these characters. */
const SIEM_NAME = /^[A-Za-z0-9 ._-]{1,256}$/;

/** Query parameter names that carry a credential. */
const CREDENTIAL_PARAMETER = /key|token|secret|password|passwd|signature|auth/i;

/** A secret ARN: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/** The name of the SIEM destination: 1 to 256 letters, digits, spaces, `.`, `_` or `-`. */
export const checkSiemName: Check<string> = (name) =>
  SIEM_NAME.test(name) ? undefined : issue(`${quote(name)} is not a valid destination name`, "use 1 to 256 letters, digits, spaces, '.', '_' or '-', e.g. splunk-prod");

/**
 * The SIEM's ingestion URL: `https://` and a DNS host, at most 1000 characters, without user name, password,
 * fragment or a query parameter carrying a credential (the key belongs in Secrets Manager).
 */
export const checkSiemEndpointUrl: Check<string> = (value): ConfigIssue | undefined => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue(`${quote(value)} is not a URL`, "write the SIEM's HTTPS ingestion URL, e.g. https://http-inputs-acme.splunkcloud.com/services/collector/raw");
  }
  if (url.protocol !== "https:") {
    return issue(`${quote(value)} does not use https`, `logs must travel encrypted: use https://${url.host}${url.pathname === "/" ? "" : url.pathname}`);
  }
  if (url.username !== "" || url.password !== "") {
    return issue(`${quote(value)} carries credentials in the URL`, "remove them: put the access key in the Secrets Manager secret named by accessKeySecretArn");
  }
  const credentials = [...url.searchParams.keys()].filter((parameter) => CREDENTIAL_PARAMETER.test(parameter));
  if (credentials.length > 0) {
    return issue(`${quote(value)} carries a credential in its query (${credentials.join(", ")})`, "remove it: put the access key in the Secrets Manager secret named by accessKeySecretArn");
  }
  if (url.hash !== "") return issue(`${quote(value)} has a fragment`, "remove the #... part: it is never sent to the endpoint");
  if (!isDnsName(url.hostname)) {
    return issue(`${quote(value)} does not name a DNS host`, "use the SIEM's DNS name, e.g. https://http-inputs-acme.splunkcloud.com/...: its TLS certificate is checked against it");
  }
  if (value.length > MAX_URL_LENGTH) return issue(`${quote(value)} has more than ${MAX_URL_LENGTH} characters`, "use the SIEM's shorter ingestion URL");
  return undefined;
};

/**
 * The secret holding the SIEM's access key: a full Secrets Manager secret ARN (with its 6-character suffix) in the
 * environment's own account (ISO-03) and region (Firehose reads it from there), when those are known.
 */
export function checkSiemSecretArn(accountId: string | undefined, region: string | undefined): Check<string> {
  return (arn) => {
    const match = SECRET_ARN.exec(arn);
    if (!match) {
      return issue(
        `${quote(arn)} is not a full Secrets Manager secret ARN`,
        "copy the secret's ARN from Secrets Manager, including the 6-character suffix, e.g. arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/siem-AbCdEf; never the key itself"
      );
    }
    const [, secretRegion, secretAccount] = match;
    if (accountId !== undefined && secretAccount !== accountId) {
      return issue(`${quote(arn)} is a secret of account ${secretAccount}, not of this environment's account ${accountId}`, "create the secret in the environment's own account: ISO-03 shares no credentials between environments");
    }
    if (region !== undefined && secretRegion !== region) {
      return issue(`${quote(arn)} is a secret in ${secretRegion}, not in ${region}`, `create the secret in ${region}: the delivery stream reads it from its own region`);
    }
    return undefined;
  };
}
