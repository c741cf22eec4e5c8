import { CONTAINMENT_ACTIONS, CONTAINMENT_TRIGGERS } from "../../constructs/containment-function";
import { Artifacts } from "../../policies/types";
import { config, ENVIRONMENTS, only, ref, rulesFired } from "../support/compute";
import { alertsTopic, editStatements, named, statements } from "../support/detection";
import { addYamlObject, manifestObject, removeYamlObjects, weakened, yamlObject } from "../support/kubernetes";
import { addResource, findingsFor, removeResources, stackResources, synthesizedPlans, tier } from "../support/plans";

const fn = (plans: Artifacts, environment: string) => named(plans, environment, "aws_lambda_function", `mcp-${environment}-containment`, "function_name");
const quarantine = (plans: Artifacts, environment: string) => named(plans, environment, "aws_security_group", `mcp-${environment}-quarantine`);
const role = (plans: Artifacts, environment: string) => named(plans, environment, "aws_iam_role", `mcp-${environment}-containment`);
const rolePolicy = (plans: Artifacts, environment: string) => stackResources(plans, environment, "aws_iam_role_policy").find((policy) => policy.values["role"] === ref(role(plans, environment), "id"))!;
const trigger = (plans: Artifacts, environment: string, id: string) => named(plans, environment, "aws_cloudwatch_event_rule", `mcp-${environment}-contain-${id}`);
const functionGroup = (plans: Artifacts, environment: string) => named(plans, environment, "aws_security_group", `mcp-${environment}-containment`);
const accessEntry = (plans: Artifacts, environment: string) =>
  stackResources(plans, environment, "aws_eks_access_entry").find((entry) => entry.values["principal_arn"] === ref(role(plans, environment), "arn"))!;
const SCALE_ONLY = [{ apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch"] }];

describe("OPS-03 automated isolation (JIT-04 containment on high-severity findings, IR-02a quarantine group, IR-02d evidence snapshots)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();
    const { accountId, region } = config(environment);
    const key = ref(only(plans, environment, "aws_kms_key"), "arn");
    const vpc = only(plans, environment, "aws_vpc");
    const topic = ref(alertsTopic(plans, environment), "arn");

    test("the quarantine security group is in the VPC, tagged as such, and has no rule at all", () => {
      const group = quarantine(plans, environment);
      expect(group.values).toMatchObject({ vpc_id: ref(vpc, "id"), revoke_rules_on_delete: true });
      expect(tier(group)).toBe("quarantine");
      expect(group.values["ingress"]).toBeUndefined();
      expect(group.values["egress"]).toBeUndefined();
      for (const type of ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
        expect(stackResources(plans, environment, type).filter((rule) => [rule.values["security_group_id"], rule.values["referenced_security_group_id"], rule.values["source_security_group_id"]].includes(ref(group, "id")))).toEqual([]);
      }
    });

    test("the function is bounded, encrypted, logs JSON to its own KMS log group and reports failures to the alert topic", () => {
      const group = named(plans, environment, "aws_cloudwatch_log_group", `/mcp/${environment}/containment`);
      expect(group.values).toMatchObject({ kms_key_id: key, retention_in_days: config(environment).security.logRetentionDays });
      expect(fn(plans, environment).values).toMatchObject({
        runtime: "nodejs24.x",
        handler: "index.handler",
        role: ref(role(plans, environment), "arn"),
        reserved_concurrent_executions: 2,
        timeout: 60,
        kms_key_arn: key,
        logging_config: { log_format: "JSON", log_group: ref(group, "name") },
      });
      const cluster = only(plans, environment, "aws_eks_cluster");
      expect(fn(plans, environment).values["environment"]).toEqual({
        variables: {
          ENVIRONMENT: environment,
          QUARANTINE_SECURITY_GROUP_ID: ref(quarantine(plans, environment), "id"),
          VPC_ID: ref(vpc, "id"),
          CLUSTER_NAME: ref(cluster, "name"),
          CLUSTER_ENDPOINT: ref(cluster, "endpoint"),
          CLUSTER_CERTIFICATE_AUTHORITY: ref(cluster, "certificate_authority[0].data"),
        },
      });
      const invokeConfig = only(plans, environment, "aws_lambda_function_event_invoke_config");
      expect(invokeConfig.values).toMatchObject({
        function_name: ref(fn(plans, environment), "function_name"),
        maximum_retry_attempts: 2,
        destination_config: { on_failure: { destination: topic } },
      });
    });

    test("GuardDuty severity 7+ and Security Hub HIGH/CRITICAL findings invoke it, with permission for exactly those rules", () => {
      expect(CONTAINMENT_TRIGGERS.map((candidate) => candidate.id)).toEqual(["guardduty-high-severity", "securityhub-high-critical"]);
      for (const { id, pattern } of CONTAINMENT_TRIGGERS) {
        const rule = trigger(plans, environment, id);
        expect(JSON.parse(String(rule.values["event_pattern"]))).toEqual(pattern);
        expect(rule.values["state"]).toBe("ENABLED");
        const targets = stackResources(plans, environment, "aws_cloudwatch_event_target").filter((target) => target.values["rule"] === ref(rule, "name"));
        expect(targets.map((target) => target.values)).toEqual([expect.objectContaining({ arn: ref(fn(plans, environment), "arn"), retry_policy: { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 3600 } })]);
      }
      expect(JSON.parse(String(trigger(plans, environment, "guardduty-high-severity").values["event_pattern"])).detail).toEqual({ severity: [{ numeric: [">=", 7] }] });
      const permissions = stackResources(plans, environment, "aws_lambda_permission").filter((permission) => permission.values["function_name"] === ref(fn(plans, environment), "function_name"));
      expect(permissions.map((permission) => permission.values)).toEqual(
        CONTAINMENT_TRIGGERS.map(({ id }) =>
          expect.objectContaining({ action: "lambda:InvokeFunction", principal: "events.amazonaws.com", function_name: ref(fn(plans, environment), "function_name"), source_arn: ref(trigger(plans, environment, id), "arn") })
        )
      );
    });

    test("its role allows exactly the containment actions: interfaces of the VPC into the quarantine group only, evidence snapshots only", () => {
      const policy = statements(rolePolicy(plans, environment));
      const actions = [...policy.values()].flatMap((statement) => [statement["Action"]].flat() as string[]);
      expect([...new Set(actions)].sort()).toEqual([...CONTAINMENT_ACTIONS].sort());
      expect(policy.get("MoveInterfacesOfTheVpc")).toEqual({
        Sid: "MoveInterfacesOfTheVpc",
        Effect: "Allow",
        Action: "ec2:ModifyNetworkInterfaceAttribute",
        Resource: `arn:aws:ec2:${region}:${accountId}:network-interface/*`,
        Condition: { ArnEquals: { "ec2:Vpc": `arn:aws:ec2:${region}:${accountId}:vpc/${ref(vpc, "id")}` } },
      });
      expect(policy.get("IntoTheQuarantineGroupOnly")?.["Resource"]).toBe(`arn:aws:ec2:${region}:${accountId}:security-group/${ref(quarantine(plans, environment), "id")}`);
      expect(policy.get("CreateEvidenceSnapshotsOnly")).toMatchObject({ Resource: `arn:aws:ec2:${region}::snapshot/*`, Condition: { StringEquals: { "aws:RequestTag/mcp:evidence": "true" } } });
      expect(policy.get("TagSnapshotsAtCreation")?.["Condition"]).toEqual({ StringEquals: { "ec2:CreateAction": "CreateSnapshot" } });
      expect(policy.get("TagQuarantinedInstances")?.["Condition"]).toEqual({
        StringEquals: { "aws:RequestTag/mcp:quarantine": "true" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["mcp:quarantine", "mcp:quarantine-finding"] },
      });
      expect(policy.get("DecryptItsEnvironment")?.["Condition"]).toEqual({ StringEquals: { "kms:EncryptionContext:LambdaFunctionName": `mcp-${environment}-containment` } });
      expect(policy.get("ReportFailures")).toMatchObject({ Action: "sns:Publish", Resource: topic });
      expect(stackResources(plans, environment, "aws_iam_role_policy_attachment").filter((attachment) => attachment.values["role"] === ref(role(plans, environment), "name"))).toEqual([]);
    });

    test("it runs in the MCP tier's subnets behind its own group, which reaches the interface endpoints and the cluster API on 443 only", () => {
      const group = functionGroup(plans, environment);
      const mcpSubnets = stackResources(plans, environment, "aws_subnet").filter((subnet) => tier(subnet) === "mcp").map((subnet) => ref(subnet, "id"));
      expect(fn(plans, environment).values["vpc_config"]).toEqual({ subnet_ids: mcpSubnets, security_group_ids: [ref(group, "id")] });
      expect(mcpSubnets).toHaveLength(config(environment).azCount);
      expect(group.values).toMatchObject({ vpc_id: ref(vpc, "id"), revoke_rules_on_delete: true });
      expect(tier(group)).toBe("mcp");
      const apis = [named(plans, environment, "aws_security_group", `mcp-${environment}-endpoints`), named(plans, environment, "aws_security_group", `mcp-${environment}-eks-cluster`)].map((api) => ref(api, "id"));
      const rulesOf = (type: string, key: string) => stackResources(plans, environment, type).filter((rule) => rule.values[key] === ref(group, "id"));
      const https = { ip_protocol: "tcp", from_port: 443, to_port: 443 };
      expect(rulesOf("aws_vpc_security_group_egress_rule", "security_group_id").map((rule) => rule.values)).toEqual(apis.map((api) => expect.objectContaining({ ...https, referenced_security_group_id: api })));
      expect(rulesOf("aws_vpc_security_group_ingress_rule", "security_group_id")).toEqual([]);
      expect(rulesOf("aws_vpc_security_group_ingress_rule", "referenced_security_group_id").map((rule) => rule.values)).toEqual(apis.map((api) => expect.objectContaining({ ...https, security_group_id: api })));
      const policy = statements(rolePolicy(plans, environment));
      const vpcArn = `arn:aws:ec2:${region}:${accountId}:vpc/${ref(vpc, "id")}`;
      expect(policy.get("CreateItsInterfacesInTheVpc")).toMatchObject({ Resource: [`arn:aws:ec2:${region}:${accountId}:network-interface/*`, `arn:aws:ec2:${region}:${accountId}:subnet/*`], Condition: { ArnEquals: { "ec2:Vpc": vpcArn } } });
      expect(policy.get("CreateItsInterfacesInItsGroup")?.["Resource"]).toBe(`arn:aws:ec2:${region}:${accountId}:security-group/${ref(group, "id")}`);
      expect(policy.get("ManageItsInterfacesInTheVpc")).toMatchObject({ Resource: `arn:aws:ec2:${region}:${accountId}:network-interface/*`, Condition: { ArnEquals: { "ec2:Vpc": vpcArn } } });
    });

    test("in the cluster it is the Kubernetes group mcp:containment and nothing else: no EKS access policy", () => {
      const entry = accessEntry(plans, environment);
      expect(entry.values).toMatchObject({ cluster_name: ref(only(plans, environment, "aws_eks_cluster"), "name"), type: "STANDARD", kubernetes_groups: ["mcp:containment"] });
      expect(stackResources(plans, environment, "aws_eks_access_policy_association").filter((association) => association.values["principal_arn"] === ref(role(plans, environment), "arn"))).toEqual([]);
    });

    test.each(config(environment).mcpServers.map((server) => server.name))("%s: mcp:containment may get and patch the scale of its Deployment only, in YAML and in the workloads stack", (server) => {
      const labels = { "app.kubernetes.io/managed-by": "mcp-hardening", "app.kubernetes.io/name": server, "app.kubernetes.io/part-of": "mcp" };
      const metadata = { name: "mcp-containment", namespace: server, labels };
      const expectedRole = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata, rules: [{ ...SCALE_ONLY[0], resourceNames: [server] }] };
      const expectedBinding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "mcp-containment" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "mcp:containment" }],
      };
      expect(yamlObject(plans, environment, `Role/${server}/mcp-containment`)).toEqual(expectedRole);
      expect(yamlObject(plans, environment, `RoleBinding/${server}/mcp-containment`)).toEqual(expectedBinding);
      expect(manifestObject(plans, environment, `Role/${server}/mcp-containment`)).toEqual(expectedRole);
      expect(manifestObject(plans, environment, `RoleBinding/${server}/mcp-containment`)).toEqual(expectedBinding);
    });

    test("the synthesized plan passes every OPS-03 rule", () => {
      expect(findingsFor(plans, "OPS-03")).toEqual([]);
    });
  });

  describe("check reports OPS-03 when the real plan is weakened", () => {
    const fired = (mutate: (plans: Artifacts) => void) => rulesFired("OPS-03", mutate);
    const expected = ["ops-03-containment-wired"];

    test("the GuardDuty trigger is disabled", () => {
      expect(fired((plans) => (trigger(plans, "prod", "guardduty-high-severity").values["state"] = "DISABLED"))).toEqual(expected);
    });

    test("EventBridge loses its permission to invoke the function", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_lambda_permission", (permission) => permission.values["function_name"] === ref(fn(plans, "prod"), "function_name")))).toEqual(expected);
    });

    test("the function loses its reserved concurrency", () => {
      expect(fired((plans) => delete fn(plans, "prod").values["reserved_concurrent_executions"])).toEqual(expected);
    });

    test("its environment is no longer encrypted with the environment key", () => {
      expect(fired((plans) => delete fn(plans, "prod").values["kms_key_arn"])).toEqual(expected);
    });

    test("a failed containment is no longer reported", () => {
      expect(fired((plans) => removeResources(plans, "prod", "aws_lambda_function_event_invoke_config"))).toEqual(expected);
    });

    test("its actions are no longer logged to its encrypted log group", () => {
      expect(fired((plans) => delete fn(plans, "prod").values["logging_config"])).toEqual(expected);
    });

    test("its role may also terminate instances", () => {
      expect(
        fired((plans) =>
          editStatements(rolePolicy(plans, "prod"), (list) => [...list, { Sid: "Terminate", Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "*" }])
        )
      ).toEqual(expected);
    });

    test("its role may move any interface into any group", () => {
      expect(
        fired((plans) =>
          editStatements(rolePolicy(plans, "prod"), (list) =>
            list.map((statement) => (statement.Sid === "MoveInterfacesOfTheVpc" ? { Sid: statement.Sid, Effect: "Allow", Action: statement["Action"], Resource: "*" } : statement))
          )
        )
      ).toEqual(expected);
    });

    test("the function no longer knows its cluster", () => {
      expect(fired((plans) => delete (fn(plans, "prod").values["environment"] as { variables: Record<string, unknown> }).variables["CLUSTER_NAME"])).toEqual(expected);
    });

    test("the function runs outside the VPC", () => {
      expect(fired((plans) => delete fn(plans, "prod").values["vpc_config"])).toEqual(expected);
    });

    test("the function's group may reach the internet", () => {
      expect(
        fired((plans) =>
          addResource(plans, "prod", "aws_vpc_security_group_egress_rule", "containment-internet", { security_group_id: ref(functionGroup(plans, "prod"), "id"), ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" })
        )
      ).toEqual(expected);
    });

    test("its role may manage any network interface of the account", () => {
      expect(
        fired((plans) =>
          editStatements(rolePolicy(plans, "prod"), (list) => list.map((statement) => (statement.Sid === "ManageItsInterfacesInTheVpc" ? { Sid: statement.Sid, Effect: "Allow", Action: statement["Action"], Resource: "*" } : statement)))
        )
      ).toEqual(expected);
    });

    test("its access entry maps it to system:masters, or an EKS access policy makes it cluster admin", () => {
      expect(fired((plans) => (accessEntry(plans, "prod").values["kubernetes_groups"] = ["system:masters"]))).toEqual(expected);
      expect(
        fired((plans) =>
          addResource(plans, "prod", "aws_eks_access_policy_association", "containment-admin", {
            cluster_name: accessEntry(plans, "prod").values["cluster_name"],
            principal_arn: ref(role(plans, "prod"), "arn"),
            policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            access_scope: { type: "cluster" },
          })
        )
      ).toEqual(expected);
      expect(fired((plans) => removeResources(plans, "prod", "aws_eks_access_entry", (entry) => entry.values["principal_arn"] === ref(role(plans, "prod"), "arn")))).toEqual(expected);
    });

    const rbac = "ops-03-containment-rbac";
    test("the containment Role also reads secrets: reported in the YAML and in the workloads stack", () => {
      expect(
        weakened("OPS-03", (plans) => {
          yamlObject(plans, "prod", "Role/github-tools/mcp-containment").rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] });
          manifestObject(plans, "prod", "Role/github-tools/mcp-containment").rules[0].verbs.push("delete");
        })
      ).toEqual([
        `${rbac} mcp-prod-workloads kubernetes_manifest.Role_github-tools_mcp-containment: Role/github-tools/mcp-containment: is bound to mcp:containment and rule {"apiGroups":["apps"],"resourceNames":["github-tools"],"resources":["deployments/scale"],"verbs":["get","patch","delete"]} allows more than get and patch on the scale of named Deployments`,
        `${rbac} prod/workloads.yaml Role/github-tools/mcp-containment: is bound to mcp:containment and rule {"apiGroups":[""],"resources":["secrets"],"verbs":["get"]} allows more than get and patch on the scale of named Deployments`,
      ]);
    });

    test("a server namespace without the binding cannot be contained; a cluster-wide binding of the group is reported", () => {
      expect(weakened("OPS-03", (plans) => removeYamlObjects(plans, "prod", (object) => object.kind === "RoleBinding" && object.metadata.namespace === "docs-search"))).toEqual([
        `${rbac} prod/workloads.yaml Namespace/docs-search: mcp:containment may not scale Deployment docs-search: automated containment cannot stop this MCP server`,
      ]);
      expect(
        weakened("OPS-03", (plans) =>
          addYamlObject(plans, "prod", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: "containment-edit" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "mcp:containment" }],
          })
        )
      ).toEqual([`${rbac} prod/workloads.yaml ClusterRoleBinding/containment-edit: binds mcp:containment cluster-wide: the containment function may only scale MCP server Deployments, namespace by namespace`]);
    });

    test("the quarantine group gets an egress rule", () => {
      expect(
        fired((plans) =>
          addResource(plans, "prod", "aws_vpc_security_group_egress_rule", "quarantine-leak", {
            security_group_id: ref(quarantine(plans, "prod"), "id"),
            ip_protocol: "tcp",
            from_port: 443,
            to_port: 443,
            cidr_ipv4: "10.30.0.0/16",
          })
        )
      ).toEqual(expected);
    });
  });
});
