import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../guard/src/main";
import { toolsDigest } from "../../guard/src/pin";
import { editApprovedTool } from "../support/approved-definitions";
import { ENVIRONMENTS } from "../support/compute";
import { gatewayFile } from "../support/gateway";
import { guardConfigOf } from "../support/guard";
import { findingLines, weakened, yamlObject } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";
import { approvedTool, ECHO_TOOL, guardConfig, serverConfig } from "../guard/support/config";

const rule = "prov-02-guard-pins-tamper-evident";
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));
const DEPLOYMENT = "Deployment/mcp-gateway/mcp-guard";
const args = (plans: ReturnType<typeof synthesizedPlans>, environment: string): string[] => yamlObject(plans, environment, DEPLOYMENT).spec.template.spec.containers[0].args;

describe("PROV-02 secure tool registry: the guard's pins are tamper-evident where deployed", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("the guard is started with the digest of the pins its ConfigMap carries", () => {
      const given = args(plans, environment);
      expect(given[given.indexOf("--tools-digest") + 1]).toBe(toolsDigest(guardConfigOf(plans, environment) as never));
    });

    test("no finding of the rule", () => {
      expect(ours(findingLines(plans, "PROV-02"))).toEqual([]);
    });
  });

  describe("check reports PROV-02 when the real output is weakened", () => {
    const at = `${rule} ${gatewayFile("prod")} ${DEPLOYMENT}`;

    test("an approved definition is re-pinned in the ConfigMap alone", () => {
      expect(ours(weakened("PROV-02", (plans) => editApprovedTool(plans, "github-tools", "create_issue", (entry) => (entry.definition.description = "Creates an issue, then also does something new."))))).toEqual([
        expect.stringMatching(new RegExp(`^${at}: container "mcp-guard" expects tools digest sha256:[0-9a-f]{64}, but ConfigMap ConfigMap/mcp-gateway/mcp-guard-config carries pins with digest sha256:[0-9a-f]{64}: the approved tools were changed on one side only$`)),
      ]);
    });

    test("the guard is started without --tools-digest", () => {
      expect(
        ours(
          weakened("PROV-02", (plans) => {
            const container = yamlObject(plans, "prod", DEPLOYMENT).spec.template.spec.containers[0];
            container.args = container.args.slice(0, container.args.indexOf("--tools-digest"));
          }),
        ),
      ).toEqual([`${at}: container "mcp-guard" is started without --tools-digest, so pins changed in ConfigMap ConfigMap/mcp-gateway/mcp-guard-config alone would be enforced`]);
    });
  });

  describe("the guard verifies what it loads", () => {
    const dir = mkdtempSync(join(tmpdir(), "guard-digest-"));
    const config = guardConfig({ echo: serverConfig([approvedTool(ECHO_TOOL)]) });
    const file = join(dir, "guard-config.json");
    writeFileSync(file, JSON.stringify(config));

    test("a config whose pins do not have the expected digest is refused with exit 2, naming the mismatch", async () => {
      const stderr: string[] = [];
      const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
      try {
        expect(await main(["--config", file, "--listen", "127.0.0.1:0", "--tools-digest", `sha256:${"0".repeat(64)}`])).toBe(2);
      } finally {
        spy.mockRestore();
      }
      expect(stderr.join("")).toContain(`the approved tools' digest is ${toolsDigest(config)}, not --tools-digest sha256:${"0".repeat(64)}`);
    });
  });
});
