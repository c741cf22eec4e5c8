import { ENVIRONMENTS, one, rulesFired } from "../support/bastion";
import { findingsFor, stackResources, synthesizedPlans } from "../support/plans";

describe("OPS-01 automated patch management (Lambda functions run on a runtime that still gets patches)", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("every Lambda function runs on Node.js 24 (nodejs24.x, supported by AWS until 2028-04-30)", () => {
      const functions = stackResources(plans, environment, "aws_lambda_function");
      expect(functions.length).toBeGreaterThan(0);
      expect(functions.map((fn) => fn.values["runtime"])).toEqual(functions.map(() => "nodejs24.x"));
    });

    test("the synthesized plan passes ops-01-supported-lambda-runtimes", () => {
      expect(findingsFor(plans, "OPS-01").filter((finding) => finding.rule === "ops-01-supported-lambda-runtimes")).toEqual([]);
    });
  });

  test.each(["nodejs20.x", "nodejs18.x", "python3.9", "go1.x"])("check reports OPS-01 when the containment function goes back to %s", (runtime) => {
    expect(rulesFired("OPS-01", (plans) => (one(plans, "prod", "aws_lambda_function", /^containment_function/).values["runtime"] = runtime))).toEqual(["ops-01-supported-lambda-runtimes"]);
  });

  test("a current runtime is not reported", () => {
    expect(rulesFired("OPS-01", (plans) => (one(plans, "dev", "aws_lambda_function", /^containment_function/).values["runtime"] = "nodejs22.x"))).toEqual([]);
  });
});
