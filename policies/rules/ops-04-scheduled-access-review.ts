import { canonicalJson } from "../../guard/src/pin";
import { JsonValue } from "../../guard/src/config/types";
import { ACCESS_REVIEW_ALARM_PATTERN, ACCESS_REVIEW_CLIENT_ID, ACCESS_REVIEW_HEARTBEAT_HOURS, ACCESS_REVIEW_HEARTBEAT_PATTERN, ACCESS_REVIEW_KUBERNETES_URL, ACCESS_REVIEW_LOG_FIELD, ACCESS_REVIEW_NAME, ACCESS_REVIEW_RBAC_RULE, ACCESS_REVIEW_REALM_ROLES, accessReviewAdminPaths, PLATFORM_RBAC, RBAC_KINDS } from "../../baselines/access-review";
import { accountViolation, isAwsAccountStack } from "../account-stacks";
import { alarmNotifyProblem, alarmsOfFilters } from "../alarms";
import { keycloakRealms, realmClients } from "../identity";
import { kubernetesAddress, objects, record, records, strings } from "../kubernetes";
import { environmentOfGroup } from "../observability";
import { subjectName } from "../rbac-grants";
import { resolveReference, stackResources, TerraformResource } from "../terraform";
import { Artifacts, KubernetesObject, Rule, StackArtifact, Violation } from "../types";

const reviewer = `ServiceAccount/${ACCESS_REVIEW_NAME}/${ACCESS_REVIEW_NAME}`;

/** The environment's objects of a kind. */
function environmentObjects(artifacts: Artifacts, environment: string, kind: string): KubernetesObject[] {
  return objects(artifacts, kind)
    .filter((item) => environmentOfGroup(item.group) === environment)
    .map((item) => item.object);
}

/** The environment's generated realms (every copy of the Keycloak realm ConfigMap that holds one). */
function environmentRealms(artifacts: Artifacts, environment: string): ReturnType<typeof keycloakRealms> {
  return keycloakRealms(artifacts).filter((view) => environmentOfGroup(view.configMap.group) === environment && view.realm !== undefined);
}

/** The review's ConfigMap (bundle, settings, approved access) in every copy (YAML, Terraform). */
function reviewConfigMaps(artifacts: Artifacts, environment: string): KubernetesObject[] {
  return environmentObjects(artifacts, environment, "ConfigMap").filter((candidate) => candidate.metadata.namespace === ACCESS_REVIEW_NAME && candidate.metadata.name === ACCESS_REVIEW_NAME);
}

/** A JSON file of the review's ConfigMap as the job reads it (`JSON.parse`): its object, or undefined when it does not parse to one. */
function configMapJson(configMap: KubernetesObject, file: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(String(record(configMap["data"])?.[file])));
  } catch {
    return undefined;
  }
}

/** What a rule of a role bound to the review's service account allows beyond getting and listing RBAC objects. */
function ruleExcess(rule: Record<string, unknown>): string | undefined {
  const outside = (values: string[], allowed: readonly string[]) => values.filter((value) => !allowed.includes(value));
  const excess = [
    ...outside(strings(rule["apiGroups"]), ACCESS_REVIEW_RBAC_RULE.apiGroups).map((group) => `API group ${group === "" ? "core" : group}`),
    ...outside(strings(rule["resources"]), ACCESS_REVIEW_RBAC_RULE.resources).map((resource) => `resource ${resource}`),
    ...outside(strings(rule["verbs"]), ACCESS_REVIEW_RBAC_RULE.verbs).map((verb) => `verb ${verb}`),
    ...strings(rule["nonResourceURLs"]).map((url) => `non-resource URL ${url}`),
  ];
  return excess.length === 0 ? undefined : excess.join(", ");
}

/** Why the review's service account holds more than reading RBAC: every binding naming it, every rule of its role. */
function rbacFindings(artifacts: Artifacts, environment: string): string[] {
  const roles = [...environmentObjects(artifacts, environment, "Role"), ...environmentObjects(artifacts, environment, "ClusterRole")];
  const bindings = [...environmentObjects(artifacts, environment, "RoleBinding"), ...environmentObjects(artifacts, environment, "ClusterRoleBinding")];
  return bindings.flatMap((binding) => {
    const namespace = binding.kind === "RoleBinding" ? binding.metadata.namespace : undefined;
    const named = records(binding["subjects"]).some((subject) => subjectName(subject, namespace) === reviewer);
    if (!named) return [];
    const roleRef = record(binding["roleRef"]) ?? {};
    const role = roles.find((candidate) => candidate.kind === roleRef["kind"] && candidate.metadata.name === roleRef["name"] && candidate.metadata.namespace === namespace);
    if (role === undefined) return [`${kubernetesAddress(binding)} binds the access review's service account to ${String(roleRef["kind"])}/${String(roleRef["name"])}, which the manifests do not define: it may grant anything`];
    return records(role["rules"]).flatMap((rule) => {
      const excess = ruleExcess(rule);
      return excess === undefined ? [] : [`${kubernetesAddress(binding)} gives the access review's service account ${excess} (${kubernetesAddress(role)}): it may only get and list roles, cluster roles and their bindings`];
    });
  });
}

/**
 * Why the job's pod does not run the review alone: one container, node with the bundle and settings of the ConfigMap
 * it mounts, no other container or init container (it would share the service account and could mount the key).
 * Returns the problems and, when the review runs, the directory the ConfigMap is mounted at.
 */
function commandProblems(pod: Record<string, unknown>): { readonly problems: string[]; readonly configDir?: string } {
  const configVolumes = records(pod["volumes"]).filter((volume) => record(volume["configMap"])?.["name"] === ACCESS_REVIEW_NAME).map((volume) => volume["name"]);
  const containers = records(pod["containers"]);
  const others = [...containers.slice(1), ...records(pod["initContainers"]), ...records(pod["ephemeralContainers"])].map((container) => JSON.stringify(container["name"] ?? "?"));
  const extra = others.length > 0 ? [`the access review's pod runs other containers too (${others.join(", ")}): they would share its service account and could mount its client key; the pod runs the review alone`] : [];
  const container = containers[0] ?? {};
  const mounts = records(container["volumeMounts"]).filter((mount) => configVolumes.includes(mount["name"])).map((mount) => String(mount["mountPath"]));
  const command = [...strings(container["command"]), ...strings(container["args"])];
  const configDir = command.length === 3 && /\/node$/.test(command[0] ?? "") ? mounts.find((dir) => command[1] === `${dir}/access-review.js` && command[2] === `${dir}/settings.json`) : undefined;
  if (configDir !== undefined) return { problems: extra, configDir };
  return { problems: [...extra, `the access review CronJob's container does not run the review (node <ConfigMap ${ACCESS_REVIEW_NAME} mount>/access-review.js <mount>/settings.json): ${containers.map((candidate) => JSON.stringify([...strings(candidate["command"]), ...strings(candidate["args"])])).join(", ") || "no container"}`] };
}

/**
 * Why the settings the job runs with review something else than the synthesis approves: `approvedFile` must be the
 * mounted `approved.json` (the file this rule checks), the cluster its own API server, and where the environment
 * deploys Keycloak, the realm read as the review's own client.
 */
function settingsProblems(artifacts: Artifacts, environment: string, configDir: string): string[] {
  const realms = environmentRealms(artifacts, environment);
  return reviewConfigMaps(artifacts, environment).flatMap((configMap) => {
    const settings = configMapJson(configMap, "settings.json");
    if (settings === undefined) return ["the access review's settings.json does not parse: the job cannot run"];
    const keycloak = record(settings["keycloak"]);
    return [
      ...(settings["approvedFile"] !== `${configDir}/approved.json` ? [`the access review's settings.json reads approved access from ${JSON.stringify(settings["approvedFile"])}, not the approved.json this rule checks (${configDir}/approved.json)`] : []),
      ...(settings["kubernetesUrl"] !== ACCESS_REVIEW_KUBERNETES_URL ? [`the access review's settings.json reviews the cluster at ${JSON.stringify(settings["kubernetesUrl"])}, not its own API server (${ACCESS_REVIEW_KUBERNETES_URL})`] : []),
      ...(realms.length > 0 && keycloak?.["clientId"] !== ACCESS_REVIEW_CLIENT_ID ? [`the access review's settings.json does not read the live realm as client ${ACCESS_REVIEW_CLIENT_ID}: the realm is not reviewed`] : []),
    ];
  });
}

const canonical = (value: unknown) => canonicalJson(value as JsonValue);

/**
 * Why what the job approves (`approved.json` of its ConfigMap) is not the environment's synthesized RBAC, realm and
 * platform list: an object it approves that the manifests do not hold, or hold otherwise, the realm, the platform list.
 * RBAC of the manifests it leaves out is not a finding: the job reports such a binding live (the safe direction).
 */
function approvedFindings(artifacts: Artifacts, environment: string): string[] {
  const rbac = new Map<string, Set<string>>();
  for (const object of RBAC_KINDS.flatMap((kind) => environmentObjects(artifacts, environment, kind))) rbac.set(kubernetesAddress(object), (rbac.get(kubernetesAddress(object)) ?? new Set()).add(canonical(object)));
  const realms = environmentRealms(artifacts, environment);
  const configMaps = reviewConfigMaps(artifacts, environment);
  if (configMaps.length === 0) return [`no ConfigMap ${ACCESS_REVIEW_NAME}/${ACCESS_REVIEW_NAME}: the review has no bundle, settings or approved access`];
  return configMaps.flatMap((configMap) => {
    const approved = configMapJson(configMap, "approved.json");
    if (approved === undefined) return [`the access review's approved.json does not parse: the job cannot run`];
    const listed = records(approved["rbac"]).map((object) => ({ address: kubernetesAddress(object as unknown as KubernetesObject), json: canonical(object) }));
    const extra = listed.filter((object) => !rbac.has(object.address)).map((object) => object.address);
    const changed = listed.filter((object) => rbac.has(object.address) && !rbac.get(object.address)?.has(object.json)).map((object) => object.address);
    const realm = approved["realm"];
    const realmMatches = realms.length === 0 ? realm === undefined : realms.every((view) => canonical(view.realm) === canonical(realm));
    return [
      ...(extra.length > 0 ? [`the access review's approved.json approves RBAC the manifests do not hold: ${extra.join(", ")}: the review would not report it live`] : []),
      ...(changed.length > 0 ? [`the access review's approved.json approves other RBAC than the manifests hold for ${changed.join(", ")}: the review compares the live cluster with it`] : []),
      ...(realmMatches ? [] : ["the access review's approved.json approves another realm than the environment's generated realm"]),
      ...(canonical(approved["platform"]) === canonical(PLATFORM_RBAC) ? [] : ["the access review's approved.json skips other platform RBAC than the blueprint's platform list (PLATFORM_RBAC): a binding it names is never reviewed"]),
    ];
  });
}

/** Why the environment's CronJob is missing or not the review the blueprint schedules, in every copy (YAML, Terraform). */
function cronJobFindings(artifacts: Artifacts, environment: string): string[] {
  const jobs = environmentObjects(artifacts, environment, "CronJob").filter((candidate) => candidate.metadata.namespace === ACCESS_REVIEW_NAME && candidate.metadata.name === ACCESS_REVIEW_NAME);
  if (jobs.length === 0) return [`no CronJob ${ACCESS_REVIEW_NAME}/${ACCESS_REVIEW_NAME}: nothing reviews the live cluster's role bindings and the live realm on a schedule`];
  return jobs.flatMap((job) => {
    const spec = record(job["spec"]) ?? {};
    const pod = record(record(record(record(spec["jobTemplate"])?.["spec"])?.["template"])?.["spec"]) ?? {};
    const command = commandProblems(pod);
    return [
      ...(typeof spec["schedule"] !== "string" || spec["schedule"].trim() === "" ? ["the access review CronJob has no schedule"] : []),
      ...(spec["suspend"] === true ? ["the access review CronJob is suspended: no review runs"] : []),
      ...(spec["concurrencyPolicy"] !== "Forbid" ? [`the access review CronJob's concurrencyPolicy is ${JSON.stringify(spec["concurrencyPolicy"] ?? "Allow")}, not Forbid: runs may overlap`] : []),
      ...(pod["serviceAccountName"] !== ACCESS_REVIEW_NAME ? [`the access review runs as service account ${JSON.stringify(pod["serviceAccountName"] ?? "default")}, not ${ACCESS_REVIEW_NAME}`] : []),
      ...command.problems,
      ...(command.configDir === undefined ? [] : settingsProblems(artifacts, environment, command.configDir)),
    ];
  });
}

/** Whether an Istio match value (exact, `*`, `prefix*` or `*suffix`) matches a principal or namespace. */
function istioMatches(value: string, target: string): boolean {
  return value === "*" || value === target || (value.endsWith("*") && target.startsWith(value.slice(0, -1))) || (value.startsWith("*") && target.endsWith(value.slice(1)));
}

/**
 * Whether an ALLOW rule admits the review's workload: no `from` (every source), or a source whose principals and
 * namespaces (exact or wildcard, and not excluded by notPrincipals or notNamespaces) match it. Sources by IP or
 * request principal alone are not the workload's identity and are left to the mesh rules.
 */
function admitsReview(rule: Record<string, unknown>, principal: string): boolean {
  if (rule["from"] === undefined) return true;
  return records(rule["from"]).some((from) => {
    const source = record(from["source"]) ?? {};
    const [principals, namespaces, notPrincipals, notNamespaces] = ["principals", "namespaces", "notPrincipals", "notNamespaces"].map((field) => strings(source[field]));
    if (principals.length + namespaces.length + notPrincipals.length + notNamespaces.length === 0) return false;
    if (notPrincipals.some((value) => istioMatches(value, principal)) || notNamespaces.some((value) => istioMatches(value, ACCESS_REVIEW_NAME))) return false;
    return (principals.length === 0 || principals.some((value) => istioMatches(value, principal))) && (namespaces.length === 0 || namespaces.some((value) => istioMatches(value, ACCESS_REVIEW_NAME)));
  });
}

/**
 * Why the mesh admits the review to more of Keycloak than it reads: every ALLOW rule that admits the review's workload
 * (by its principal, its namespace, a wildcard, or no source at all) must name its paths, each the realm's token
 * endpoint (POST only) or an admin endpoint the job reads (GET only).
 */
function meshFindings(artifacts: Artifacts, environment: string): string[] {
  const principal = `cluster.local/ns/${ACCESS_REVIEW_NAME}/sa/${ACCESS_REVIEW_NAME}`;
  const realms = [...new Set(environmentRealms(artifacts, environment).map((view) => String(view.realm?.["realm"])))];
  const allowed = new Map<string, string>(realms.flatMap((realm) => [[`/realms/${realm}/protocol/openid-connect/token`, "POST"], ...accessReviewAdminPaths(realm).map((path): [string, string] => [path, "GET"])]));
  return environmentObjects(artifacts, environment, "AuthorizationPolicy").flatMap((policy) => {
    const spec = record(policy["spec"]) ?? {};
    if ((spec["action"] ?? "ALLOW") !== "ALLOW") return [];
    return records(spec["rules"])
      .filter((rule) => admitsReview(rule, principal))
      .flatMap((rule) => {
        const operations = records(rule["to"]).map((to) => record(to["operation"]) ?? {});
        const wider = operations.length === 0 ? ["every path and method"] : operations.flatMap((operation) => {
          const paths = strings(operation["paths"]);
          const methods = strings(operation["methods"]);
          if (paths.length === 0) return ["every path"];
          return paths.filter((path) => allowed.get(path) === undefined || methods.length === 0 || methods.some((method) => method !== allowed.get(path))).map((path) => `${methods.join("|") || "every method"} ${path}`);
        });
        return wider.length === 0 ? [] : [`${kubernetesAddress(policy)} admits the access review to ${wider.join(", ")}: only the token endpoint (POST) and the admin endpoints it reads (GET) may be reached, never a client's secret`];
      });
  });
}

/** Why the realm's review client may do more than read, or carries a secret in the manifests. */
function realmFindings(artifacts: Artifacts, environment: string): string[] {
  return environmentRealms(artifacts, environment).flatMap((view) => {
    const realm = view.realm ?? {};
    const name = String(realm["realm"]);
    const client = realmClients(realm).find((candidate) => candidate["clientId"] === ACCESS_REVIEW_CLIENT_ID);
    if (client === undefined) return [`realm ${name} has no client ${ACCESS_REVIEW_CLIENT_ID}: the scheduled review cannot read the live realm`];
    const user = records(realm["users"]).find((candidate) => candidate["serviceAccountClientId"] === ACCESS_REVIEW_CLIENT_ID);
    const clientRoles = Object.entries(record(user?.["clientRoles"]) ?? {}).flatMap(([owner, roles]) => strings(roles).map((role) => `${owner}:${role}`));
    const allowed = ACCESS_REVIEW_REALM_ROLES.map((role) => `realm-management:${role}`);
    const excess = [...strings(user?.["realmRoles"]).map((role) => `realm:${role}`), ...clientRoles.filter((role) => !allowed.includes(role))];
    return [
      ...(excess.length > 0 ? [`realm ${name}: the service account of ${ACCESS_REVIEW_CLIENT_ID} holds ${excess.join(", ")}: it may only hold ${allowed.join(", ")}`] : []),
      ...(strings(user?.["groups"]).length > 0 ? [`realm ${name}: the service account of ${ACCESS_REVIEW_CLIENT_ID} is in the groups ${strings(user?.["groups"]).join(", ")}: a group's roles are held too; it may only hold ${allowed.join(", ")}`] : []),
      ...(client["fullScopeAllowed"] !== false ? [`realm ${name}: client ${ACCESS_REVIEW_CLIENT_ID} allows full scope: its tokens carry every role its service account holds`] : []),
      ...(client["secret"] !== undefined ? [`realm ${name}: client ${ACCESS_REVIEW_CLIENT_ID} carries a secret in the manifests: authenticate it with private_key_jwt, the key in Secrets Manager`] : []),
      ...(client["clientAuthenticatorType"] !== "client-jwt" ? [`realm ${name}: client ${ACCESS_REVIEW_CLIENT_ID} authenticates with ${JSON.stringify(client["clientAuthenticatorType"] ?? "client-secret")}, not a signed JWT (client-jwt)`] : []),
    ];
  });
}

/** The metric filters of the review's lines: any filter on its namespace and log field, wherever and however it counts. */
function reviewFilters(stack: StackArtifact, kind: string): TerraformResource[] {
  return stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => {
    const pattern = String(filter.values["pattern"] ?? "");
    return pattern.includes(ACCESS_REVIEW_NAME) && pattern.includes(`$.${ACCESS_REVIEW_LOG_FIELD} = "${kind}"`);
  });
}

/** Why a filter does not count exactly the lines it must, in the environment's container log group. */
function filterProblem(stack: StackArtifact, filter: TerraformResource, environment: string, pattern: string): string | undefined {
  const group = String(resolveReference(stack, filter.values["log_group_name"])?.values["name"] ?? filter.values["log_group_name"]);
  if (group !== `/mcp/${environment}/containers`) return `${filter.address} watches ${group}, not the container log group /mcp/${environment}/containers the review's lines go to`;
  if (filter.values["pattern"] !== pattern) return `${filter.address} counts ${JSON.stringify(filter.values["pattern"])}, not ${pattern}`;
  return undefined;
}

/** Why a heartbeat alarm does not page when the review's summary line is missing for a day and an hour. */
function heartbeatProblem(stack: StackArtifact, alarm: TerraformResource): string | undefined {
  const { values } = alarm;
  const window = Number(values["period"]) * Number(values["datapoints_to_alarm"] ?? values["evaluation_periods"]);
  if (values["comparison_operator"] !== "LessThanThreshold" || Number(values["threshold"]) < 1 || values["statistic"] !== "Sum") return "it does not fire on fewer than one summary line (Sum LessThanThreshold 1)";
  if (values["treat_missing_data"] !== "breaching") return `it treats missing data as ${String(values["treat_missing_data"] ?? "missing")}: a review that never runs writes nothing and pages nobody (use breaching)`;
  if (!(window <= (ACCESS_REVIEW_HEARTBEAT_HOURS + 1) * 3600) || Number(values["datapoints_to_alarm"] ?? values["evaluation_periods"]) > Number(values["evaluation_periods"])) return `it fires only after ${Math.round(window / 3600)} hours without a summary line, more than ${ACCESS_REVIEW_HEARTBEAT_HOURS + 1}`;
  return alarmNotifyProblem(stack, alarm);
}

/** Why the plan holds the review client's key, or nothing pages on the review's findings, errors or missing runs. */
function stackPlanFindings(stack: StackArtifact, environment: string): string[] {
  const keyVersions = stackResources(stack, "aws_secretsmanager_secret_version").filter((version) => String(resolveReference(stack, version.values["secret_id"])?.values["name"] ?? version.values["secret_id"]).includes(ACCESS_REVIEW_CLIENT_ID));
  const findingFilters = reviewFilters(stack, "finding");
  const findingProblems = findingFilters.map((filter) => filterProblem(stack, filter, environment, ACCESS_REVIEW_ALARM_PATTERN));
  const paging = alarmsOfFilters(stack, findingFilters.filter((_filter, index) => findingProblems[index] === undefined));
  const heartbeatFilters = reviewFilters(stack, "summary");
  const heartbeatFilterProblems = heartbeatFilters.map((filter) => filterProblem(stack, filter, environment, ACCESS_REVIEW_HEARTBEAT_PATTERN));
  const heartbeats = alarmsOfFilters(stack, heartbeatFilters.filter((_filter, index) => heartbeatFilterProblems[index] === undefined));
  const accessEntryFilters = stackResources(stack, "aws_cloudwatch_log_metric_filter").filter((filter) => String(filter.values["pattern"] ?? "").includes("CreateAccessEntry"));
  const accessEntryPaging = alarmsOfFilters(stack, accessEntryFilters).some((alarm) => alarmNotifyProblem(stack, alarm) === undefined);
  const defined = (problems: readonly (string | undefined)[]) => problems.filter((problem): problem is string => problem !== undefined);
  return [
    ...keyVersions.map((version) => `${version.address} puts the access review client's key in the plan: the administrators put it in Secrets Manager, never Terraform`),
    ...(accessEntryPaging ? [] : ["no alarm pages on EKS access entries created or changed (CloudTrail CreateAccessEntry): the scheduled review does not read them live, so a change outside the plan goes unseen"]),
    ...(paging.some((alarm) => alarmNotifyProblem(stack, alarm) === undefined)
      ? []
      : [
          `no alarm pages on the access review's findings and errors (${ACCESS_REVIEW_ALARM_PATTERN} in /mcp/${environment}/containers): ${
            findingFilters.length === 0 ? "no metric filter counts them" : [...defined(findingProblems), ...paging.map((alarm) => `${alarm.address}: ${alarmNotifyProblem(stack, alarm) ?? ""}`)].join("; ") || "no alarm on its metric filter"
          }`,
        ]),
    ...(heartbeats.some((alarm) => heartbeatProblem(stack, alarm) === undefined)
      ? []
      : [
          `no alarm pages when the access review writes no summary line for ${ACCESS_REVIEW_HEARTBEAT_HOURS} hours (a review that never starts or is killed): ${
            heartbeatFilters.length === 0 ? "no metric filter counts its summary lines" : [...defined(heartbeatFilterProblems), ...heartbeats.map((alarm) => `${alarm.address}: ${heartbeatProblem(stack, alarm) ?? ""}`)].join("; ") || "no alarm on its metric filter"
          }`,
        ]),
  ];
}

function stackFindings(artifacts: Artifacts, stack: StackArtifact): Violation[] {
  if (!isAwsAccountStack(stack) || stackResources(stack, "aws_eks_cluster").length === 0) return [];
  const environment = /^mcp-(.+)$/.exec(stack.name)?.[1];
  if (environment === undefined) return [];
  // Without the environment's manifests among the artifacts (an infrastructure stack checked alone), only the plan is judged.
  const manifests = objects(artifacts).some((item) => environmentOfGroup(item.group) === environment);
  const problems = [...(manifests ? [...cronJobFindings(artifacts, environment), ...rbacFindings(artifacts, environment), ...approvedFindings(artifacts, environment), ...meshFindings(artifacts, environment)] : []), ...realmFindings(artifacts, environment), ...stackPlanFindings(stack, environment)];
  return [...new Set(problems)].map((problem) => accountViolation(stack, problem));
}

/**
 * The live cluster and realm are reviewed on a schedule (OPS-04): every environment with an EKS cluster whose manifests
 * are among the artifacts runs the CronJob `mcp-access-review` (one run at a time, its pod running the review alone, with
 * settings that read the mounted approved.json, the cluster's own API server and the realm as its client), whose service account may only get and list RBAC objects; where
 * the environment deploys Keycloak, the realm's review client is a confidential `private_key_jwt` client without a
 * secret in the manifests, without full scope, whose service account holds only view-realm, view-clients and
 * view-users; the mesh admits it (by principal, namespace, wildcard or no source) to Keycloak's token endpoint (POST) and the admin endpoints it reads (GET) only;
 * `approved.json` approves nothing the manifests, realm and platform list do not; the plan holds no value of its key; a metric filter on the review's finding and error lines in the
 * environment's container log group raises an alarm that notifies an encrypted topic, and so does a heartbeat alarm
 * when no summary line arrives for a day and an hour (missing data breaching); and so does one on EKS access entries changed (CloudTrail), which the job does not read.
 */
const rule: Rule = {
  id: "ops-04-scheduled-access-review",
  controls: ["OPS-04"],
  severity: "high",
  description: "A scheduled job reviews the live cluster's RBAC and the live Keycloak realm against the synthesized output with read-only access, its findings page someone, and so does an EKS access entry changed outside the plan.",
  remediation: "Synthesize the access-review chart (stacks/access-review.ts: AccessReviewJob with the read-only ClusterRole, the realm's mcp-access-review client with view roles and private_key_jwt) and its alarm on the container log group to the security alerts topic, and keep the eks-access-changes CloudTrail alarm (constructs/security-alarms.ts); never widen the job's role or put its key in Terraform.",
  check: (artifacts) => artifacts.stacks.flatMap((stack) => stackFindings(artifacts, stack)),
};

export default rule;
