/**
 * bin/progress.ts: long commands show progress on a terminal and write nothing when stderr is not one.
 */
import * as path from "path";
import { runSynth } from "../bin/commands/synth";
import { createProgress } from "../bin/progress";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { tempDir } from "./support/plans";

const CLEAR = "\r\u001b[2K";

function fakeStream(isTTY: boolean | undefined, columns?: number) {
  const written: string[] = [];
  return { stream: { isTTY, columns, write: (text: string) => written.push(text) }, written };
}

describe("createProgress", () => {
  test("on a terminal: each step overwrites the line, done clears it once", () => {
    const { stream, written } = fakeStream(true);
    const progress = createProgress("synth", stream);
    progress.step("building mcp-dev (1/2)");
    progress.step("building mcp-prod (2/2)");
    progress.done();
    progress.done();
    expect(written).toEqual([`${CLEAR}synth: building mcp-dev (1/2)`, `${CLEAR}synth: building mcp-prod (2/2)`, CLEAR]);
  });

  test("on a terminal of known width: a long step is cut to fit on one line", () => {
    const { stream, written } = fakeStream(true, 20);
    createProgress("bench", stream).step("round 1/5, 3/7: `node dist/bin/cli.js synth`");
    expect(written).toEqual([`${CLEAR}bench: round 1/5, …`]);
    expect(written[0].length - CLEAR.length).toBe(19);
  });

  test.each([false, undefined])("not a terminal (isTTY %s): nothing is written", (isTTY) => {
    const { stream, written } = fakeStream(isTTY);
    const progress = createProgress("report", stream);
    progress.step("prod (1/3)");
    progress.done();
    expect(written).toEqual([]);
  });

  test("done before any step writes nothing", () => {
    const { stream, written } = fakeStream(true);
    createProgress("synth", stream).done();
    expect(written).toEqual([]);
  });
});

describe("synth shows its steps on a terminal", () => {
  test("building each environment, writing, checking; the line is cleared before the summary", () => {
    const dev = BUILT_IN_ENVIRONMENTS.find((environment) => environment.name === "dev")!;
    const terminal = fakeStream(true);
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(runSynth(() => [dev], { out: path.join(tempDir("progress"), "cdktf.out") }, terminal.stream)).toBe(0);
    } finally {
      stdout.mockRestore();
    }
    expect(terminal.written).toEqual([`${CLEAR}synth: building mcp-dev (1/1)`, `${CLEAR}synth: writing Terraform JSON`, `${CLEAR}synth: checking every policy rule`, CLEAR]);
  });
});
