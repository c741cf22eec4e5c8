import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation";
import { AwsSecretProviderClass } from "./aws-secret-provider-class";
import { DisruptionBudget } from "./disruption-budget";
import { ContainerResources, HardenedDeployment, SidecarResources } from "./hardened-deployment";
import { keycloakRealmText } from "./keycloak-realm";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, standardLabels } from "./labels";
import { McpNamespace } from "./mcp-namespace";
import { NamespaceResourceLimits } from "./namespace-resource-limits";
import { ServerService } from "./server-service";
import { WorkloadServiceAccount } from "./workload-service-account";

/** Keycloak's fixed names, shared with its AWS side (role, secret) and the guard's configuration. */
export const KEYCLOAK_NAMES = {
  namespace: "keycloak",
  /** Service account, Deployment, Service and pods' `app.kubernetes.io/name`. */
  name: "keycloak",
  /** The ConfigMap holding the generated realm, imported at start. */
  realmConfigMap: "keycloak-realm",
  /** The file of the database login (a Keycloak config file), mounted from Secrets Manager. */
  databaseSecretFile: "keycloak-db",
  /** The HTTP port (the mesh's mutual TLS protects it). */
  port: 8080,
  /** The port of the embedded Infinispan cluster (JGroups) between replicas. */
  clusterPort: 7800,
  /** The headless Service the replicas find each other by (JGroups DNS_PING). */
  headlessService: "keycloak-cluster",
} as const;

/** Where the realm is mounted: Keycloak's import directory (`--import-realm`). */
export const KEYCLOAK_IMPORT_DIR = "/opt/keycloak/data/import";

/** Where the database login is mounted. */
export const KEYCLOAK_SECRETS_DIR = "/var/run/secrets/keycloak";

/** The paths the ingress may reach: the realms' OpenID Connect endpoints, login pages and their static resources; never `/admin`. */
export const KEYCLOAK_PUBLIC_PATHS: readonly string[] = ["/realms/*", "/resources/*"];

/**
 * Keycloak's database connection. Its host is not known before the database exists, so it comes with the login, in
 * the mounted config file (`db-url-host`, `db-username`, `db-password`).
 */
export interface KeycloakDatabaseEndpoint {
  /** The PostgreSQL port. */
  readonly port: number;
  /** The database. */
  readonly name: string;
}

/** Properties of a {@link Keycloak}. */
export interface KeycloakProps {
  /** The Keycloak image, pinned by digest: built with `kc.sh build --db=postgres` (started `--optimized`) and the RDS CA bundle at `/opt/keycloak/conf/rds-ca.pem`. */
  readonly image: string;
  /** Resources of one replica (requests equal limits). */
  readonly resources: ContainerResources;
  /** Replicas, at least 2: every sign-in and token request needs Keycloak. @default 2 */
  readonly replicas?: number;
  /** Pod Security Standards version enforced in the namespace, e.g. `v1.33`. */
  readonly podSecurityVersion: string;
  /** The public origin of the issuer, `https://<host>`: Keycloak's hostname. */
  readonly publicOrigin: string;
  /** The realm, imported at start when absent (an existing realm is left as it is). */
  readonly realm: RealmRepresentation;
  /** The database. */
  readonly database: KeycloakDatabaseEndpoint;
  /** The Secrets Manager secret holding the database's host and login (a Keycloak config file), and its region. */
  readonly databaseSecret: { readonly name: string; readonly region: string };
  /** PriorityClass of the pods. @default none */
  readonly priorityClassName?: string;
  /** Node labels the pods must land on. @default any node */
  readonly nodeSelector?: Record<string, string>;
  /** Size of the injected Istio sidecar. @default the HardenedDeployment default */
  readonly sidecarResources?: SidecarResources;
}

/**
 * Keycloak, the environment's authorization server (AUTH-01, AUTH-04, CV-03, JIT-02), hardened like every workload:
 * its own namespace `keycloak` (restricted Pod Security, mesh sidecar, signed images only), its own service account
 * without an API token, non-root, read-only root, no capabilities, seccomp, image by digest, at least two replicas
 * spread over zones with a PodDisruptionBudget, a quota. It is started `--optimized` from a prebuilt image, imports the
 * generated realm (a ConfigMap mounted read-only, pinned by checksum) and reads its database login from Secrets
 * Manager through the Secrets Store CSI driver (a Keycloak config file, never an environment variable). It speaks
 * plaintext HTTP behind the mesh's mutual TLS, trusts the ingress's `X-Forwarded-*` headers, serves only its public
 * hostname, connects to PostgreSQL over TLS verified against the RDS CA, and logs login and admin events as JSON to
 * the console, where the log shipper collects them. Its replicas share sessions over an Infinispan cluster.
 */
export class Keycloak extends Construct {
  readonly namespace: McpNamespace;
  readonly serviceAccount: WorkloadServiceAccount;
  /** The realm file's text, as mounted. */
  readonly realmText: string;
  readonly realmConfigMap: k8s.KubeConfigMap;
  readonly secretProviderClass: AwsSecretProviderClass;
  readonly deployment: HardenedDeployment;
  readonly service: ServerService;
  readonly clusterService: k8s.KubeService;
  readonly disruptionBudget: DisruptionBudget;
  readonly resourceLimits: NamespaceResourceLimits;
  /** Keycloak's pods' labels and HTTP port. */
  readonly workload: { readonly podLabels: Readonly<Record<string, string>>; readonly port: number };

  constructor(scope: Construct, id: string, props: KeycloakProps) {
    super(scope, id);
    const { namespace: namespaceName, name, port } = KEYCLOAK_NAMES;
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 2) throw new Error(`Keycloak: replicas must be at least 2 (every sign-in and token request needs it), got ${replicas}`);
    if (!/^https:\/\/[a-z0-9.-]+$/.test(props.publicOrigin)) throw new Error(`Keycloak: publicOrigin "${props.publicOrigin}" is not https://<host> without a path`);
    if (props.realm.realm === undefined) throw new Error("Keycloak: the realm has no name");
    this.namespace = new McpNamespace(this, "namespace", { name: namespaceName, podSecurityVersion: props.podSecurityVersion, zone: "identity" });
    const namespace = this.namespace.name;
    this.serviceAccount = new WorkloadServiceAccount(this, "service-account", { namespace, name });
    this.realmText = keycloakRealmText(props.realm);
    this.realmConfigMap = new k8s.KubeConfigMap(this, "realm", {
      metadata: { name: KEYCLOAK_NAMES.realmConfigMap, namespace, labels: standardLabels(name) },
      data: { [`${props.realm.realm}.json`]: this.realmText },
    });
    this.secretProviderClass = new AwsSecretProviderClass(this, "secrets", {
      namespace,
      name: `${name}-secrets`,
      application: name,
      region: props.databaseSecret.region,
      secrets: [{ secretName: props.databaseSecret.name, fileName: KEYCLOAK_NAMES.databaseSecretFile }],
    });
    const { database } = props;
    this.deployment = new HardenedDeployment(this, "deployment", {
      namespace,
      name,
      image: props.image,
      port,
      resources: props.resources,
      serviceAccountName: this.serviceAccount.name,
      replicas,
      runAsUser: 1000,
      args: ["start", "--optimized", "--import-realm", `--config-file=${KEYCLOAK_SECRETS_DIR}/${KEYCLOAK_NAMES.databaseSecretFile}`],
      env: {
        KC_DB: "postgres",
        KC_DB_URL_PORT: String(database.port),
        KC_DB_URL_DATABASE: database.name,
        KC_DB_URL_PROPERTIES: "?sslmode=verify-full&sslrootcert=/opt/keycloak/conf/rds-ca.pem",
        KC_HOSTNAME: props.publicOrigin,
        KC_HOSTNAME_STRICT: "true",
        KC_HTTP_ENABLED: "true",
        KC_HTTP_PORT: String(port),
        KC_PROXY_HEADERS: "xforwarded",
        KC_CACHE: "ispn",
        KC_CACHE_STACK: "kubernetes",
        KC_LOG: "console",
        KC_LOG_CONSOLE_OUTPUT: "json",
        KC_SPI_EVENTS_LISTENER_JBOSS_LOGGING_SUCCESS_LEVEL: "info",
        JAVA_OPTS_APPEND: `-Djgroups.dns.query=${KEYCLOAK_NAMES.headlessService}.${namespace}.svc.cluster.local -Djava.io.tmpdir=/tmp`,
      },
      configMaps: [{ configMap: KEYCLOAK_NAMES.realmConfigMap, mountPath: KEYCLOAK_IMPORT_DIR }],
      secrets: { secretProviderClass: this.secretProviderClass.name, mountPath: KEYCLOAK_SECRETS_DIR },
      podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(this.realmText) },
      terminationGracePeriodSeconds: 60,
      sidecarResources: props.sidecarResources,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
    });
    this.service = new ServerService(this, "service", { namespace, name, selector: this.deployment.selector, port });
    this.clusterService = new k8s.KubeService(this, "cluster-service", {
      metadata: { name: KEYCLOAK_NAMES.headlessService, namespace, labels: standardLabels(name) },
      spec: {
        type: "ClusterIP",
        clusterIp: "None",
        publishNotReadyAddresses: true,
        selector: { ...this.deployment.selector },
        ports: [{ name: "tcp-jgroups", port: KEYCLOAK_NAMES.clusterPort, targetPort: k8s.IntOrString.fromNumber(KEYCLOAK_NAMES.clusterPort), protocol: "TCP" }],
      },
    });
    this.disruptionBudget = new DisruptionBudget(this, "disruption-budget", { namespace, name, selector: this.deployment.selector });
    this.resourceLimits = new NamespaceResourceLimits(this, "resource-limits", {
      namespace,
      application: name,
      container: props.resources,
      maxPods: replicas + 1,
      sidecarResources: props.sidecarResources,
    });
    this.workload = { podLabels: this.deployment.selector, port };
  }
}
