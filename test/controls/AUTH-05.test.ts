import { BUILT_IN_ENVIRONMENTS } from "../../environments";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

describe("AUTH-05 regular key rotation (environment KMS key)", () => {
  const plans = synthesizedPlans();

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("the %s key rotates yearly and waits its deletion window", (name, environment) => {
    const [key] = stackResources(plans, name, "aws_kms_key");
    expect(key.values).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
      deletion_window_in_days: environment.security.kmsDeletionWindowDays,
    });
  });

  test("check reports AUTH-05 when rotation is turned off", () => {
    const weakened = synthesizedPlans();
    stackResources(weakened, "test", "aws_kms_key")[0].values["enable_key_rotation"] = false;
    expect(findingsFor(weakened, "AUTH-05").map((finding) => `${finding.location} ${finding.rule}`)).toEqual(["mcp-test auth-05-kms-key-rotation"]);
  });
});
