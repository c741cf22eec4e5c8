import { posix } from "node:path";
import { kubernetesViolation, LocatedObject, objects, record, records } from "../kubernetes";
import { environmentOfGroup, HelmRelease, helmReleases } from "../mesh";
import { parsedText } from "../run-cache";
import { resources } from "../terraform";
import { Artifacts, Rule, Violation } from "../types";

const SECRETS_STORE_DRIVER = "secrets-store.csi.k8s.io";
/** TLS modes whose credential the gateway itself presents (passthrough and ISTIO_MUTUAL need none of ours). */
const TERMINATING_MODES: readonly string[] = ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"];
/** The Gateway `tls` fields that name files in the gateway's container. */
const FILE_FIELDS: readonly string[] = ["serverCertificate", "privateKey", "caCertificates"];

/** The ingress gateway releases (Istio's `gateway` chart) of an environment whose pods a Gateway's selector picks. */
function selectedReleases(artifacts: Artifacts, environment: string, selector: Record<string, unknown>): HelmRelease[] {
  return helmReleases(artifacts).filter((release) => {
    const name = String(release.resource.values["name"] ?? "");
    const podLabels: Record<string, string> = { app: name, istio: name.replace(/^istio-/, "") };
    return release.chart === "gateway" && environmentOfGroup(artifacts, `stack:${release.resource.stack}`) === environment && Object.entries(selector).every(([key, value]) => podLabels[key] === value);
  });
}

/** The Secrets Manager names and file names a SecretProviderClass of the AWS provider mounts. */
function mountedObjects(secretClass: LocatedObject): { objectName: string; fileName: string }[] {
  const text = record(record(secretClass.object["spec"])?.["parameters"])?.["objects"];
  const listed = typeof text === "string" ? parsedText(text) : undefined;
  return records(listed).map((entry) => {
    const objectName = String(entry["objectName"] ?? "");
    return { objectName, fileName: typeof entry["objectAlias"] === "string" ? entry["objectAlias"] : posix.basename(objectName) };
  });
}

/** Why a file a Gateway names is not provisioned by a release's read-only Secrets Store mount of secrets the plan creates. */
function fileProblem(artifacts: Artifacts, environment: string, release: HelmRelease, path: string): string | undefined {
  const mount = records(release.values["volumeMounts"]).find((candidate) => typeof candidate["mountPath"] === "string" && path.startsWith(`${String(candidate["mountPath"]).replace(/\/$/, "")}/`));
  if (mount === undefined) return `no volume of release ${String(release.resource.values["name"])} is mounted where ${path} lies`;
  const csi = record(records(release.values["volumes"]).find((volume) => volume["name"] === mount["name"])?.["csi"]);
  const className = record(csi?.["volumeAttributes"])?.["secretProviderClass"];
  if (csi?.["driver"] !== SECRETS_STORE_DRIVER || typeof className !== "string") return `${path} is on volume "${String(mount["name"])}", which is not a Secrets Store CSI volume of a SecretProviderClass`;
  const namespace = String(release.resource.values["namespace"] ?? "default");
  const secretClass = objects(artifacts, "SecretProviderClass").find(
    (item) => item.group.startsWith("stack:") && environmentOfGroup(artifacts, item.group) === environment && item.object.metadata.namespace === namespace && item.object.metadata.name === className
  );
  if (secretClass === undefined) return `${path} comes from SecretProviderClass ${namespace}/${className}, which no stack applies`;
  const dependsOn = Array.isArray(release.resource.values["depends_on"]) ? (release.resource.values["depends_on"] as unknown[]) : [];
  if (!dependsOn.includes(secretClass.resource)) return `SecretProviderClass ${namespace}/${className} is not applied before release ${String(release.resource.values["name"])} (depends_on ${secretClass.resource}): the release's pods cannot mount it`;
  const relative = path.slice(String(mount["mountPath"]).replace(/\/$/, "").length + 1);
  const source = mountedObjects(secretClass).find((entry) => entry.fileName === relative);
  if (source === undefined) return `SecretProviderClass ${namespace}/${className} mounts no file ${relative}`;
  const created = resources(artifacts, "aws_secretsmanager_secret").some((secret) => secret.values["name"] === source.objectName && environmentOfGroup(artifacts, `stack:${secret.stack}`) === environment);
  return created ? undefined : `${path} is Secrets Manager secret ${source.objectName}, which the environment's plan does not create`;
}

/** Why a server's TLS credential is not provisioned, or [] when it is. */
function serverProblems(artifacts: Artifacts, gateway: LocatedObject, environment: string, tls: Record<string, unknown>): string[] {
  const selector = record(record(gateway.object["spec"])?.["selector"]) ?? {};
  const releases = selectedReleases(artifacts, environment, selector);
  if (typeof tls["credentialName"] === "string" || Array.isArray(tls["credentialNames"])) {
    const names = typeof tls["credentialName"] === "string" ? [tls["credentialName"]] : (tls["credentialNames"] as unknown[]).map(String);
    const namespaces = releases.map((release) => String(release.resource.values["namespace"] ?? "default"));
    return names
      .filter((name) => !objects(artifacts, "Secret").some((secret) => environmentOfGroup(artifacts, secret.group) === environment && secret.object.metadata.name === name && namespaces.includes(secret.object.metadata.namespace ?? "default")))
      .map((name) => `names TLS credential ${name}, a Kubernetes Secret no object of the plan provides in the ingress gateway's namespace: the gateway cannot serve the host`);
  }
  const files = FILE_FIELDS.map((field) => tls[field]).filter((path): path is string => typeof path === "string");
  if (files.length === 0) return ["names no TLS credential (credentialName, or serverCertificate and privateKey files)"];
  if (!helmReleases(artifacts).some((release) => release.chart === "gateway" && environmentOfGroup(artifacts, `stack:${release.resource.stack}`) === environment)) return [];
  if (releases.length === 0) return [`selects no ingress gateway release of the environment (selector ${JSON.stringify(selector)}) that could hold its TLS files`];
  return releases.flatMap((release) => files.map((path) => fileProblem(artifacts, environment, release, path)).filter((problem): problem is string => problem !== undefined));
}

/**
 * Every TLS credential an Istio Gateway names is provisioned by the plan (NET-04, MSH-03): a `credentialName` is a
 * Kubernetes Secret the plan creates in the ingress gateway's namespace; `serverCertificate`/`privateKey`/
 * `caCertificates` files lie on a read-only Secrets Store CSI mount of the ingress gateway release the Gateway selects,
 * from a SecretProviderClass a stack applies before that release, of Secrets Manager secrets the environment's plan
 * creates (judged where the environment's plan installs an ingress gateway release). Otherwise the gateway cannot serve
 * the host and the load balancer's re-encryption to it fails.
 */
const rule: Rule = {
  id: "net-04-gateway-tls-provisioned",
  controls: ["NET-04", "MSH-03"],
  severity: "high",
  description: "Every TLS credential an Istio Gateway names (credentialName, or certificate and key files) is provisioned by the plan, from Secrets Manager secrets it creates, mounted before the ingress gateway starts.",
  remediation:
    "Serve the host with serverCertificate/privateKey files from the ingress gateway's Secrets Store CSI mount (IstioMesh ingressSecretFiles, stacks/ingress-tls.ts): Secrets Manager secrets in the environment stack, a SecretProviderClass the workloads stack applies before the gateway release.",
  check: (artifacts) =>
    objects(artifacts, "Gateway").flatMap((gateway): Violation[] => {
      if (!String(gateway.object["apiVersion"] ?? "").startsWith("networking.istio.io/")) return [];
      const environment = environmentOfGroup(artifacts, gateway.group);
      if (environment === undefined) return [];
      return records(record(gateway.object["spec"])?.["servers"]).flatMap((server) => {
        const tls = record(server["tls"]);
        if (tls === undefined || !TERMINATING_MODES.includes(String(tls["mode"] ?? "SIMPLE"))) return [];
        const hosts = Array.isArray(server["hosts"]) ? (server["hosts"] as unknown[]).join(", ") : "";
        return serverProblems(artifacts, gateway, environment, tls).map((problem) => kubernetesViolation(gateway, `server for ${hosts}: ${problem}`));
      });
    }),
};

export default rule;
