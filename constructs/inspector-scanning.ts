import { Construct } from "constructs";
import { Inspector2Enabler } from "@cdktf/provider-aws/lib/inspector2-enabler";

/** The resource types Inspector scans by default: EC2 hosts, ECR images and Lambda functions. */
export const INSPECTOR_RESOURCE_TYPES = ["EC2", "ECR", "LAMBDA"] as const;

/** A resource type Amazon Inspector scans. */
export type InspectorResourceType = (typeof INSPECTOR_RESOURCE_TYPES)[number] | "LAMBDA_CODE";

/** Properties of an {@link InspectorScanning}. */
export interface InspectorScanningProps {
  /** The account Inspector is enabled for (the environment's own). */
  readonly accountId: string;
  /** Resource types to scan; leaving one out is a weakening. @default INSPECTOR_RESOURCE_TYPES */
  readonly resourceTypes?: readonly InspectorResourceType[];
}

/**
 * Amazon Inspector v2 for the account (PUB-07, TI-01, CTR-05): continuous vulnerability scanning of EC2 hosts (the
 * bastion, nodes), container images in ECR and Lambda functions against current CVE feeds; findings go to Security
 * Hub and EventBridge.
 */
export class InspectorScanning extends Construct {
  /** The enabler. */
  readonly enabler: Inspector2Enabler;

  constructor(scope: Construct, id: string, props: InspectorScanningProps) {
    super(scope, id);
    const resourceTypes = [...(props.resourceTypes ?? INSPECTOR_RESOURCE_TYPES)];
    if (resourceTypes.length === 0) throw new Error("InspectorScanning resourceTypes must name at least one resource type.");
    this.enabler = new Inspector2Enabler(this, "enabler", { accountIds: [props.accountId], resourceTypes });
  }
}
