import { config, ENVIRONMENTS } from "../support/compute";
import { gatewayFile } from "../support/gateway";
import { editGuardConfig, guardConfigOf, GUARD_CONFIG_MAP } from "../support/guard";
import { findingLines, weakened } from "../support/kubernetes";
import { synthesizedPlans } from "../support/plans";

const rule = "dlp-01-guard-dlp-policy";
const at = `${rule} ${gatewayFile("prod")} ${GUARD_CONFIG_MAP}`;
const ours = (lines: string[]) => lines.filter((line) => line.startsWith(`${rule} `));

describe("DLP-01, DLP-02, DLP-03, DLP-04 output filtering: every server's results masked or blocked, and size-limited, by the guard", () => {
  describe.each(ENVIRONMENTS)("in %s", (environment) => {
    const plans = synthesizedPlans();

    test("each server masks by default with a 1 MiB limit, or as its guard.dlp says", () => {
      for (const server of config(environment).mcpServers) {
        expect(guardConfigOf(plans, environment).servers[server.name].dlp).toEqual({ mode: server.guard?.dlp?.mode ?? "mask", maxResultBytes: server.guard?.dlp?.maxResultBytes ?? 1048576 });
      }
    });

    test("no finding of the rule", () => {
      for (const control of ["DLP-01", "DLP-02", "DLP-03", "DLP-04"]) expect(ours(findingLines(plans, control))).toEqual([]);
    });
  });

  test("prod's docs-search blocks results with secrets or personal data, up to 256 KiB", () => {
    expect(guardConfigOf(synthesizedPlans(), "prod").servers["docs-search"].dlp).toEqual({ mode: "block", maxResultBytes: 262144 });
  });

  test("check reports DLP-01 when DLP is switched off, the size limit removed or raised beyond 16 MiB", () => {
    expect(
      ours(
        weakened("DLP-02", (plans) =>
          editGuardConfig(plans, "prod", (generated) => {
            generated.servers["github-tools"].dlp.mode = "off";
            delete generated.servers["github-tools"].dlp.maxResultBytes;
            generated.servers["docs-search"].dlp.maxResultBytes = 64 * 1024 * 1024;
          })
        )
      )
    ).toEqual([
      `${at}: server "docs-search" has result limit 67108864: set maxResultBytes to a whole number of bytes up to 16777216`,
      `${at}: server "github-tools" has DLP mode "off": secrets and personal data in its results are neither masked nor blocked`,
      `${at}: server "github-tools" has result limit null: set maxResultBytes to a whole number of bytes up to 16777216`,
    ]);
  });
});
