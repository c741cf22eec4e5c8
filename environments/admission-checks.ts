/**
 * Checks of the cluster fields that admission control depends on: the key images are signed with (PROV-01) and the
 * Istio sidecar image the mesh injects into every MCP pod.
 */
import { didYouMean } from "./did-you-mean";
import { Check, issue } from "./readers";
import { checkPinnedImage } from "./workload-checks";
import { quote } from "./quote";

/** The ECR repository the blueprint creates for the mirrored Istio sidecar image. */
export const MESH_PROXY_REPOSITORY = "mcp/platform/istio/proxyv2";

const KMS_KEY_REFERENCE = /^awskms:\/\/\/arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/((?:mrk-)?[a-f0-9-]{32,36})$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-)?[a-f0-9-]{32,36}$/;

/**
 * The image signing key as cosign names an AWS KMS key, `awskms:///arn:aws:kms:<region>:<account>:key/<id>`, of the
 * environment's own account and region (ISO-03). A key ARN, never an alias: an alias can be pointed at another key.
 * The account and region are peeked from the raw input and may be unknown (then only the form is checked).
 */
export function checkImageSigningKey(accountId: string | undefined, region: string | undefined): Check<string> {
  return (reference) => {
    const match = KMS_KEY_REFERENCE.exec(reference);
    if (!match) {
      if (KMS_KEY_ARN.test(reference)) return issue(`${quote(reference)} is a KMS key ARN without the awskms:// scheme`, didYouMean(`awskms:///${reference}`));
      if (reference.includes(":alias/")) {
        return issue(`${quote(reference)} names a KMS alias`, "name the key itself, awskms:///arn:aws:kms:<region>:<account>:key/<key id>: an alias can be repointed to another key");
      }
      return issue(`${quote(reference)} is not an AWS KMS key reference`, "write awskms:///arn:aws:kms:<region>:<account>:key/<key id>, the asymmetric SIGN_VERIFY key CI signs images with");
    }
    const [, keyRegion, keyAccount] = match;
    if (accountId !== undefined && keyAccount !== accountId) {
      return issue(`${quote(reference)} is a key of account ${keyAccount}, not of this environment's account ${accountId}`, "sign each environment's images with a key of its own account: ISO-03 shares no keys between environments");
    }
    if (region !== undefined && keyRegion !== region) {
      return issue(`${quote(reference)} is a key in ${keyRegion}, not in this environment's region ${region}`, `use a signing key in ${region}, next to the registry and the cluster`);
    }
    return undefined;
  };
}

/**
 * The Istio sidecar image: pinned by digest, in the environment's own ECR registry, like every image the admission
 * policies admit to an MCP namespace, and in the mirror repository `mcp/platform/istio/proxyv2` the blueprint creates for it. The
 * account and region are peeked from the raw input and may be unknown.
 */
export function checkMeshProxyImage(accountId: string | undefined, region: string | undefined): Check<string> {
  return (image) => {
    const unpinned = checkPinnedImage(image);
    if (unpinned) return unpinned;
    if (accountId === undefined || region === undefined) return undefined;
    const registry = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
    const imageRegistry = image.slice(0, image.indexOf("/"));
    const repository = image.slice(image.indexOf("/") + 1, image.indexOf("@"));
    const expected = `${registry}/${MESH_PROXY_REPOSITORY}${image.slice(image.indexOf("@"))}`;
    if (imageRegistry !== registry) {
      return issue(
        `image registry ${quote(imageRegistry)} is not this environment's ECR registry ${registry}`,
        `mirror Istio's proxyv2 image into ${registry}/${MESH_PROXY_REPOSITORY}, sign it, and pin it by digest: the admission policies admit only the environment's own registry`
      );
    }
    if (repository !== MESH_PROXY_REPOSITORY) {
      return issue(`image repository ${quote(repository)} is not the sidecar's mirror repository ${quote(MESH_PROXY_REPOSITORY)}`, `push the proxy image to the repository the blueprint creates for it; ${didYouMean(expected)}`);
    }
    return undefined;
  };
}
