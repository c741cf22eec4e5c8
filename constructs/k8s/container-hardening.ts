import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import type { ContainerResources } from "./hardened-deployment";

const DIGEST_PINNED = /@sha256:[a-f0-9]{64}$/;

/** Throws, naming the owner, unless the image is pinned by digest (MSH-01): a tag can be moved to other content. */
export function requireDigestPinnedImage(owner: string, image: string): void {
  if (!DIGEST_PINNED.test(image)) throw new Error(`${owner}: image "${image}" is not pinned by digest; use <registry>/<repository>@sha256:<digest>`);
}

/**
 * The security context of a container that runs as a non-root user (CTR-01, CTR-02, CTR-04): never privileged, no
 * privilege escalation, read-only root filesystem, every capability dropped, the runtime's default seccomp profile.
 */
export function nonRootSecurityContext(user: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: user,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** A container's CPU, memory and ephemeral storage limits as Kubernetes quantities (also its requests, unless lowered). */
export function resourceQuantities(resources: ContainerResources): Record<string, k8s.Quantity> {
  return {
    cpu: k8s.Quantity.fromString(resources.cpu),
    memory: k8s.Quantity.fromString(resources.memory),
    "ephemeral-storage": k8s.Quantity.fromString(resources.ephemeralStorage),
  };
}
