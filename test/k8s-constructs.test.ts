/**
 * The cdk8s constructs on their own: hardened with no options, weakened only by named options, and refusing
 * props that could not run hardened.
 */
import { Testing } from "cdk8s";
import { AwsSecretProviderClass } from "../constructs/k8s/aws-secret-provider-class";
import { HardenedDeployment } from "../constructs/k8s/hardened-deployment";
import { McpNamespace } from "../constructs/k8s/mcp-namespace";
import { McpServer } from "../constructs/k8s/mcp-server";
import { bytes, formatBytes, formatCpu, millicores } from "../constructs/k8s/quantity";
import { ServerNetworkPolicies } from "../constructs/k8s/server-network-policies";
import { runPolicies } from "../policies/engine";
import { KubernetesObject } from "../policies/types";

const IMAGE = `registry.example.com/mcp/echo@sha256:${"0".repeat(64)}`;

/** The objects of a fresh chart after `build` adds to it. */
function synth(build: (chart: ReturnType<typeof Testing.chart>) => void): KubernetesObject[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as KubernetesObject[];
}

describe("McpServer with only the required props", () => {
  const objects = synth((chart) => {
    new McpServer(chart, "echo", { name: "echo", image: IMAGE, port: 8080, resources: { cpu: "250m", memory: "256Mi", ephemeralStorage: "1Gi" }, replicas: 1, maxReplicas: 2, podSecurityVersion: "v1.33" });
  });

  test("renders a namespace, account, quota, limits, deployment, service, network policies, containment and recovery access, and nothing it was not asked for", () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      "Namespace/echo",
      "ServiceAccount/echo",
      "ResourceQuota/mcp-quota",
      "LimitRange/mcp-limits",
      "Deployment/echo",
      "Service/echo",
      "NetworkPolicy/default-deny-all",
      "NetworkPolicy/allow-ingress-from-gateway",
      "NetworkPolicy/allow-egress-to-dns",
      "NetworkPolicy/allow-egress-to-istio-control-plane",
      "Role/mcp-containment",
      "RoleBinding/mcp-containment",
      "Role/mcp-recovery",
      "RoleBinding/mcp-recovery",
    ]);
  });

  test("passes every rule about its own objects; on its own, check names only the platform it must be deployed with, and the onboarding record it lacks", () => {
    const findings = runPolicies({ stacks: [], kubernetes: [{ file: "library/echo.yaml", objects }] }).findings;
    expect([...new Set(findings.map((finding) => finding.rule))].sort()).toEqual([
      "ctr-00-admission-policies",
      "ctr-03-destination-rule-connection-pool",
      "gw-01-no-gateway-bypass",
      "gw-04-trace-collector",
      "host-01-falco-mcp-rules",
      "log-02-container-log-shipping",
      "net-02-peer-authentication-strict",
      "net-02-server-authorization-gateway-only",
      "prov-01-signed-images-required",
      "tool-02-onboarding-records",
    ]);
  });

  test("probes the port over TCP, has no priority class or node selector, and mounts only /tmp", () => {
    const deployment = objects.find((object) => object.kind === "Deployment") as Record<string, any>;
    const spec = deployment.spec.template.spec;
    expect(spec.containers[0].startupProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 2, failureThreshold: 30, timeoutSeconds: 2 });
    expect(spec.priorityClassName).toBeUndefined();
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "512Mi" } }]);
  });
});

describe("named options", () => {
  test("a health path switches the probes to HTTP GET", () => {
    const [deployment] = synth((chart) => {
      new HardenedDeployment(chart, "d", { namespace: "n", name: "n", image: IMAGE, port: 9000, resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "2Gi" }, serviceAccountName: "n", healthPath: "/healthz" });
    }) as Record<string, any>[];
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 });
    expect(deployment.spec.template.spec.volumes[0]).toEqual({ name: "tmp", emptyDir: { sizeLimit: "1Gi" } });
  });

  test("internet egress excludes private, link-local and the given internal ranges", () => {
    const objects = synth((chart) => {
      new ServerNetworkPolicies(chart, "p", { namespace: "n", application: "n", podSelector: { app: "n" }, port: 8080, internetEgress: true, internalCidrs: ["10.20.0.0/16", "100.64.0.0/16"] });
    }) as Record<string, any>[];
    expect(objects.find((object) => object.metadata.name === "allow-egress-to-internet-tls")!.spec.egress[0].to[0].ipBlock).toEqual({
      cidr: "0.0.0.0/0",
      except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/16"],
    });
  });
});

describe("the options the gateway and the bad-input checks need", () => {
  test("a justified privileged port: the unprivileged-port sysctl and the justification annotation, no capability", () => {
    const [deployment] = synth((chart) => {
      new HardenedDeployment(chart, "d", { namespace: "n", name: "n", image: IMAGE, port: 443, resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi" }, serviceAccountName: "n", privilegedPortJustification: "vendor image binds 443 only" });
    }) as Record<string, any>[];
    const template = deployment.spec.template;
    expect(template.spec.securityContext.sysctls).toEqual([{ name: "net.ipv4.ip_unprivileged_port_start", value: "443" }]);
    expect(template.metadata.annotations["mcp.security/privileged-port-justification"]).toBe("vendor image binds 443 only");
    expect(template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ["ALL"] });
  });

  test("lower requests than limits flow to the container, the quota's requests and the LimitRange's default requests", () => {
    const objects = synth((chart) => {
      new McpServer(chart, "echo", { name: "echo", image: IMAGE, port: 8080, resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi", requests: { cpu: "250m" } }, replicas: 1, maxReplicas: 1, podSecurityVersion: "v1.33" });
    }) as Record<string, any>[];
    const of = (kind: string) => objects.find((object) => object.kind === kind)!;
    expect(of("Deployment").spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: "250m", memory: "1Gi", "ephemeral-storage": "1Gi" },
      limits: { cpu: "1", memory: "1Gi", "ephemeral-storage": "1Gi" },
    });
    expect(of("ResourceQuota").spec.hard).toMatchObject({ "requests.cpu": "900m", "limits.cpu": "2400m", "requests.memory": "2560Mi", "limits.memory": "2560Mi" });
    expect(of("LimitRange").spec.limits[0].defaultRequest).toEqual({ cpu: "250m", memory: "1Gi", "ephemeral-storage": "1Gi" });
  });

  test("declared tools are recorded on the server's namespace", () => {
    const objects = synth((chart) => {
      new McpServer(chart, "echo", { name: "echo", image: IMAGE, port: 8080, resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi" }, replicas: 1, maxReplicas: 1, podSecurityVersion: "v1.33", declaredTools: [{ name: "zeta", scopes: ["s:z"] }, { name: "alpha", scopes: ["s:a", "s:b"] }] });
    }) as Record<string, any>[];
    expect(objects[0].metadata.annotations).toEqual({ "mcp.security/declared-tools": '{"alpha":["s:a","s:b"],"zeta":["s:z"]}' });
  });
});

describe("props that cannot run hardened are refused", () => {
  const deployment = (overrides: Record<string, unknown>) => () =>
    synth((chart) => {
      new HardenedDeployment(chart, "d", { namespace: "n", name: "n", image: IMAGE, port: 8080, resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi" }, serviceAccountName: "n", ...overrides });
    });

  test("an image by tag", () => {
    expect(deployment({ image: "registry.example.com/mcp/echo:1.0" })).toThrow(/is not pinned by digest; use <registry>\/<repository>@sha256:<digest>/);
  });

  test("a privileged port or root UID", () => {
    expect(deployment({ port: 80 })).toThrow(/port 80 is not from 1024 to 65535 \(below 1024 only with privilegedPortJustification\)/);
    expect(deployment({ runAsUser: 0 })).toThrow(/runAsUser must be a positive UID, got 0/);
  });

  test("a floating Pod Security version, a class without secrets, more replicas than the maximum", () => {
    expect(() => synth((chart) => new McpNamespace(chart, "n", { name: "n", podSecurityVersion: "latest" }))).toThrow(/podSecurityVersion "latest" is not a Kubernetes minor version/);
    expect(() => synth((chart) => new AwsSecretProviderClass(chart, "s", { namespace: "n", name: "s", application: "n", region: "eu-central-1", secrets: [] }))).toThrow(/list at least one secret/);
    expect(() =>
      synth((chart) => new McpServer(chart, "s", { name: "s", image: IMAGE, port: 8080, resources: { cpu: "1", memory: "1Gi", ephemeralStorage: "1Gi" }, replicas: 3, maxReplicas: 2, podSecurityVersion: "v1.33" }))
    ).toThrow(/replicas must be a whole number from 1 to maxReplicas \(2\), got 3/);
  });
});

describe("quantity arithmetic", () => {
  test("parses and formats the forms the blueprint writes", () => {
    expect([millicores("500m"), millicores("1.5"), millicores("2")]).toEqual([500, 1500, 2000]);
    expect([bytes("512Mi"), bytes("1Gi"), bytes("1G")]).toEqual([2 ** 29, 2 ** 30, 1e9]);
    expect([formatCpu(2100), formatCpu(6000), formatBytes(6400 * 2 ** 20), formatBytes(2 ** 31), formatBytes(1000)]).toEqual(["2100m", "6", "6400Mi", "2Gi", "1000"]);
    expect(() => millicores("1.0005")).toThrow(/finer than 1m/);
    expect(() => bytes("lots")).toThrow(/is not a byte quantity/);
  });
});
