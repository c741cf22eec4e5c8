/**
 * What the workloads stack installs with Helm before it applies any object: Istio with its CNI node agent and ingress
 * gateway (after the ingress namespace and the SecretProviderClass of its TLS files, see stacks/ingress-tls.ts, which
 * the workloads stack applies first), and the sigstore policy-controller. Images come from the environment's ECR registry (the nodes have no route
 * to public registries): Istio's and the policy-controller's images are mirrored under `mcp/platform/`, and signed, by CI.
 */
import { TerraformStack } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { DEFAULT_SIDECAR_RESOURCES } from "../constructs/k8s/hardened-deployment";
import { ImagePolicyController } from "../constructs/image-policy-controller";
import { IngressSecretFiles, IstioMesh } from "../constructs/istio-mesh";
import { MESH_PROXY_REPOSITORY } from "../environments/admission-checks";
import { ecrRegistry } from "../environments/cluster-checks";
import { EnvironmentConfig } from "../environments/schema";
import { INGRESS_GATEWAY } from "./mesh";

/** Where the environment's ECR registry mirrors the platform's images (under `mcp/`, so they are scanned like the servers'). */
export const PLATFORM_MIRROR_PREFIX = "mcp/platform";

/** The environment's ECR repositories that mirror the platform's images (pushed, and signed, by CI). */
export const PLATFORM_MIRRORS: readonly string[] = [`${PLATFORM_MIRROR_PREFIX}/istio/pilot`, `${PLATFORM_MIRROR_PREFIX}/istio/install-cni`, MESH_PROXY_REPOSITORY, `${PLATFORM_MIRROR_PREFIX}/sigstore/policy-controller`];

/** The Helm releases of the mesh and the image policy controller, in install order; the ingress gateway mounts `ingressSecretFiles` when given. */
export function installMesh(stack: TerraformStack, environment: EnvironmentConfig, ingressSecretFiles?: IngressSecretFiles): Release[] {
  const registry = ecrRegistry(environment);
  const mesh = new IstioMesh(stack, "istio", {
    imageHub: `${registry}/${PLATFORM_MIRROR_PREFIX}/istio`,
    proxyImage: environment.cluster.meshProxyImage,
    proxyResources: DEFAULT_SIDECAR_RESOURCES,
    ingressNamespace: INGRESS_GATEWAY.namespace,
    ingressName: INGRESS_GATEWAY.serviceAccount,
    ingressSecretFiles,
  });
  const controller = new ImagePolicyController(stack, "image-policy-controller", { imageRepository: `${registry}/${PLATFORM_MIRROR_PREFIX}/sigstore/policy-controller` });
  return [...mesh.releases, controller.release];
}
