import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";
import { KMS_KEY_REFERENCE } from "../../shared/kms-key-reference";

/** The namespace label that opts a namespace into the sigstore policy-controller's admission checks. */
export const IMAGE_VERIFICATION_LABEL = "policy.sigstore.dev/include";

const GLOB = /^[a-z0-9.-]+(:[0-9]+)?\/[A-Za-z0-9._/*-]*$/;

/** Properties of {@link SignedImagesPolicy}. */
export interface SignedImagesPolicyProps {
  /** Name of the ClusterImagePolicy. @default "mcp-signed-images" */
  readonly name?: string;
  /** Image globs the policy covers, e.g. `111111111111.dkr.ecr.eu-central-1.amazonaws.com/**`. */
  readonly images: readonly string[];
  /** The signing key as cosign names an AWS KMS key: `awskms:///arn:aws:kms:<region>:<account>:key/<id>`. */
  readonly signingKey: string;
}

/**
 * Signed images only (PROV-01, TS-02): a sigstore policy-controller ClusterImagePolicy that admits an image matching
 * `images` into an opted-in namespace (label `policy.sigstore.dev/include: "true"`) only with a valid cosign signature
 * by the environment's KMS key, in enforce mode. The key is referenced, never embedded: the controller fetches its
 * public half from KMS. Signatures are checked against the key alone (no public transparency log: the cluster has no
 * route to one). Images matching no policy are refused by the controller's `no-match-policy: deny`.
 */
export class SignedImagesPolicy extends Construct {
  /** The ClusterImagePolicy object. */
  readonly policy: ApiObject;

  constructor(scope: Construct, id: string, props: SignedImagesPolicyProps) {
    super(scope, id);
    const name = props.name ?? "mcp-signed-images";
    if (!KMS_KEY_REFERENCE.test(props.signingKey)) {
      throw new Error(`SignedImagesPolicy ${name}: signingKey "${props.signingKey}" is not awskms:///arn:aws:kms:<region>:<account>:key/<key id>`);
    }
    if (props.images.length === 0) throw new Error(`SignedImagesPolicy ${name}: images is empty; list the registry globs the signature is required for`);
    const bad = props.images.find((glob) => !GLOB.test(glob));
    if (bad !== undefined) throw new Error(`SignedImagesPolicy ${name}: image glob "${bad}" is not <registry>/<repository glob>`);
    this.policy = new ApiObject(this, "cluster-image-policy", {
      apiVersion: "policy.sigstore.dev/v1beta1",
      kind: "ClusterImagePolicy",
      metadata: { name, labels: standardLabels("mcp-admission") },
      spec: {
        images: props.images.map((glob) => ({ glob })),
        authorities: [{ name: "environment-signing-key", key: { kms: props.signingKey, hashAlgorithm: "sha256" } }],
        mode: "enforce",
      },
    });
  }
}
