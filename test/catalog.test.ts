import { CONTROLS, controlById } from "../policies/catalog";
import { ALL_RULES } from "../policies/rules";

describe("control catalog", () => {
  test("holds the 103 controls of controls.md", () => {
    expect(CONTROLS).toHaveLength(103);
  });

  test("control IDs are unique and well-formed", () => {
    const ids = CONTROLS.map((control) => control.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z]+-\d\d[a-e]?$/);
  });

  test("class counts match the catalog summary", () => {
    const count = (cls: string) => CONTROLS.filter((control) => control.class === cls).length;
    expect({ IaC: count("IaC"), "IaC+runtime": count("IaC+runtime"), process: count("process") }).toEqual({
      IaC: 22,
      "IaC+runtime": 68,
      process: 13,
    });
  });

  test("every control names its seed section and lines", () => {
    for (const control of CONTROLS) {
      expect(control.title).not.toBe("");
      expect(control.section).not.toBe("");
      expect(control.lines).toMatch(/^L\d+(–\d+)?(, L\d+(–\d+)?)*$/);
    }
  });

  test("controlById finds a control and returns undefined for an unknown ID", () => {
    expect(controlById("NET-01")?.title).toBe("Dedicated MCP security zone");
    expect(controlById("IR-02a")?.class).toBe("IaC+runtime");
    expect(controlById("NET-99")).toBeUndefined();
  });

  test("every rule cites only controls of the catalog", () => {
    const unknown = ALL_RULES.flatMap((rule) => rule.controls.filter((id) => !controlById(id)).map((id) => `${rule.id} → ${id}`));
    expect(unknown).toEqual([]);
  });
});
