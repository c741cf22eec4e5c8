import { validateCommand } from "../../bin/commands/validate";
test("smoke", () => {
  validateCommand(["test/fixtures/broken-env.yaml"]);
  validateCommand(["test/fixtures/staging.yaml", "test/fixtures/staging.json"]);
  validateCommand(["test/fixtures/staging.yaml"]);
});
