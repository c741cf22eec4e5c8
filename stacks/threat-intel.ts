/**
 * Threat intelligence of one environment (TI-01, TI-02, TI-03): the feed bucket and its loader into the egress
 * firewall, the DNS Firewall and GuardDuty, and the saved Logs Insights queries that export the environment's own
 * indicators for sharing.
 */
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { ThreatIntelFeed } from "../constructs/threat-intel-feed";
import { EnvironmentConfig } from "../environments/schema";
import type { Egress } from "./egress";
import { declaredEgressDomains } from "./egress";
import type { McpEnvironmentStack } from "./environment-stack";

/** What threat intelligence uses from other parts of the stack. */
export interface ThreatIntelDependencies {
  readonly egress: Egress;
  /** The GuardDuty detector's ID. */
  readonly detectorId: string;
}

/** The environment's own indicators, as saved queries whose results are shared in the feed format (TI-02). */
function exportQueries(egress: Egress): { id: string; logGroup: string; query: string }[] {
  return [
    {
      id: "export-blocked-domains",
      logGroup: egress.dnsFirewall.queryLogs.logGroup.name,
      query: ['fields query_name, srcaddr', '| filter firewall_rule_action = "BLOCK"', "| stats count(*) as queries, count_distinct(srcaddr) as sources by query_name", "| sort queries desc", "| limit 1000"].join("\n"),
    },
    {
      id: "export-firewall-alerts",
      logGroup: egress.firewall.alertLogs.logGroup.name,
      query: ['fields event.alert.signature as signature, event.tls.sni as sni, event.http.hostname as host, event.dest_ip as destination', '| filter event.event_type = "alert"', "| stats count(*) as alerts by signature, sni, host, destination", "| sort alerts desc", "| limit 1000"].join("\n"),
    },
  ];
}

/** Adds the threat-intelligence feed and loader, and the indicator export queries `mcp-<env>/threat-intel/<id>`. */
export function addThreatIntel(stack: McpEnvironmentStack, environment: EnvironmentConfig, deps: ThreatIntelDependencies): ThreatIntelFeed {
  const name = `mcp-${environment.name}`;
  const feed = new ThreatIntelFeed(stack, "threat-intel", {
    namePrefix: name,
    environment: environment.name,
    accountId: environment.accountId,
    region: environment.region,
    kmsKeyArn: stack.key.arn,
    ruleGroupArn: deps.egress.firewall.threatIntelRules.arn,
    domainListId: deps.egress.dnsFirewall.threatIntelList.id,
    detectorId: deps.detectorId,
    protectedDomains: declaredEgressDomains(environment),
    logGroupName: `/mcp/${environment.name}/threat-intel`,
    logRetentionInDays: environment.security.logRetentionDays,
  });
  for (const query of exportQueries(deps.egress)) {
    new CloudwatchQueryDefinition(stack, `threat-intel-${query.id}`, { name: `${name}/threat-intel/${query.id}`, logGroupNames: [query.logGroup], queryString: query.query });
  }
  return feed;
}
