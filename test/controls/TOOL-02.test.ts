import { config, ENVIRONMENTS } from "../support/compute";
import { findingLines, manifestObject, weakened, yamlObject, yamlObjects } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { Artifacts } from "../../policies/types";

const rule = "tool-02-onboarding-records";
const ANNOTATION = "mcp.security/onboarding-record";

/** The parsed onboarding record of a server's namespace in an environment's YAML. */
function recordOf(plans: Artifacts, environment: string, server: string): Record<string, unknown> {
  return JSON.parse(yamlObject(plans, environment, `Namespace/${server}`).metadata.annotations![ANNOTATION]);
}

/** Rewrites the record of prod's docs-search namespace in its YAML. */
function editRecord(plans: Artifacts, edit: (record: Record<string, unknown>) => void): void {
  const namespace = yamlObject(plans, "prod", "Namespace/docs-search");
  const record = JSON.parse(namespace.metadata.annotations![ANNOTATION]);
  edit(record);
  namespace.metadata.annotations![ANNOTATION] = JSON.stringify(record);
}

const finding = (message: string) => `${rule} prod/workloads.yaml Namespace/docs-search: MCP server docs-search: onboarding record ${message}`;

describe("TOOL-02 TOOL-03 TOOL-04 TS-03 every MCP server's namespace carries its onboarding record and next review date", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("each server namespace records the configured record and approvedOn + reviewIntervalDays as nextReview", () => {
      for (const server of config(environment).mcpServers) {
        const { approvedOn, reviewIntervalDays } = server.onboarding;
        const due = new Date(Date.parse(`${approvedOn}T00:00:00Z`) + reviewIntervalDays * 86_400_000).toISOString().slice(0, 10);
        expect(recordOf(plans, environment, server.name)).toEqual({ ...server.onboarding, nextReview: due });
      }
      const recorded = yamlObjects(plans, environment, "Namespace").filter((namespace) => namespace.metadata.annotations?.[ANNOTATION] !== undefined);
      expect(recorded.map((namespace) => namespace.metadata.name).sort()).toEqual(config(environment).mcpServers.map((server) => server.name).sort());
    });

    test("the workloads stack deploys the same record", () => {
      for (const server of config(environment).mcpServers) {
        expect(manifestObject(plans, environment, `Namespace/${server.name}`).metadata.annotations![ANNOTATION]).toBe(yamlObject(plans, environment, `Namespace/${server.name}`).metadata.annotations![ANNOTATION]);
      }
    });

    test("no finding of the onboarding rule", () => {
      expect(findingLines(plans, "TOOL-02")).toEqual([]);
    });
  });

  test("prod's records are due within 180 days of approval, and 2027-01-17 is github-tools' next review", () => {
    const plans = synthesizedPlans();
    expect(recordOf(plans, "prod", "github-tools")["nextReview"]).toBe("2027-01-17");
    for (const server of config("prod").mcpServers) expect(server.onboarding.reviewIntervalDays).toBeLessThanOrEqual(180);
  });

  describe("check reports TOOL-02 (and TOOL-03, TOOL-04, TS-03) when the real plan is weakened", () => {
    test("the record is removed from a server namespace", () => {
      const lines = weakened("TOOL-02", (plans) => delete yamlObject(plans, "prod", "Namespace/docs-search").metadata.annotations![ANNOTATION]);
      expect(lines).toEqual([finding(`records no onboarding record (annotation ${ANNOTATION})`)]);
      for (const control of ["TOOL-03", "TOOL-04", "TS-03"]) expect(weakened(control, (plans) => delete yamlObject(plans, "prod", "Namespace/docs-search").metadata.annotations![ANNOTATION])).toEqual(lines);
    });

    test("the record is not JSON", () => {
      expect(weakened("TOOL-02", (plans) => (yamlObject(plans, "prod", "Namespace/docs-search").metadata.annotations![ANNOTATION] = "owner=knowledge"))).toEqual([finding(`annotation ${ANNOTATION} is not a JSON object`)]);
    });

    test("the owner approved their own server (TOOL-03)", () => {
      expect(weakened("TOOL-03", (plans) => editRecord(plans, (record) => (record["approver"] = "Knowledge@example.com")))).toEqual([finding("is approved by its own owner")]);
    });

    test("documentation is missing (TOOL-02)", () => {
      expect(
        weakened("TOOL-02", (plans) =>
          editRecord(plans, (record) => {
            delete record["purpose"];
            record["permissionsRationale"] = "needs it";
            record["dataClassification"] = "secret";
          })
        )
      ).toEqual([finding("has no purpose"), finding("has a permissionsRationale shorter than 20 characters"), finding('has dataClassification "secret", not one of public, internal, confidential, restricted')].sort());
    });

    test("re-certification is switched off or the review date moved (TOOL-04)", () => {
      expect(weakened("TOOL-04", (plans) => editRecord(plans, (record) => (record["reviewIntervalDays"] = 36500)))).toEqual([
        finding("has reviewIntervalDays 36500, not a whole number of days from 1 to 365: the server is never re-certified"),
      ]);
      expect(weakened("TOOL-04", (plans) => editRecord(plans, (record) => (record["nextReview"] = "2030-01-01")))).toEqual([
        finding('states nextReview "2030-01-01", but approvedOn 2026-11-16 plus 180 days is 2027-05-15'),
      ]);
      expect(weakened("TOOL-04", (plans) => editRecord(plans, (record) => (record["approvedOn"] = "last week")))).toEqual([finding('has approvedOn "last week", not a YYYY-MM-DD day')]);
    });
  });
});
