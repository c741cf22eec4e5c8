import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { KEY_ADMINISTRATION_ACTIONS } from "../../constructs/environment-key";
import { McpServerIdentity } from "../../constructs/mcp-server-identity";
import { isSecretName, looksRandom, secretKind } from "../../shared/secret-patterns";
import { ServerSecret } from "../../constructs/server-secret";
import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { dev } from "../../environments/dev";
import { McpEnvironmentStack } from "../../stacks/environment-stack";
import { ACCESS_REVIEW_KEY_DESCRIPTION, accessReviewKeySecretName } from "../../stacks/access-review";
import { KEYCLOAK_DATABASE_SECRET_DESCRIPTION, keycloakDatabaseSecretName } from "../../stacks/identity-aws";
import { KEYCLOAK_NAMES } from "../../constructs/k8s/keycloak";
import { GUARD_STORE_SECRET_DESCRIPTIONS, guardStoreSecretNames } from "../../stacks/guard-store-aws";
import { INGRESS_TLS_SECRET_DESCRIPTIONS, ingressTls } from "../../stacks/ingress-tls";
import { INGRESS_GATEWAY } from "../../stacks/mesh";
import { PolicyViolationError, synthesizeApp } from "../../stacks/synthesize";
import { Artifacts, KubernetesObject } from "../../policies/types";
import { addResource, findingsFor, removeResources, stack, stackResources, synthesizedPlans, tempDir } from "../support/plans";
import { AWS_SECRET_KEY, GITHUB_TOKEN, RANDOM_KEY, SECRET_SAMPLES } from "../support/secret-samples";
import { environmentKey, ref, secretNamed, secretPolicy, serverRole } from "../support/secrets";

/** `location resource: message` of every MSH-03 finding, sorted. */
function msh03(plans: Artifacts): string[] {
  return findingsFor(plans, "MSH-03")
    .map((finding) => `${finding.rule} ${finding.location} ${finding.resource}: ${finding.message}`)
    .sort();
}

/** Plans with Kubernetes objects added in one file. */
function withManifests(objects: KubernetesObject[]): Artifacts {
  return { ...synthesizedPlans(), kubernetes: [{ file: "dev/github-tools.yaml", objects }] };
}

const GUARDED_ACTIONS = [
  "secretsmanager:CancelRotateSecret",
  "secretsmanager:DeleteResourcePolicy",
  "secretsmanager:DeleteSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:PutSecretValue",
  "secretsmanager:RemoveRegionsFromReplication",
  "secretsmanager:ReplicateSecretToRegions",
  "secretsmanager:RestoreSecret",
  "secretsmanager:RotateSecret",
  "secretsmanager:StopReplicationToReplica",
  "secretsmanager:UpdateSecret",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:ValidateResourcePolicy",
];

describe("MSH-03 secret management", () => {
  const plans = synthesizedPlans();

  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s", (name, environment) => {
    const keycloak = environment.identity === undefined ? [] : [{ server: KEYCLOAK_NAMES.name, secret: { name: KEYCLOAK_NAMES.databaseSecretFile, description: KEYCLOAK_DATABASE_SECRET_DESCRIPTION } as (typeof environment.mcpServers)[number]["secrets"][number], fullName: keycloakDatabaseSecretName(environment) }];
    type Declared = (typeof environment.mcpServers)[number]["secrets"][number];
    const guard = (["host", "token"] as const).map((file) => ({ server: "guard", secret: { name: file, description: GUARD_STORE_SECRET_DESCRIPTIONS[file] } as Declared, fullName: guardStoreSecretNames(environment)[file] }));
    const tls = ingressTls(environment);
    const ingress = (["certificate", "privateKey"] as const).map((file) => ({ server: INGRESS_GATEWAY.serviceAccount, secret: { name: file, description: INGRESS_TLS_SECRET_DESCRIPTIONS[file] } as Declared, fullName: tls[file].secretName }));
    const accessReview = environment.identity === undefined ? [] : [{ server: "access-review", secret: { name: "client-key", description: ACCESS_REVIEW_KEY_DESCRIPTION } as Declared, fullName: accessReviewKeySecretName(environment) }];
    const expected = [...environment.mcpServers.flatMap((server) => server.secrets.map((secret) => ({ server: server.name, secret, fullName: `mcp/${name}/${server.name}/${secret.name}` }))), ...keycloak, ...guard, ...ingress, ...accessReview];

    test("one secret container per declared secret, encrypted with the environment key, recoverable, never holding a value", () => {
      const key = environmentKey(plans, name);
      expect(stackResources(plans, name, "aws_secretsmanager_secret").map((secret) => secret.values["name"]).sort()).toEqual(expected.map((entry) => entry.fullName).sort());
      for (const { fullName, secret } of expected) {
        expect(secretNamed(plans, name, fullName).values).toMatchObject({
          name: fullName,
          description: secret.description,
          kms_key_id: ref(key, "arn"),
          recovery_window_in_days: environment.production ? 30 : 7,
        });
      }
      expect(stackResources(plans, name, "random_password")).toEqual([]);
      // The only values written are the guard store's, write-only and by reference (never in state or the plan).
      for (const version of stackResources(plans, name, "aws_secretsmanager_secret_version")) {
        expect(version.address).toMatch(/^aws_secretsmanager_secret_version\.guard-store_(host|token)_/);
        expect(version.values["secret_string"]).toBeUndefined();
        expect(version.values["secret_string_wo"]).toMatch(/^\$\{[^}]+\}$/);
      }
      expect(stack(plans, name).json["data"]?.["aws_secretsmanager_secret_version" as never]).toBeUndefined();
    });

    test("each secret's resource policy: only its server reads it; nobody but the server, the deployer, the admin role and its rotation function touches the value; the recovery automation may only start a rotation", () => {
      for (const { server, secret, fullName } of expected) {
        const resource = secretNamed(plans, name, fullName);
        const policy = secretPolicy(plans, name, resource);
        const role = serverRole(plans, name, server);
        const exempt = [
          ref(role, "arn"),
          `arn:aws:iam::${environment.accountId}:role/${environment.deployRoleName}`,
          `arn:aws:iam::${environment.accountId}:role/mcp-${name}-admin`,
          ...(secret.rotation ? [secret.rotation.roleArn] : []),
        ];
        expect(policy.values["block_public_policy"]).toBe(true);
        expect(JSON.parse(String(policy.values["policy"]))).toEqual({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ReaderRoleReadsThisSecret",
              Effect: "Allow",
              Principal: { AWS: ref(role, "arn") },
              Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
              Resource: ref(resource, "arn"),
            },
            {
              Sid: "NobodyElseTouchesTheValue",
              Effect: "Deny",
              Principal: "*",
              Action: secret.rotation ? GUARDED_ACTIONS.filter((action) => action !== "secretsmanager:RotateSecret") : GUARDED_ACTIONS,
              Resource: ref(resource, "arn"),
              Condition: { StringNotEquals: { "aws:PrincipalArn": exempt } },
            },
            ...(secret.rotation
              ? [
                  {
                    Sid: "OnlyNamedRolesRotate",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "secretsmanager:RotateSecret",
                    Resource: ref(resource, "arn"),
                    Condition: { StringNotEquals: { "aws:PrincipalArn": [...exempt, `arn:aws:iam::${environment.accountId}:role/mcp-${name}-recovery-automation`] } },
                  },
                ]
              : []),
          ],
        });
      }
    });

    test("rotation exactly where the config asks for it, never at creation (the container starts empty)", () => {
      const rotated = expected.filter((entry) => entry.secret.rotation);
      const rotations = stackResources(plans, name, "aws_secretsmanager_secret_rotation");
      const permissions = stackResources(plans, name, "aws_lambda_permission").filter((permission) => permission.values["principal"] === "secretsmanager.amazonaws.com");
      expect(rotations).toHaveLength(rotated.length);
      expect(permissions).toHaveLength(rotated.length);
      for (const { fullName, secret } of rotated) {
        const resource = secretNamed(plans, name, fullName);
        const rotation = rotations.find((candidate) => candidate.values["secret_id"] === ref(resource, "id"))!;
        const permission = permissions.find((candidate) => candidate.values["source_arn"] === ref(resource, "arn"))!;
        expect(rotation.values).toMatchObject({
          rotation_lambda_arn: secret.rotation!.lambdaArn,
          rotation_rules: { automatically_after_days: secret.rotation!.days },
          rotate_immediately: false,
          depends_on: [permission.address],
        });
        expect(permission.values).toMatchObject({ action: "lambda:InvokeFunction", function_name: secret.rotation!.lambdaArn });
      }
    });

    test("the environment key is least privilege: only the deploy and admin roles administer it, account principals only use it, and it rotates", () => {
      const key = environmentKey(plans, name);
      expect(key.values["enable_key_rotation"]).toBe(true);
      const statements = JSON.parse(String(key.values["policy"])).Statement as Record<string, unknown>[];
      const root = { AWS: `arn:aws:iam::${environment.accountId}:root` };
      expect(statements.slice(0, 3)).toEqual([
        {
          Sid: "OnlyTheNamedRolesAdministerTheKey",
          Effect: "Allow",
          Principal: root,
          Action: [...KEY_ADMINISTRATION_ACTIONS],
          Resource: "*",
          Condition: { ArnEquals: { "aws:PrincipalArn": [`arn:aws:iam::${environment.accountId}:role/${environment.deployRoleName}`, `arn:aws:iam::${environment.accountId}:role/mcp-${name}-admin`].sort() } },
        },
        {
          Sid: "AccountPrincipalsUseTheKeyThroughIam",
          Effect: "Allow",
          Principal: root,
          Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": environment.accountId } },
        },
        {
          Sid: "AccountPrincipalsGrantTheKeyToAwsResources",
          Effect: "Allow",
          Principal: root,
          Action: "kms:CreateGrant",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": environment.accountId }, Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
      ]);
      expect(statements.flatMap((statement) => [statement["Action"]].flat())).not.toContain("kms:*");
      expect(KEY_ADMINISTRATION_ACTIONS).not.toEqual(expect.arrayContaining(["kms:Decrypt"]));
    });
  });

  describe("check reports MSH-03 when the key policy is widened", () => {
    const weakenKey = (edit: (statements: Record<string, unknown>[]) => Record<string, unknown>[]) => {
      const weakened = synthesizedPlans();
      const key = environmentKey(weakened, "prod");
      const document = JSON.parse(String(key.values["policy"]));
      key.values["policy"] = JSON.stringify({ ...document, Statement: edit(document.Statement) });
      return { weakened, key };
    };

    test("the account root gets kms:* again (the AWS default key policy)", () => {
      const { weakened, key } = weakenKey((statements) => [{ Sid: "EnableIamUserPermissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:root" }, Action: "kms:*", Resource: "*" }, ...statements]);
      expect(msh03(weakened)).toEqual([`msh-03-kms-key-policy-least-privilege mcp-prod ${key.address}: statement EnableIamUserPermissions allows kms:*`]);
    });

    test("administration without the role condition, with a wildcard role, and an unconditioned statement open to everyone", () => {
      const { weakened, key } = weakenKey((statements) => [
        { ...statements[0], Condition: undefined },
        { ...statements[0], Sid: "AnyRole", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::333333333333:role/*" } } },
        { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
        ...statements.slice(1),
      ]);
      const administration = [
        "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:PutKeyPolicy", "kms:RevokeGrant",
        "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
      ];
      expect(msh03(weakened)).toEqual([
        `msh-03-kms-key-policy-least-privilege mcp-prod ${key.address}: statement AnyRole lets principals other than named administrator roles (condition aws:PrincipalArn) ${administration.join(", ")}`,
        `msh-03-kms-key-policy-least-privilege mcp-prod ${key.address}: statement Everyone admits any principal without a condition pinning the caller to this account`,
        `msh-03-kms-key-policy-least-privilege mcp-prod ${key.address}: statement OnlyTheNamedRolesAdministerTheKey lets principals other than named administrator roles (condition aws:PrincipalArn) ${administration.join(", ")}`,
      ]);
    });
  });

  test("the real plans of every environment have no MSH-03 finding: no false positive on ARNs, digests, key IDs or policy documents", () => {
    expect(msh03(plans)).toEqual([]);
  });

  describe("the detector", () => {
    test.each(Object.entries(SECRET_SAMPLES))("recognizes %s", (kind, sample) => {
      expect(secretKind(sample)).toBe(kind);
      expect(secretKind(`prefix ${sample} suffix`)).toBe(kind);
    });

    test("judges a value by the name it is stored under", () => {
      expect(secretKind("hunter2", "db_password")).toBe("a literal password");
      expect(secretKind("hunter2", "DB_PASSWORD")).toBe("a literal password");
      expect(secretKind(RANDOM_KEY, "apiKey")).toBe("a random-looking literal under a secret name");
      expect(secretKind("0123456789abcdef0123456789abcdef", "X-Api-Key")).toBe("a random-looking literal under a secret name");
      expect(secretKind(AWS_SECRET_KEY, "secret_key")).toBe("an AWS secret access key");
      expect(secretKind(RANDOM_KEY, "description")).toBeUndefined();
      expect(secretKind("mcp/prod/github-tools/api-token", "token")).toBeUndefined();
      expect(secretKind("${var.db_password}", "password")).toBeUndefined();
      expect(secretKind("/var/run/secrets/token", "token")).toBeUndefined();
      expect(secretKind("$(API_TOKEN)", "API_TOKEN")).toBeUndefined();
      expect(isSecretName("secret_name")).toBe(false);
      expect(isSecretName("kms_key_id")).toBe(false);
      expect(isSecretName("clientSecret")).toBe(true);
    });

    test("passes what only looks technical: ARNs, digests, key IDs, base64 documents, references, prose", () => {
      const harmless: [string, string | undefined][] = [
        ["arn:aws:kms:eu-central-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "kms_key_id"],
        ["1234abcd-12ab-34cd-56ef-1234567890ab", "kms_key_id"],
        ["333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@sha256:4f1c2e3a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e", "image"],
        ["sha256:4f1c2e3a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e", "digest"],
        [Buffer.from(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }] })).toString("base64"), "user_data_base64"],
        ['{"Condition":{"StringEquals":{"kms:EncryptionContext:SecretARN":["${aws_secretsmanager_secret.a.arn}"]}}}', "policy"],
        ["Database password: rotated monthly by the owner", "description"],
        ["${aws_eks_cluster.eks_cluster_55B0C966.arn}", "aws:RequestTag/eks-cluster-arn"],
        ["mcp-prod-github-tools-secret-webhook-secret-rotation", "statement_id"],
        ["https://signin.aws.amazon.com/saml", "SAML:aud"],
      ];
      for (const [value, name] of harmless) expect({ value, kind: secretKind(value, name) }).toEqual({ value, kind: undefined });
      expect(looksRandom("mcp-prod-github-tools")).toBe(false);
      expect(looksRandom(RANDOM_KEY)).toBe(true);
    });
  });

  describe("check reports a secret value wherever it is planted, without repeating it", () => {
    test("a secret version with a value", () => {
      const weakened = synthesizedPlans();
      const secret = secretNamed(weakened, "prod", "mcp/prod/github-tools/app-private-key");
      addResource(weakened, "prod", "aws_secretsmanager_secret_version", "planted", { secret_id: ref(secret, "id"), secret_string: GITHUB_TOKEN });
      expect(msh03(weakened)).toEqual([
        "msh-03-no-secret-values mcp-prod aws_secretsmanager_secret_version.planted: secret_string holds what looks like a GitHub token",
        "msh-03-no-secret-values mcp-prod aws_secretsmanager_secret_version.planted: sets secret_string: the value would be stored in Terraform state and in the synthesized plan",
      ]);
      expect(JSON.stringify(findingsFor(weakened, "MSH-03"))).not.toContain(GITHUB_TOKEN);
    });

    test("a secret version with a write-only value taken from a literal, a binary value, a generated password, a data source and an output", () => {
      const weakened = synthesizedPlans();
      addResource(weakened, "test", "aws_secretsmanager_secret_version", "wo", { secret_id: "x", secret_string_wo: "opaque", secret_string_wo_version: 1 });
      addResource(weakened, "test", "aws_secretsmanager_secret_version", "binary", { secret_id: "x", secret_binary: "b3BhcXVl" });
      addResource(weakened, "test", "random_password", "db", { length: 32 });
      const json = stack(weakened, "test").json as Record<string, Record<string, unknown>>;
      json["data"] = { ...json["data"], aws_secretsmanager_secret_version: { current: { secret_id: "x" } } };
      json["output"] = { ...json["output"], db_password: { value: "${random_password.db.result}", sensitive: true } };
      expect(msh03(weakened)).toEqual([
        "msh-03-no-secret-values mcp-test aws_secretsmanager_secret_version.binary: sets secret_binary: the value would be stored in Terraform state and in the synthesized plan",
        "msh-03-no-secret-values mcp-test aws_secretsmanager_secret_version.wo: sets secret_string_wo to a literal: the value would be in the synthesized plan",
        "msh-03-no-secret-values mcp-test data.aws_secretsmanager_secret_version.current: reads a secret value: the value would be stored in Terraform state and in the synthesized plan",
        "msh-03-no-secret-values mcp-test output.db_password: outputs a secret value or attribute of a secret version",
        "msh-03-no-secret-values mcp-test random_password.db: generates a password: the value would be stored in Terraform state and in the synthesized plan",
      ]);
    });

    test("an AWS key in the provider, an access key in the backend, a JWT in a tag", () => {
      const weakened = synthesizedPlans();
      const json = stack(weakened, "dev").json as Record<string, any>;
      json["provider"]["aws"][0]["secret_key"] = AWS_SECRET_KEY;
      json["terraform"]["backend"]["s3"]["access_key"] = SECRET_SAMPLES["an AWS access key ID"];
      const [group] = stackResources(weakened, "dev", "aws_cloudwatch_log_group");
      group.values["tags"] = { Session: SECRET_SAMPLES["a JSON Web Token"] };
      expect(msh03(weakened)).toEqual([
        `msh-03-no-secret-values mcp-dev ${group.address}: tags.Session holds what looks like a JSON Web Token`,
        "msh-03-no-secret-values mcp-dev provider.aws: [0].secret_key holds what looks like an AWS secret access key",
        "msh-03-no-secret-values mcp-dev terraform.backend.s3: access_key holds what looks like an AWS access key ID",
      ]);
    });

    test("a token inside an embedded document (a policy, a container definition)", () => {
      const weakened = synthesizedPlans();
      const policy = stackResources(weakened, "prod", "aws_iam_role_policy")[0];
      const document = JSON.parse(String(policy.values["policy"]));
      document.Statement[0].Sid = undefined;
      document.Statement[0].Condition = { StringEquals: { "aws:RequestTag/x": SECRET_SAMPLES["a Slack token"] } };
      policy.values["policy"] = JSON.stringify(document);
      addResource(weakened, "prod", "aws_ecs_task_definition", "planted", { family: "x", container_definitions: JSON.stringify([{ name: "app", environment: [{ name: "STRIPE_API_KEY", value: RANDOM_KEY }] }]) });
      expect(msh03(weakened)).toEqual([
        "msh-03-no-secret-values mcp-prod aws_ecs_task_definition.planted: container_definitions<embedded>[0].environment[0].value holds what looks like a random-looking literal under a secret name",
        `msh-03-no-secret-values mcp-prod ${policy.address}: policy holds what looks like a Slack token`,
      ]);
    });

    test("Kubernetes: a Secret with data, a secret-looking env value, a token in a ConfigMap document", () => {
      const weakened = withManifests([
        { apiVersion: "v1", kind: "Secret", metadata: { name: "github", namespace: "github-tools" }, stringData: { token: "x" } },
        { apiVersion: "v1", kind: "Secret", metadata: { name: "empty", namespace: "github-tools" }, type: "kubernetes.io/service-account-token" },
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "github-tools", namespace: "github-tools" },
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: "server",
                    env: [
                      { name: "DB_PASSWORD", value: "hunter2" },
                      { name: "GITHUB_TOKEN_FILE", value: "/mnt/secrets/app-private-key" },
                      { name: "LOG_LEVEL", value: "info" },
                    ],
                  },
                ],
              },
            },
          },
        },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "config", namespace: "github-tools" }, data: { "config.yaml": `upstream:\n  url: https://api.github.com\n  token: ${GITHUB_TOKEN}\n` } },
      ]);
      expect(msh03(weakened)).toEqual([
        "msh-03-no-secret-values dev/github-tools.yaml ConfigMap/github-tools/config: data.config.yaml holds what looks like a GitHub token",
        "msh-03-no-secret-values dev/github-tools.yaml Deployment/github-tools/github-tools: spec.template.spec.containers[0].env[0].value holds what looks like a literal password",
        "msh-03-no-secret-values dev/github-tools.yaml Secret/github-tools/github: a Secret with stringData in a manifest: mount the value from Secrets Manager (Secrets Store CSI driver) instead",
      ]);
    });

    test("end to end: a value planted in a construct stops synthesis, and nothing is written", () => {
      const root = tempDir("msh03");
      const outdir = path.join(root, "cdktf.out");
      const k8sOutdir = path.join(root, "k8s");
      const plant = (build: (stack: McpEnvironmentStack) => void) => () => synthesizeApp((app) => build(new McpEnvironmentStack(app, dev)), { outdir, k8sOutdir });
      const planted: [string, (stack: McpEnvironmentStack) => void][] = [
        [
          "a secret version",
          (environmentStack) =>
            new SecretsmanagerSecretVersion(environmentStack, "planted", { secretId: [...environmentStack.serverIdentities.get("github-tools")!.secrets.values()][0].secret.id, secretString: GITHUB_TOKEN }),
        ],
        [
          "a secret container's description",
          (environmentStack) =>
            new ServerSecret(environmentStack, "planted", {
              name: "mcp/dev/github-tools/extra",
              description: `bootstrap token ${GITHUB_TOKEN}`,
              kmsKeyArn: environmentStack.key.arn,
              readerRoleArn: environmentStack.serverIdentities.get("github-tools")!.roleArn,
              administratorRoleArns: ["arn:aws:iam::111111111111:role/mcp-hardening-deployer"],
            }),
        ],
      ];
      for (const [where, build] of planted) {
        let caught: unknown;
        try {
          plant(build)();
        } catch (error) {
          caught = error;
        }
        expect({ where, error: caught }).toEqual({ where, error: expect.any(PolicyViolationError) });
        const report = (caught as PolicyViolationError).report;
        // A secret container added outside the config is also missing from the server's recovery runbook (IR-02b).
        const alsoFires = where === "a secret container's description" ? ["ir-02b-recovery-runbooks"] : [];
        expect({ where, rules: [...new Set(report.findings.map((finding) => finding.rule))].sort() }).toEqual({ where, rules: ["msh-03-no-secret-values", ...alsoFires].sort() });
        expect(JSON.stringify(report)).not.toContain(GITHUB_TOKEN);
        expect(fs.readdirSync(root)).toEqual([]);
      }
    });
  });

  test("the constructs refuse weakened settings", () => {
    const scope = new TerraformStack(new App(), "constructs");
    const secret = {
      name: "mcp/x/y/z",
      description: "z",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      readerRoleArn: "arn:aws:iam::123456789012:role/reader",
      administratorRoleArns: ["arn:aws:iam::123456789012:role/admin"],
    };
    expect(() => new ServerSecret(scope, "a", { ...secret, recoveryWindowInDays: 0 })).toThrow('ServerSecret "mcp/x/y/z": recoveryWindowInDays must be an integer from 7 to 30, got 0.');
    expect(() => new ServerSecret(scope, "b", { ...secret, rotation: { lambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:r", roleArn: "arn:aws:iam::123456789012:role/r", days: 0 } })).toThrow(
      'ServerSecret "mcp/x/y/z": rotation.days must be an integer from 1 to 365, got 0.'
    );
    expect(() => new ServerSecret(scope, "c", { ...secret, administratorRoleArns: [] })).toThrow(/name at least one administrator role/);
    const identity = { roleName: "r", accountId: "123456789012", region: "eu-west-1", clusterName: "c", namespace: "n", serviceAccount: "n", kmsKeyArn: secret.kmsKeyArn, administratorRoleArns: secret.administratorRoleArns };
    expect(() => new McpServerIdentity(scope, "d", { ...identity, secrets: [{ id: "k", name: "a", description: "a" }, { id: "k", name: "b", description: "b" }] })).toThrow('McpServerIdentity "r": secret id "k" is used twice.');
  });

  describe("check reports MSH-03 when a secret loses its key, its policy or its scope", () => {
    const name = "mcp/prod/docs-search/search-api-key";

    test("kms_key_id removed, or the AWS managed key", () => {
      const weakened = synthesizedPlans();
      const secret = secretNamed(weakened, "prod", name);
      delete secret.values["kms_key_id"];
      const other = secretNamed(weakened, "prod", "mcp/prod/github-tools/app-private-key");
      other.values["kms_key_id"] = "alias/aws/secretsmanager";
      expect(msh03(weakened)).toEqual([
        `msh-03-secrets-encrypted-and-scoped mcp-prod ${other.address}: uses the AWS managed key alias/aws/secretsmanager, not a customer-managed key`,
        `msh-03-secrets-encrypted-and-scoped mcp-prod ${secret.address}: has no kms_key_id: it would be encrypted with the AWS managed key aws/secretsmanager`,
      ].sort());
    });

    test("resource policy removed, its deny dropped, public policies allowed, or a zero recovery window", () => {
      const weakened = synthesizedPlans();
      const secret = secretNamed(weakened, "prod", name);
      expect(removeResources(weakened, "prod", "aws_secretsmanager_secret_policy", (policy) => policy.values["secret_arn"] === ref(secret, "arn"))).toBe(1);
      const other = secretNamed(weakened, "prod", "mcp/prod/github-tools/app-private-key");
      const policy = secretPolicy(weakened, "prod", other);
      const document = JSON.parse(String(policy.values["policy"]));
      policy.values["policy"] = JSON.stringify({ ...document, Statement: [document.Statement[0]] });
      policy.values["block_public_policy"] = false;
      other.values["recovery_window_in_days"] = 0;
      expect(msh03(weakened)).toEqual(
        [
          `msh-03-secrets-encrypted-and-scoped mcp-prod ${secret.address}: has no resource policy: any principal of the account with IAM access could read it`,
          `msh-03-secrets-encrypted-and-scoped mcp-prod ${other.address}: its resource policy does not deny GetSecretValue to every principal except the named reader and administrators`,
          `msh-03-secrets-encrypted-and-scoped mcp-prod ${other.address}: its resource policy does not set block_public_policy`,
          `msh-03-secrets-encrypted-and-scoped mcp-prod ${other.address}: recovery_window_in_days is 0: a deleted secret must stay recoverable for at least 7 days`,
        ].sort()
      );
    });

    test('Resource "*" or a wildcard ARN on GetSecretValue, NotResource, or a broad managed policy', () => {
      const weakened = synthesizedPlans();
      const role = serverRole(weakened, "prod", "docs-search");
      const policy = stackResources(weakened, "prod", "aws_iam_role_policy").find((candidate) => candidate.values["role"] === ref(role, "id"))!;
      const document = JSON.parse(String(policy.values["policy"]));
      document.Statement[0].Resource = "*";
      policy.values["policy"] = JSON.stringify(document);
      addResource(weakened, "prod", "aws_iam_policy", "wildcard", {
        name: "x",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:Get*", Resource: "arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/*" }] }),
      });
      addResource(weakened, "prod", "aws_iam_role_policy", "not-resource", {
        role: ref(role, "id"),
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:*", NotResource: "arn:aws:s3:::x" }] }),
      });
      addResource(weakened, "prod", "aws_iam_role_policy_attachment", "broad", { role: role.values["name"], policy_arn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" });
      expect(msh03(weakened)).toEqual(
        [
          `msh-03-secrets-encrypted-and-scoped mcp-prod ${policy.address}: policy grants GetSecretValue on *: list the secret ARNs`,
          "msh-03-secrets-encrypted-and-scoped mcp-prod aws_iam_policy.wildcard: policy grants GetSecretValue on arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/*: list the secret ARNs",
          "msh-03-secrets-encrypted-and-scoped mcp-prod aws_iam_role_policy.not-resource: policy grants GetSecretValue without listing the secrets (NotResource or no Resource)",
          "msh-03-secrets-encrypted-and-scoped mcp-prod aws_iam_role_policy_attachment.broad: attaches arn:aws:iam::aws:policy/SecretsManagerReadWrite, which grants GetSecretValue on every secret",
        ].sort()
      );
    });
  });
});
