import { Control } from "../policies/catalog";
import { computeCoverage, TestSource } from "../policies/coverage";
import { Rule } from "../policies/types";

const control = (id: string, cls: Control["class"]): Control => ({
  id,
  title: `Title of ${id}`,
  section: "A.1 Test",
  lines: "L1–2",
  class: cls,
});

/** Made-up control IDs, so this file does not count as testing real controls in `mcp-harden controls`. */
const controls: Control[] = [
  control("ZZ-01", "IaC"),
  control("ZZ-02", "IaC"),
  control("YY-02", "process"),
  control("YY-02a", "IaC+runtime"),
  control("XX-02", "process"),
];

const rule = (id: string, ids: string[]): Rule => ({
  id,
  controls: ids,
  severity: "high",
  description: `${id} description`,
  remediation: `${id} remediation`,
  check: () => [],
});

const rules = [rule("zone-subnets", ["ZZ-01"]), rule("flow-logs", ["ZZ-01", "YY-02a", "ZZ-99"])];

const tests: TestSource[] = [
  { path: "test/network.test.ts", source: `describe("ZZ-01 dedicated zone", () => { it.each([1])("x", () => {}); });` },
  { path: "test/incident.test.ts", source: "test.skip(`YY-02a containment ${x}`, () => {});\n// YY-02 mentioned in a comment only" },
  { path: "test/ZZ-02.test.ts", source: "" },
];

describe("computeCoverage", () => {
  const coverage = computeCoverage(controls, rules, tests);
  const byId = (id: string) => coverage.controls.find((entry) => entry.control.id === id)!;

  test("lists the rules whose controls include each control, sorted", () => {
    expect(byId("ZZ-01").rules).toEqual(["flow-logs", "zone-subnets"]);
    expect(byId("ZZ-02").rules).toEqual([]);
  });

  test("counts a test file whose describe/test/it title or file name contains the exact ID", () => {
    expect(byId("ZZ-01").tests).toEqual(["test/network.test.ts"]);
    expect(byId("ZZ-02").tests).toEqual(["test/ZZ-02.test.ts"]);
    expect(byId("YY-02a").tests).toEqual(["test/incident.test.ts"]);
  });

  test("does not count a longer ID or a comment as naming a control", () => {
    expect(byId("YY-02").tests).toEqual([]);
  });

  test("classifies each control as covered, partial or not covered", () => {
    expect(coverage.controls.map((entry) => [entry.control.id, entry.status])).toEqual([
      ["ZZ-01", "covered"],
      ["ZZ-02", "partial"],
      ["YY-02", "not covered"],
      ["YY-02a", "covered"],
      ["XX-02", "not covered"],
    ]);
  });

  test("summarises counts per class", () => {
    expect(coverage.summary).toEqual([
      { class: "IaC", total: 2, covered: 1, partial: 1, notCovered: 0 },
      { class: "IaC+runtime", total: 1, covered: 1, partial: 0, notCovered: 0 },
      { class: "process", total: 2, covered: 0, partial: 0, notCovered: 2 },
    ]);
  });

  test("reports control IDs that rules cite but the catalog lacks", () => {
    expect(coverage.unknownControls).toEqual([{ rule: "flow-logs", control: "ZZ-99" }]);
  });
});
