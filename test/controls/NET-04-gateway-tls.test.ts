import { parse } from "yaml";
import { ENVIRONMENTS } from "../support/edge";
import { findingLines, manifestObject, manifestResources, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { removeResources, stackResources, synthesizedPlans } from "../support/plans";
import { Artifacts } from "../../policies/types";
import { config } from "../support/compute";
import { tierSubnetCidrs } from "../../constructs/mcp-network";
import { Testing, TerraformStack } from "cdktf";
import { McpWorkloadsStack } from "../../stacks/workloads-stack";
import { buildWorkloads, manifestFiles } from "../../stacks/workloads";

const RULE = "net-04-gateway-tls-provisioned";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(RULE));
const GATEWAY = "prod/mesh.yaml Gateway/istio-ingress/edge";
/** The same Gateway as the workloads stack applies it. */
const APPLIED = "mcp-prod-workloads kubernetes_manifest.Gateway_istio-ingress_edge: Gateway/istio-ingress/edge";
const SERVER = "server for *";
const ingressRelease = (plans: Artifacts, environment: string) => stackResources(plans, `${environment}-workloads`, "helm_release").find((release) => release.values["chart"] === "gateway")!;
const releaseValues = (plans: Artifacts, environment: string) => JSON.parse((ingressRelease(plans, environment).values["values"] as string[])[0]) as Record<string, any>;
const setReleaseValues = (plans: Artifacts, environment: string, values: Record<string, unknown>) => (ingressRelease(plans, environment).values["values"] = [JSON.stringify(values)]);
const SECRET_CLASS = "kubernetes_manifest.SecretProviderClass_istio-ingress_ingress-tls";

describe("NET-04, MSH-03: every TLS credential an ingress Gateway names is provisioned by the plan", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the Gateway names certificate and key files, never a Kubernetes Secret", () => {
      const tls = yamlObject(plans, environment, "Gateway/istio-ingress/edge").spec.servers[0].tls;
      expect(tls).toEqual({ mode: "SIMPLE", serverCertificate: "/etc/istio/ingress-tls/tls.crt", privateKey: "/etc/istio/ingress-tls/tls.key", minProtocolVersion: "TLSV1_2" });
      expect(manifestResources(plans, environment).filter((resource) => (resource.values["manifest"] as { kind: string }).kind === "Secret")).toEqual([]);
    });

    test("the ingress namespace is hardened like every namespace the blueprint declares: restricted, default deny, reachable from the edge subnets only, talking only to its backends", () => {
      const namespace = yamlObject(plans, environment, "Namespace/istio-ingress");
      expect(namespace.metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "app.kubernetes.io/part-of": "mcp" });
      const policies = yamlObjects(plans, environment, "NetworkPolicy").filter((policy) => policy.metadata.namespace === "istio-ingress");
      const names = policies.map((policy) => policy.metadata.name).sort();
      expect(names).toEqual(expect.arrayContaining(["allow-egress-to-backends", "allow-ingress-from-load-balancer"]));
      const fromEdge = policies.find((policy) => policy.metadata.name === "allow-ingress-from-load-balancer")!.spec as { ingress: { from: { ipBlock: { cidr: string } }[]; ports: { port: number }[] }[] };
      expect(fromEdge.ingress[0].ports.map((port) => port.port)).toEqual([8443, 15021]);
      expect(fromEdge.ingress[0].from.map((peer) => peer.ipBlock.cidr)).toEqual(tierSubnetCidrs(config(environment).vpcCidr, "edge", config(environment).azCount));
      const egress = policies.find((policy) => policy.metadata.name === "allow-egress-to-backends")!.spec as { egress: { ports: { port: number }[] }[] };
      expect(egress.egress.map((rule) => rule.ports.map((port) => port.port)).flat()).toEqual(config(environment).identity === undefined ? [15012, 8080] : [15012, 8080, 8080]);
      expect(yamlObjects(plans, environment, "ResourceQuota").some((quota) => quota.metadata.namespace === "istio-ingress")).toBe(true);
    });

    test("the ingress gateway mounts them read-only from a SecretProviderClass applied before its release, with the namespace", () => {
      expect(releaseValues(plans, environment)).toEqual({
        service: { type: "ClusterIP" },
        securityContext: { seccompProfile: { type: "RuntimeDefault" }, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] },
        volumes: [{ name: "ingress-tls", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "ingress-tls" } } }],
        volumeMounts: [{ name: "ingress-tls", mountPath: "/etc/istio/ingress-tls", readOnly: true }],
      });
      const release = ingressRelease(plans, environment).values;
      expect(release["create_namespace"]).toBe(false);
      expect(release["depends_on"]).toEqual(expect.arrayContaining(["kubernetes_manifest.Namespace_istio-ingress", SECRET_CLASS]));
      const secretClass = manifestObject(plans, environment, "SecretProviderClass/istio-ingress/ingress-tls");
      expect(secretClass.spec.secretObjects).toBeUndefined();
      expect(secretClass.spec.parameters.usePodIdentity).toBe("true");
      expect(parse(secretClass.spec.parameters.objects)).toEqual([
        { objectName: `mcp/${environment}/ingress/tls-certificate`, objectType: "secretsmanager", objectAlias: "tls.crt" },
        { objectName: `mcp/${environment}/ingress/tls-key`, objectType: "secretsmanager", objectAlias: "tls.key" },
      ]);
    });

    test("the secrets are empty containers under the environment key, read only by the ingress gateway's Pod Identity role", () => {
      const secrets = stackResources(plans, environment, "aws_secretsmanager_secret").filter((secret) => String(secret.values["name"]).startsWith(`mcp/${environment}/ingress/`));
      expect(secrets.map((secret) => [secret.values["name"], secret.values["kms_key_id"]])).toEqual([
        [`mcp/${environment}/ingress/tls-certificate`, expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/)],
        [`mcp/${environment}/ingress/tls-key`, expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/)],
      ]);
      const arns = secrets.map((secret) => `\${aws_secretsmanager_secret.${secret.name}.arn}`);
      expect(stackResources(plans, environment, "aws_secretsmanager_secret_version").filter((version) => arns.includes(String(version.values["secret_id"])))).toEqual([]);
      const association = stackResources(plans, environment, "aws_eks_pod_identity_association").find((candidate) => candidate.values["namespace"] === "istio-ingress")!;
      expect(association.values["service_account"]).toBe("istio-ingressgateway");
      const role = String(association.values["role_arn"]).replace(/^\$\{aws_iam_role\.(.+)\.arn\}$/, "$1");
      const policy = stackResources(plans, environment, "aws_iam_role_policy").find((candidate) => candidate.values["role"] === `\${aws_iam_role.${role}.id}` && candidate.values["name"] === "read-own-secrets")!;
      const statements = JSON.parse(String(policy.values["policy"])).Statement;
      expect(statements[0]).toEqual({ Sid: "ReadOwnSecretsOnly", Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], Resource: secrets.map((secret) => `\${aws_secretsmanager_secret.${secret.name}.arn}`) });
      expect(statements[1].Condition.StringEquals["kms:ViaService"]).toBe(`secretsmanager.${config(environment).region}.amazonaws.com`);
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "NET-04"))).toEqual([]);
    });
  });

  test("without Keycloak the ingress still serves the MCP host from the mounted files", () => {
    const environment = { ...config("prod"), identity: undefined };
    const objects = manifestFiles(buildWorkloads(environment)).flatMap((file) => file.objects);
    expect(objects.filter((object) => ["Gateway", "SecretProviderClass", "Namespace"].includes(object.kind) && object.metadata.namespace !== undefined ? object.metadata.namespace === "istio-ingress" : object.metadata.name === "istio-ingress").map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(["Namespace/istio-ingress", "SecretProviderClass/ingress-tls", "Gateway/edge"]);
    const app = Testing.app();
    const workloads = new McpWorkloadsStack(app, environment, { environmentStack: new TerraformStack(app, "mcp-prod"), objects });
    const release = Object.values((JSON.parse(Testing.synth(workloads)) as Record<string, any>).resource.helm_release).find((candidate: any) => candidate.chart === "gateway") as Record<string, any>;
    expect([JSON.parse(release.values[0]).volumeMounts, release.create_namespace]).toEqual([[{ name: "ingress-tls", mountPath: "/etc/istio/ingress-tls", readOnly: true }], false]);
  });

  describe("check reports NET-04 when the real output is weakened", () => {
    test("the Gateway names a Kubernetes Secret no object provides, or no credential", () => {
      const gateway = (plans: Artifacts) => yamlObject(plans, "prod", "Gateway/istio-ingress/edge").spec.servers[0].tls;
      expect(
        ours(
          weakened("NET-04", (plans) => {
            const tls = gateway(plans);
            delete tls.serverCertificate;
            delete tls.privateKey;
            tls.credentialName = "keycloak-ingress-tls";
          })
        )
      ).toEqual([`${RULE} ${GATEWAY}: ${SERVER}: names TLS credential keycloak-ingress-tls, a Kubernetes Secret no object of the plan provides in the ingress gateway's namespace: the gateway cannot serve the host`]);
      expect(
        ours(
          weakened("NET-04", (plans) => {
            delete gateway(plans).serverCertificate;
            delete gateway(plans).privateKey;
          })
        )
      ).toEqual([`${RULE} ${GATEWAY}: ${SERVER}: names no TLS credential (credentialName, or serverCertificate and privateKey files)`]);
    });

    test("the Gateway names a file the mount does not provide", () => {
      expect(ours(weakened("NET-04", (plans) => (yamlObject(plans, "prod", "Gateway/istio-ingress/edge").spec.servers[0].tls.privateKey = "/etc/istio/ingress-tls/other.key")))).toEqual([
        `${RULE} ${GATEWAY}: ${SERVER}: SecretProviderClass istio-ingress/ingress-tls mounts no file other.key`,
      ]);
      expect(ours(weakened("NET-04", (plans) => (yamlObject(plans, "prod", "Gateway/istio-ingress/edge").spec.servers[0].tls.privateKey = "/etc/certs/tls.key")))).toEqual([
        `${RULE} ${GATEWAY}: ${SERVER}: no volume of release istio-ingressgateway is mounted where /etc/certs/tls.key lies`,
      ]);
    });

    test("the provisioning is removed: the SecretProviderClass, the release's mount, the ordering, or a secret", () => {
      // Both copies of the Gateway (the YAML file and the workloads stack's manifest) lose their files.
      const both = (problem: (file: string) => string) =>
        [APPLIED, GATEWAY].flatMap((gateway) => [`${RULE} ${gateway}: ${SERVER}: ${problem("tls.crt")}`, `${RULE} ${gateway}: ${SERVER}: ${problem("tls.key")}`]);
      expect(ours(weakened("NET-04", (plans) => removeResources(plans, "prod-workloads", "kubernetes_manifest", (resource) => resource.address === SECRET_CLASS)))).toEqual(
        both((file) => `/etc/istio/ingress-tls/${file} comes from SecretProviderClass istio-ingress/ingress-tls, which no stack applies`)
      );
      expect(
        ours(
          weakened("NET-04", (plans) => {
            const { service } = releaseValues(plans, "prod");
            setReleaseValues(plans, "prod", { service });
          })
        )
      ).toEqual(both((file) => `no volume of release istio-ingressgateway is mounted where /etc/istio/ingress-tls/${file} lies`));
      expect(
        ours(
          weakened("NET-04", (plans) => {
            const release = ingressRelease(plans, "prod").values;
            release["depends_on"] = (release["depends_on"] as string[]).filter((address) => address !== SECRET_CLASS);
          })
        )
      ).toEqual(both(() => `SecretProviderClass istio-ingress/ingress-tls is not applied before release istio-ingressgateway (depends_on ${SECRET_CLASS}): the release's pods cannot mount it`));
      expect(ours(weakened("NET-04", (plans) => removeResources(plans, "prod", "aws_secretsmanager_secret", (secret) => secret.values["name"] === "mcp/prod/ingress/tls-key")))).toEqual(
        [APPLIED, GATEWAY].map((gateway) => `${RULE} ${gateway}: ${SERVER}: /etc/istio/ingress-tls/tls.key is Secrets Manager secret mcp/prod/ingress/tls-key, which the environment's plan does not create`)
      );
    });

    test("the mount is not a Secrets Store CSI volume", () => {
      expect(
        ours(
          weakened("NET-04", (plans) => {
            const values = releaseValues(plans, "prod");
            values.volumes[0] = { name: "ingress-tls", emptyDir: {} };
            setReleaseValues(plans, "prod", values);
          })
        )
      ).toEqual(
        [APPLIED, GATEWAY].flatMap((gateway) =>
          ["tls.crt", "tls.key"].map((file) => `${RULE} ${gateway}: ${SERVER}: /etc/istio/ingress-tls/${file} is on volume "ingress-tls", which is not a Secrets Store CSI volume of a SecretProviderClass`)
        )
      );
    });
  });
});
