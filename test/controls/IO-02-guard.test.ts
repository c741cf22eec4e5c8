import { ENVIRONMENTS } from "../support/compute";
import { gatewayFile } from "../support/gateway";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "io-02-guard-enforceable-schemas";
const at = `${rule} ${gatewayFile("prod")} ${GUARD_CONFIG_MAP}`;
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

describe("IO-01, IO-02, IO-03, IO-04 typed, bounded, recursive, closed schemas: every approved tool schema is one the guard can enforce", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the guard's limits where a schema is silent: the WAF's body limit, 4096-character strings, 256 items, 128 properties, depth 16", () => {
      expect(guardConfigOf(plans, environment).limits).toEqual({ maxRequestBytes: 8192, maxStringLength: 4096, maxArrayItems: 256, maxObjectProperties: 128, maxDepth: 16 });
    });

    test("no finding of the rule", () => {
      for (const control of ["IO-01", "IO-02", "IO-03", "IO-04"]) expect(ours(findingLines(plans, control))).toEqual([]);
    });
  });

  test("check reports IO-02 for an unbounded string and array, an open object, a remote $ref, an unknown keyword, an unbounded number, and a limit switched off", () => {
    expect(
      ours(
        weakened("IO-02", (plans) =>
          editGuardConfig(plans, "prod", (generated) => {
            const issue = generated.servers["github-tools"].tools.create_issue.definition.inputSchema;
            delete issue.properties.title.maxLength;
            delete issue.properties.labels.maxItems;
            issue.additionalProperties = true;
            issue.properties.repo = { $ref: "https://schemas.example.com/repo.json" };
            const docs = generated.servers["docs-search"].tools.search_docs.definition.inputSchema;
            docs.properties.query.maxLenght = 100;
            delete docs.properties.limit.maximum;
            generated.limits.maxDepth = 0;
          })
        )
      )
    ).toEqual([
      `${at}: limits.maxDepth is 0: set a whole number from 1 to 16`,
      `${at}: server "docs-search" tool "search_docs" inputSchema.properties.limit: the integer has no upper bound`,
      `${at}: server "docs-search" tool "search_docs" inputSchema.properties.query.maxLenght: "maxLenght" is a keyword the guard cannot enforce`,
      `${at}: server "github-tools" tool "create_issue" inputSchema.additionalProperties: allows properties the schema does not list`,
      `${at}: server "github-tools" tool "create_issue" inputSchema.properties.labels.maxItems: is missing: the array is unbounded`,
      `${at}: server "github-tools" tool "create_issue" inputSchema.properties.repo.$ref: $ref "https://schemas.example.com/repo.json" points outside the schema`,
      `${at}: server "github-tools" tool "create_issue" inputSchema.properties.title.maxLength: is missing: the string is unbounded`,
    ]);
  });
});
