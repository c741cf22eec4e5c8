import { Construct } from "constructs";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";

/** Properties of {@link EcrRegistryScanning}. */
export interface EcrRegistryScanningProps {
  /** Repository name filters (ECR wildcards) scanned continuously, e.g. ["mcp/*"]. At least one. */
  readonly continuousScanFilters: readonly string[];
}

/**
 * Enhanced scanning (Amazon Inspector) of the account's registry in this region (CTR-05): the matching repositories
 * are scanned on push and again whenever new vulnerabilities are published, for as long as the images are in use.
 * One per account and region.
 */
export class EcrRegistryScanning extends Construct {
  /** The registry scanning configuration. */
  readonly configuration: EcrRegistryScanningConfiguration;

  constructor(scope: Construct, id: string, props: EcrRegistryScanningProps) {
    super(scope, id);
    if (props.continuousScanFilters.length === 0) throw new Error("EcrRegistryScanning: continuousScanFilters must name at least one repository filter, e.g. \"mcp/*\".");
    this.configuration = new EcrRegistryScanningConfiguration(this, "configuration", {
      scanType: "ENHANCED",
      rule: [
        {
          scanFrequency: "CONTINUOUS_SCAN",
          repositoryFilter: props.continuousScanFilters.map((filter) => ({ filter, filterType: "WILDCARD" })),
        },
      ],
    });
  }
}
