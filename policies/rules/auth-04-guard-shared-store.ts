import { guardConfigs } from "../guard";
import { kubernetesViolation, record, records } from "../kubernetes";
import { Rule } from "../types";

/** The Secrets Store CSI driver's name (a mounted secret comes from Secrets Manager, never from the ConfigMap). */
const CSI_DRIVER = "secrets-store.csi.k8s.io";

/** Mount paths of the template's Secrets Store CSI volumes. */
function secretMountPaths(spec: Record<string, unknown>): string[] {
  const csiVolumes = new Set(records(spec["volumes"]).filter((volume) => record(volume["csi"])?.["driver"] === CSI_DRIVER).map((volume) => String(volume["name"])));
  return records(spec["containers"]).flatMap((container) => records(container["volumeMounts"]).filter((mount) => csiVolumes.has(String(mount["name"]))).map((mount) => String(mount["mountPath"])));
}

/**
 * Every guard that checks tokens shares one store with the other replicas (AUTH-04 replay, CV-04 and JIT-04
 * revocation): `auth.store` names it over TLS (`hostFile` with `tls` not false, or a `rediss://` URL) with its AUTH
 * token in `passwordFile`, and both files lie on a Secrets Store CSI mount of the guard's pods. Without it each replica
 * keeps its own replay cache (a proof replayed to another replica passes) and its own revocation list (`mcp-harden
 * revoke` reaches no replica).
 */
const rule: Rule = {
  id: "auth-04-guard-shared-store",
  controls: ["AUTH-04", "CV-04", "JIT-04"],
  severity: "high",
  description: "Every guard config with auth names a shared store over TLS with an AUTH token file, mounted from Secrets Manager.",
  remediation: "Deploy the guard's store (stacks/guard-store-aws.ts) and give the guard config auth.store { hostFile, port, tls: true, passwordFile } under the guard's Secrets Store CSI mount, as stacks/gateway.ts does.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap((view) => {
      const auth = record(view.config?.["auth"]);
      if (auth === undefined) return [];
      const at = view.configMap ?? view.workload;
      const store = record(auth["store"]);
      const findings: string[] = [];
      const hostFile = store?.["hostFile"];
      const url = store?.["redisUrl"];
      if (typeof hostFile !== "string" && typeof url !== "string") {
        findings.push("checks tokens without a shared store (auth.store.hostFile or redisUrl): each replica keeps its own replay cache and revocation list");
      } else if (typeof hostFile === "string" ? store?.["tls"] === false : !String(url).startsWith("rediss://")) {
        findings.push("reaches its shared store without TLS (auth.store.tls false or a redis:// URL)");
      }
      const passwordFile = store?.["passwordFile"];
      if (typeof passwordFile !== "string") findings.push("names no AUTH token file for its shared store (auth.store.passwordFile)");
      const mounts = secretMountPaths(view.template.spec);
      for (const [field, file] of [["hostFile", hostFile], ["passwordFile", passwordFile]] as const) {
        if (typeof file === "string" && !mounts.some((mount) => file.startsWith(`${mount.replace(/\/$/, "")}/`))) findings.push(`auth.store.${field} ${file} is not on a Secrets Store CSI mount of the guard's pods`);
      }
      return findings.map((message) => kubernetesViolation(at, message));
    }),
};

export default rule;
