import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";
import { Artifacts } from "../../policies/types";

const ours = (plans: Artifacts) =>
  findingsFor(plans, "NET-04")
    .filter((finding) => finding.rule === "net-04-rds-encrypted-private")
    .map((finding) => `${finding.location} ${finding.resource}: ${finding.message}`)
    .sort();

describe("NET-04 end-to-end encryption, MSH-02: Keycloak's database is private, encrypted with the environment key, and forces TLS", () => {
  describe.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("in %s", (name, environment) => {
    const plans = synthesizedPlans();

    test("RDS PostgreSQL in the data tier: KMS-encrypted, private, RDS-managed password, IAM auth, backups; Multi-AZ and deletion protection in production", () => {
      const [instance] = stackResources(plans, name, "aws_db_instance");
      expect(instance.values).toMatchObject({
        engine: "postgres",
        storage_encrypted: true,
        publicly_accessible: false,
        manage_master_user_password: true,
        iam_database_authentication_enabled: true,
        backup_retention_period: environment.identity!.database.backupRetentionDays,
        multi_az: environment.production,
        deletion_protection: environment.production,
      });
      expect(instance.values["kms_key_id"]).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
      expect(instance.values["password"]).toBeUndefined();
      const [group] = stackResources(plans, name, "aws_db_parameter_group");
      expect(group.values["parameter"]).toContainEqual({ name: "rds.force_ssl", value: "1" });
      const ingress = stackResources(plans, name, "aws_vpc_security_group_ingress_rule").filter((rule) => String(rule.values["security_group_id"]).includes("keycloak-database"));
      expect(ingress.map((rule) => [rule.values["from_port"], rule.values["referenced_security_group_id"]])).toEqual([[5432, expect.stringMatching(/security-groups_mcp_/)]]);
    });

    test("no finding of the rule", () => {
      expect(ours(plans)).toEqual([]);
    });
  });

  test("check reports an unencrypted, public database with a Terraform password, no backups and TLS not forced", () => {
    const plans = synthesizedPlans();
    const [instance] = stackResources(plans, "prod", "aws_db_instance");
    Object.assign(instance.values, { storage_encrypted: false, publicly_accessible: true, manage_master_user_password: false, password: "hunter2", backup_retention_period: 0 });
    const [group] = stackResources(plans, "prod", "aws_db_parameter_group");
    group.values["parameter"] = (group.values["parameter"] as { name: string }[]).filter((parameter) => parameter.name !== "rds.force_ssl");
    const at = `mcp-prod ${instance.address}`;
    expect(ours(plans)).toEqual([
      `${at}: is publicly accessible`,
      `${at}: its master password is not managed by RDS in Secrets Manager (a password in Terraform lands in state)`,
      `${at}: its parameter group does not force TLS (rds.force_ssl = 1)`,
      `${at}: keeps no automated backups`,
      `${at}: storage is not encrypted with a customer-managed KMS key`,
    ]);
  });
});
