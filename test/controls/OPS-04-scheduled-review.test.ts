import { Artifacts, KubernetesObject } from "../../policies/types";
import { kubernetesAddress } from "../../policies/kubernetes";
import { config, ENVIRONMENTS, rulesFired } from "../support/compute";
import { editRealm, realmOf } from "../support/identity";
import { addYamlObject, manifestObject, manifestResources, removeYamlObjects, yamlObject, yamlObjects } from "../support/kubernetes";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tempDir } from "../support/plans";
import { App, TerraformStack } from "cdktf";
import { accessReviewAdminPaths } from "../../baselines/access-review";
import { LogHeartbeatAlarm } from "../../constructs/log-heartbeat-alarm";

const RULE = "ops-04-scheduled-access-review";
const NAME = "mcp-access-review";
const CRON_JOB = `CronJob/${NAME}/${NAME}`;
const CLUSTER_ROLE = `ClusterRole/${NAME}`;

/** The rule's messages after `mutate` weakens a copy of the real plans. */
function messages(mutate: (plans: Artifacts) => void): string[] {
  const plans = synthesizedPlans();
  mutate(plans);
  return findingsFor(plans, "OPS-04")
    .filter((finding) => finding.rule === RULE)
    .map((finding) => finding.message)
    .sort();
}

/** Edits an object of prod in its YAML file and in the workloads stack's `kubernetes_manifest`, as both deploy it. */
function editBoth(plans: Artifacts, address: string, edit: (object: Record<string, any>) => void): void {
  edit(yamlObject(plans, "prod", address));
  edit(manifestObject(plans, "prod", address));
}

describe("OPS-04 scheduled access review of the live cluster and realm", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the CronJob runs daily, one run at a time, as its own service account, on the guard's image by digest, hardened", () => {
      const job = yamlObject(plans, environment, CRON_JOB);
      expect(job.spec).toMatchObject({ schedule: "17 3 * * *", timeZone: "Etc/UTC", concurrencyPolicy: "Forbid", successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
      const pod = job.spec.jobTemplate.spec.template;
      expect(job.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 600 });
      expect(pod.metadata.annotations["sidecar.istio.io/nativeSidecar"]).toBe("true");
      expect(pod.spec).toMatchObject({ serviceAccountName: NAME, restartPolicy: "Never", securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } });
      const [container] = pod.spec.containers;
      expect(container.image).toBe(config(environment).gateway.guardImage);
      expect(container.command).toEqual(["/nodejs/bin/node", "/opt/mcp-access-review/access-review.js", "/opt/mcp-access-review/settings.json"]);
      expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
      expect(container.resources.requests).toEqual(container.resources.limits);
      expect(yamlObject(plans, environment, `Namespace/${NAME}`).metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "istio-injection": "enabled" });
    });

    test("its service account may only get and list RBAC objects", () => {
      expect(yamlObject(plans, environment, CLUSTER_ROLE).rules).toEqual([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"], verbs: ["get", "list"] }]);
      const bindings = yamlObjects(plans, environment).filter((object) => object.kind.endsWith("Binding") && JSON.stringify(object.subjects ?? []).includes(`"name":"${NAME}"`));
      expect(bindings.map(kubernetesAddress)).toEqual([`ClusterRoleBinding/${NAME}`]);
    });

    test("network: default deny, then DNS, istiod, the cluster API's subnets on 443 and Keycloak's pods on 8080 only", () => {
      const policies = yamlObjects(plans, environment, "NetworkPolicy").filter((policy) => policy.metadata.namespace === NAME);
      expect(policies.map((policy) => policy.metadata.name).sort()).toEqual(["allow-egress-to-dns", "allow-egress-to-istio-control-plane", "allow-egress-to-keycloak", "allow-egress-to-kubernetes-api", "default-deny-all"]);
      const api = policies.find((policy) => policy.metadata.name === "allow-egress-to-kubernetes-api");
      expect(api?.spec.egress).toEqual([{ to: expect.arrayContaining([{ ipBlock: { cidr: expect.stringMatching(/^10\./) } }]), ports: [{ protocol: "TCP", port: 443 }] }]);
      expect(policies.every((policy) => policy.spec.ingress === undefined)).toBe(true);
    });

    test("Keycloak admits the review on its token endpoint (POST) and its realm's admin API (GET) only, and its realm client holds view roles only", () => {
      const admin = yamlObject(plans, environment, "AuthorizationPolicy/keycloak/allow-access-review-admin");
      expect(admin.spec.rules).toEqual([
        { from: [{ source: { principals: [`cluster.local/ns/${NAME}/sa/${NAME}`] } }], to: [{ operation: { ports: ["8080"], paths: accessReviewAdminPaths(`mcp-${environment}`), methods: ["GET"] } }] },
      ]);
      const paths: string[] = admin.spec.rules[0].to[0].operation.paths;
      expect(paths.filter((path) => path.includes("secret") || path.endsWith("*"))).toEqual([]);
      const token = yamlObject(plans, environment, "AuthorizationPolicy/keycloak/allow-access-review-token");
      expect(token.spec.rules[0].to).toEqual([{ operation: { ports: ["8080"], paths: [`/realms/mcp-${environment}/protocol/openid-connect/token`], methods: ["POST"] } }]);
      const realm = realmOf(plans, environment);
      expect(realm.clients.find((client: Record<string, unknown>) => client.clientId === NAME)).toMatchObject({ clientAuthenticatorType: "client-jwt", publicClient: false, fullScopeAllowed: false, serviceAccountsEnabled: true, standardFlowEnabled: false });
      expect(realm.users).toEqual([{ username: `service-account-${NAME}`, enabled: true, serviceAccountClientId: NAME, clientRoles: { "realm-management": ["view-clients", "view-realm", "view-users"] } }]);
      expect(JSON.stringify(realm)).not.toMatch(/"secret"/);
    });

    test("the job knows what the synthesis approves: every RBAC object of the environment's manifests and the generated realm", () => {
      const approved = JSON.parse(yamlObject(plans, environment, `ConfigMap/${NAME}/${NAME}`).data["approved.json"]);
      const rbac = yamlObjects(plans, environment).filter((object) => ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].includes(object.kind));
      expect(approved.rbac.map(kubernetesAddress).sort()).toEqual(rbac.map(kubernetesAddress).sort());
      expect(approved.realm).toEqual(realmOf(plans, environment));
    });

    test("a finding pages the security alerts topic", () => {
      const [filter] = stackResources(plans, environment, "aws_cloudwatch_log_metric_filter").filter((candidate) => String(candidate.values["pattern"]).includes("accessReview"));
      expect(filter.values["pattern"]).toBe(`{ ($.kubernetes.namespace_name = "${NAME}") && (($.accessReview = "finding") || ($.accessReview = "error")) }`);
      expect(filter.values["log_group_name"]).toBe(`/mcp/${environment}/containers`);
      expect(findingsFor(plans, "OPS-04").filter((finding) => finding.rule === RULE)).toEqual([]);
    });
  });

  describe("check reports OPS-04 when the real output is weakened", () => {
    const rbacRule = (rule: Record<string, unknown>) => (plans: Artifacts) => editBoth(plans, CLUSTER_ROLE, (role) => void (role.rules = [...role.rules, rule]));

    test("the CronJob is removed", () => {
      const remove = (plans: Artifacts) => {
        const isJob = (object: KubernetesObject) => kubernetesAddress(object) === CRON_JOB;
        expect(removeYamlObjects(plans, "prod", isJob)).toBe(1);
        expect(removeResources(plans, "prod-workloads", "kubernetes_manifest", (resource) => isJob(resource.values["manifest"] as KubernetesObject))).toBe(1);
      };
      expect(rulesFired("OPS-04", remove)).toEqual([RULE]);
      expect(messages(remove)).toEqual([expect.stringContaining(`no CronJob ${NAME}/${NAME}: nothing reviews the live cluster's role bindings and the live realm on a schedule`)]);
    });

    test("runs may overlap, or the job is suspended", () => {
      expect(messages((plans) => editBoth(plans, CRON_JOB, (job) => void (job.spec.concurrencyPolicy = "Allow")))).toEqual([expect.stringContaining('concurrencyPolicy is "Allow", not Forbid')]);
      expect(messages((plans) => editBoth(plans, CRON_JOB, (job) => void (job.spec.suspend = true)))).toEqual([expect.stringContaining("suspended")]);
    });

    test.each([
      ["reading secrets", { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }, "API group core, resource secrets"],
      ["a wildcard", { apiGroups: ["rbac.authorization.k8s.io"], resources: ["*"], verbs: ["*"] }, "resource *, verb *"],
      ["writing bindings", { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterrolebindings"], verbs: ["create", "patch"] }, "verb create, verb patch"],
    ])("its ClusterRole gains %s", (_name, rule, excess) => {
      expect(rulesFired("OPS-04", rbacRule(rule))).toContain(RULE);
      expect(messages(rbacRule(rule))).toEqual([
        expect.stringContaining(`ClusterRoleBinding/${NAME} gives the access review's service account ${excess} (${CLUSTER_ROLE})`),
        expect.stringContaining(`the access review's approved.json approves other RBAC than the manifests hold for ${CLUSTER_ROLE}`),
      ]);
    });

    test("its service account is bound to a role the manifests do not define", () => {
      const bind = (plans: Artifacts) =>
        addYamlObject(plans, "prod", {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: "access-review-edit" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
          subjects: [{ kind: "ServiceAccount", name: NAME, namespace: NAME }],
        });
      expect(rulesFired("OPS-04", bind)).toContain(RULE);
      expect(messages(bind)).toEqual([expect.stringContaining("ClusterRoleBinding/access-review-edit binds the access review's service account to ClusterRole/edit, which the manifests do not define")]);
    });

    test("the realm's review client gains an admin role, full scope, or a secret in the manifests", () => {
      const reviewer = (realm: Record<string, any>) => realm.clients.find((client: Record<string, unknown>) => client.clientId === NAME);
      const manage = (plans: Artifacts) => editRealm(plans, "prod", (realm) => realm.users[0].clientRoles["realm-management"].push("manage-users"));
      expect(rulesFired("OPS-04", manage)).toEqual(["ops-04-keycloak-realm-access-review", RULE]);
      // The realm differs from what the job approves too: that is said once per weakening.
      const approvedToo = expect.stringContaining("approved.json approves another realm than the environment's generated realm");
      expect(messages(manage)).toEqual([expect.stringContaining(`the service account of ${NAME} holds realm-management:manage-users: it may only hold realm-management:view-clients, realm-management:view-realm, realm-management:view-users`), approvedToo]);
      expect(messages((plans) => editRealm(plans, "prod", (realm) => void (reviewer(realm).fullScopeAllowed = true)))).toEqual([expect.stringContaining(`client ${NAME} allows full scope`), approvedToo]);
      const secret = (plans: Artifacts) => editRealm(plans, "prod", (realm) => Object.assign(reviewer(realm), { clientAuthenticatorType: "client-secret", secret: "s3cr3t-review-client" }));
      expect(messages(secret)).toEqual([expect.stringContaining(`client ${NAME} authenticates with "client-secret", not a signed JWT`), expect.stringContaining(`client ${NAME} carries a secret in the manifests`), approvedToo]);
    });

    const editApproved = (edit: (approved: Record<string, any>) => void) => (plans: Artifacts) =>
      editBoth(plans, `ConfigMap/${NAME}/${NAME}`, (configMap) => {
        const approved = JSON.parse(configMap.data["approved.json"]);
        edit(approved);
        configMap.data["approved.json"] = JSON.stringify(approved);
      });

    test("approved.json skips every binding as the platform's (an empty name prefix)", () => {
      const everything = editApproved((approved) => void (approved.platform.namePrefixes = [""]));
      expect(rulesFired("OPS-04", everything)).toEqual([RULE]);
      expect(messages(everything)).toEqual([expect.stringContaining("approved.json skips other platform RBAC than the blueprint's platform list")]);
    });

    test("approved.json approves a cluster-admin binding the manifests do not hold", () => {
      const mallory = editApproved((approved) =>
        approved.rbac.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "evil" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "User", name: "mallory" }] }),
      );
      expect(rulesFired("OPS-04", mallory)).toEqual([RULE]);
      expect(messages(mallory)).toEqual([expect.stringContaining("approved.json approves RBAC the manifests do not hold: ClusterRoleBinding/evil")]);
    });

    test("approved.json approves another realm", () => {
      const admin = editApproved((approved) => approved.realm.users.push({ username: "mallory", enabled: true, clientRoles: { "realm-management": ["realm-admin"] } }));
      expect(messages(admin)).toEqual([expect.stringContaining("approved.json approves another realm than the environment's generated realm")]);
    });

    test("the review client's service account is put in a group", () => {
      const grouped = (plans: Artifacts) => editRealm(plans, "prod", (realm) => void (realm.users[0].groups = ["/realm-admins"]));
      expect(rulesFired("OPS-04", grouped)).toContain(RULE);
      expect(messages(grouped)).toEqual([
        expect.stringContaining(`the service account of ${NAME} is in the groups /realm-admins: a group's roles are held too`),
        expect.stringContaining("approved.json approves another realm"),
      ]);
    });

    test("the job's container runs something else than the review", () => {
      const replaced = (plans: Artifacts) => editBoth(plans, CRON_JOB, (job) => void (job.spec.jobTemplate.spec.template.spec.containers[0].command = ["/bin/true"]));
      expect(rulesFired("OPS-04", replaced)).toEqual([RULE]);
      expect(messages(replaced)).toEqual([expect.stringContaining('the access review CronJob\'s container does not run the review (node <ConfigMap mcp-access-review mount>/access-review.js <mount>/settings.json): ["/bin/true"]')]);
    });

    test("another container or an init container runs beside the review (it would share the service account and could mount the client key)", () => {
      const sidecar = (field: "containers" | "initContainers") => (plans: Artifacts) =>
        editBoth(plans, CRON_JOB, (job) => {
          const pod = job.spec.jobTemplate.spec.template.spec;
          pod[field] = [...(pod[field] ?? []), { ...pod.containers[0], name: "copier", command: ["/bin/sh", "-c", "cat /var/run/secrets/mcp-access-review/client-key"] }];
        });
      expect(rulesFired("OPS-04", sidecar("containers"))).toEqual([RULE]);
      expect(messages(sidecar("containers"))).toEqual([expect.stringContaining('the access review\'s pod runs other containers too ("copier")')]);
      expect(messages(sidecar("initContainers"))).toEqual([expect.stringContaining('the access review\'s pod runs other containers too ("copier")')]);
    });

    test("settings.json points the review at another approved file, another cluster, or no realm client", () => {
      const editSettings = (edit: (settings: Record<string, any>) => void) => (plans: Artifacts) =>
        editBoth(plans, `ConfigMap/${NAME}/${NAME}`, (configMap) => {
          const settings = JSON.parse(configMap.data["settings.json"]);
          edit(settings);
          configMap.data["settings.json"] = JSON.stringify(settings);
        });
      const elsewhere = editSettings((settings) => void (settings.approvedFile = "/tmp/approved.json"));
      expect(rulesFired("OPS-04", elsewhere)).toEqual([RULE]);
      expect(messages(elsewhere)).toEqual([expect.stringContaining('settings.json reads approved access from "/tmp/approved.json", not the approved.json this rule checks (/opt/mcp-access-review/approved.json)')]);
      const decoy = expect.stringContaining('reviews the cluster at "https://decoy.example.com", not its own API server (https://kubernetes.default.svc)');
      expect(messages(editSettings((settings) => void (settings.kubernetesUrl = "https://decoy.example.com")))).toEqual([decoy]);
      // Every copy is checked: the workloads stack's kubernetes_manifest deploys the ConfigMap as well as the YAML.
      const manifestOnly = (plans: Artifacts) => {
        const configMap = manifestObject(plans, "prod", `ConfigMap/${NAME}/${NAME}`);
        configMap.data["settings.json"] = JSON.stringify({ ...JSON.parse(configMap.data["settings.json"]), kubernetesUrl: "https://decoy.example.com" });
      };
      expect(messages(manifestOnly)).toEqual([decoy]);
      expect(messages(editSettings((settings) => void delete settings.keycloak))).toEqual([expect.stringContaining(`does not read the live realm as client ${NAME}: the realm is not reviewed`)]);
      const broken = (plans: Artifacts) => editBoth(plans, `ConfigMap/${NAME}/${NAME}`, (configMap) => void (configMap.data["settings.json"] = "{"));
      expect(messages(broken)).toEqual([expect.stringContaining("settings.json does not parse")]);
    });

    test("the mesh admits the review by its namespace, a wildcard principal or no source at all, to every path", () => {
      const source = (from: unknown) => (plans: Artifacts) =>
        editBoth(plans, "AuthorizationPolicy/keycloak/allow-access-review-admin", (policy) => {
          policy.spec.rules[0].from = from;
          delete policy.spec.rules[0].to;
        });
      const everything = expect.stringContaining("AuthorizationPolicy/keycloak/allow-access-review-admin admits the access review to every path and method");
      for (const from of [[{ source: { namespaces: [NAME] } }], [{ source: { principals: ["cluster.local/ns/mcp-access-review/*"] } }], [{ source: { notNamespaces: ["mcp-gateway"] } }], undefined]) {
        expect(messages(source(from))).toEqual([everything]);
      }
      expect(messages(source([{ source: { namespaces: ["mcp-gateway"] } }]))).toEqual([]);
      expect(messages(source([{ source: { principals: ["*"], notNamespaces: [NAME] } }]))).toEqual([]);
    });

    test("the mesh admits the review to every admin path, or to a client's secret", () => {
      const widen = (paths: string[]) => (plans: Artifacts) => editBoth(plans, "AuthorizationPolicy/keycloak/allow-access-review-admin", (policy) => void (policy.spec.rules[0].to[0].operation.paths = paths));
      const everything = widen(["/admin/realms/mcp-prod", "/admin/realms/mcp-prod/*"]);
      expect(rulesFired("OPS-04", everything)).toEqual([RULE]);
      expect(messages(everything)).toEqual([expect.stringContaining("AuthorizationPolicy/keycloak/allow-access-review-admin admits the access review to GET /admin/realms/mcp-prod/*: only the token endpoint")]);
      expect(messages(widen([...accessReviewAdminPaths("mcp-prod"), "/admin/realms/mcp-prod/clients/{*}/client-secret"]))).toEqual([expect.stringContaining("GET /admin/realms/mcp-prod/clients/{*}/client-secret")]);
      const anyMethod = (plans: Artifacts) => editBoth(plans, "AuthorizationPolicy/keycloak/allow-access-review-admin", (policy) => void delete policy.spec.rules[0].to[0].operation.methods);
      expect(messages(anyMethod)).toEqual([expect.stringContaining("every method /admin/realms/mcp-prod, every method /admin/realms/mcp-prod/clients")]);
    });

    test("the client's key is put in the plan", () => {
      const put = (plans: Artifacts) => {
        const [secret] = stackResources(plans, "prod", "aws_secretsmanager_secret").filter((candidate) => candidate.values["name"] === "mcp/prod/identity/mcp-access-review-key");
        addResource(plans, "prod", "aws_secretsmanager_secret_version", "review_key", { secret_id: `\${aws_secretsmanager_secret.${secret.name}.id}`, secret_string: "{\"kty\":\"EC\"}" });
      };
      expect(rulesFired("OPS-04", put)).toContain(RULE);
      expect(messages(put)).toEqual([expect.stringContaining("aws_secretsmanager_secret_version.review_key puts the access review client's key in the plan")]);
    });

    test("nothing pages on its findings: the metric filter removed, or the alarm notifying nobody", () => {
      const isReviewFilter = (resource: { values: Record<string, unknown> }) => String(resource.values["pattern"]).includes('$.accessReview = "finding"');
      const unfiltered = (plans: Artifacts) => expect(removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", isReviewFilter)).toBe(1);
      expect(rulesFired("OPS-04", unfiltered)).toEqual([RULE]);
      expect(messages(unfiltered)).toEqual([expect.stringContaining("no alarm pages on the access review's findings and errors")]);
      expect(messages(unfiltered)).toEqual([expect.stringContaining("no metric filter counts them")]);
      const silent = (plans: Artifacts) => {
        for (const alarm of stackResources(plans, "prod", "aws_cloudwatch_metric_alarm").filter((candidate) => candidate.values["alarm_name"] === "mcp-prod-access-review")) alarm.values["alarm_actions"] = [];
      };
      expect(messages(silent)).toEqual([expect.stringContaining("it notifies nobody (no alarm_actions)")]);
    });

    const reviewFilter = (plans: Artifacts) => stackResources(plans, "prod", "aws_cloudwatch_log_metric_filter").filter((candidate) => String(candidate.values["pattern"]).includes('$.accessReview = "finding"'));
    test("the findings' filter no longer counts error lines", () => {
      const findingsOnly = (plans: Artifacts) => void (reviewFilter(plans)[0].values["pattern"] = `{ ($.kubernetes.namespace_name = "${NAME}") && ($.accessReview = "finding") }`);
      expect(rulesFired("OPS-04", findingsOnly)).toEqual([RULE]);
      expect(messages(findingsOnly)).toEqual([expect.stringContaining(`counts "{ ($.kubernetes.namespace_name = \\"${NAME}\\") && ($.accessReview = \\"finding\\") }", not`)]);
    });

    test("the findings' filter watches another log group", () => {
      const elsewhere = (plans: Artifacts) => void (reviewFilter(plans)[0].values["log_group_name"] = "/mcp/prod/elsewhere");
      expect(rulesFired("OPS-04", elsewhere)).toEqual([RULE]);
      expect(messages(elsewhere)).toEqual([expect.stringContaining("watches /mcp/prod/elsewhere, not the container log group /mcp/prod/containers")]);
    });

    describe("a review that never starts or is killed pages nobody", () => {
      const heartbeat = (plans: Artifacts) => stackResources(plans, "prod", "aws_cloudwatch_metric_alarm").filter((candidate) => candidate.values["alarm_name"] === "mcp-prod-access-review-heartbeat");
      test("the heartbeat is synthesized: fewer than one summary line an hour for 25 hours pages, missing data breaching", () => {
        const [alarm] = heartbeat(synthesizedPlans());
        expect(alarm.values).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 1, statistic: "Sum", period: 3600, evaluation_periods: 25, datapoints_to_alarm: 25, treat_missing_data: "breaching" });
      });
      test("LogHeartbeatAlarm refuses a window CloudWatch cannot evaluate, or no topic, naming the field", () => {
        const scope = new TerraformStack(new App({ outdir: tempDir("heartbeat") }), "bad");
        const props = { name: "x", description: "d", logGroupName: "/g", pattern: "{ $.a = 1 }", hours: 25, alarmTopicArns: ["arn:aws:sns:eu-west-1:123456789012:t"] };
        expect(() => new LogHeartbeatAlarm(scope, "a", { ...props, hours: 169 })).toThrow('LogHeartbeatAlarm "x": hours must be a whole number from 1 to 168, got 169.');
        expect(() => new LogHeartbeatAlarm(scope, "b", { ...props, hours: 0.5 })).toThrow("hours must be a whole number from 1 to 168");
        expect(() => new LogHeartbeatAlarm(scope, "c", { ...props, alarmTopicArns: [] })).toThrow('LogHeartbeatAlarm "x": alarmTopicArns must name at least one topic.');
      });
      test.each<[string, (plans: Artifacts) => void, string]>([
        ["the heartbeat filter removed", (plans) => void removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", (resource) => String(resource.values["pattern"]).includes('$.accessReview = "summary"')), "no metric filter counts its summary lines"],
        ["missing data not breaching", (plans) => void (heartbeat(plans)[0].values["treat_missing_data"] = "notBreaching"), "it treats missing data as notBreaching"],
        ["a week's window", (plans) => Object.assign(heartbeat(plans)[0].values, { evaluation_periods: 168, datapoints_to_alarm: 168 }), "it fires only after 168 hours"],
        ["paging nobody", (plans) => void (heartbeat(plans)[0].values["alarm_actions"] = []), "it notifies nobody"],
      ])("%s", (_name, weaken, message) => {
        expect(rulesFired("OPS-04", weaken)).toEqual([RULE]);
        expect(messages(weaken)).toEqual([expect.stringContaining(message)]);
      });
    });

    test("nothing pages when an EKS access entry changes outside the plan", () => {
      const unwatched = (plans: Artifacts) => expect(removeResources(plans, "prod", "aws_cloudwatch_log_metric_filter", (resource) => String(resource.values["pattern"]).includes("CreateAccessEntry"))).toBe(1);
      expect(rulesFired("OPS-04", unwatched)).toEqual([RULE]);
      expect(messages(unwatched)).toEqual([expect.stringContaining("no alarm pages on EKS access entries created or changed (CloudTrail CreateAccessEntry)")]);
    });

    test("the Kubernetes manifests of the workloads stack are checked too: removing only the YAML copy leaves the stack's CronJob", () => {
      expect(messages((plans) => removeYamlObjects(plans, "prod", (object) => kubernetesAddress(object) === CRON_JOB))).toEqual([]);
      expect(manifestResources(synthesizedPlans(), "prod").some((resource) => kubernetesAddress(resource.values["manifest"] as KubernetesObject) === CRON_JOB)).toBe(true);
    });
  });
});
