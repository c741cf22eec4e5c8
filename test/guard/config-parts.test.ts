/**
 * The guard loads a configuration split into parts (one `--config` per part, `guard/src/config/parts.ts`): the parts
 * synth would write for prod's generated configuration (split small here) join into exactly that configuration, and
 * a part dropped, repeated or out of step is refused, the dropped one by the `--tools-digest` tamper evidence.
 */
import * as fs from "fs";
import * as path from "path";
import { guardConfigParts, guardConfigText } from "../../constructs/k8s/guard-config";
import { loadGuardConfig, parseGuardConfig } from "../../guard/src/config/load";
import { GuardConfig } from "../../guard/src/config/types";
import { runGuardMain } from "./support/run-main";
import { toolsDigest } from "../../guard/src/pin";
import { guardConfigOf } from "../support/guard";
import { synthesizedPlans, tempDir } from "../support/plans";

const whole = parseGuardConfig(guardConfigOf(synthesizedPlans(), "prod"));
const size = Buffer.byteLength(guardConfigText(whole));
/** A part size that holds the largest server alone: the configuration splits into several parts. */
const partBytes = Math.max(...Object.entries(whole.servers).map(([name, server]) => Buffer.byteLength(guardConfigText({ ...whole, servers: { [name]: server } }))));
const parts = guardConfigParts(whole, partBytes);
const dir = tempDir("guard-parts");

/** Writes configurations to files `<name>-<i>.json`; returns their paths. */
function write(name: string, configs: readonly unknown[]): string[] {
  return configs.map((config, index) => {
    const file = path.join(dir, `${name}-${index + 1}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
  });
}

describe("a guard configuration in parts", () => {
  test("split, each part is a whole configuration within the size with a share of the servers, in name order", () => {
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(Buffer.byteLength(guardConfigText(part))).toBeLessThanOrEqual(partBytes);
      expect({ ...part, servers: {} }).toEqual({ ...whole, servers: {} });
    }
    expect(parts.flatMap((part) => Object.keys(part.servers))).toEqual(Object.keys(whole.servers));
  });

  test("a configuration that fits is one part, the configuration itself", () => {
    expect(guardConfigParts(whole, size)).toEqual([whole]);
  });

  test("a server that alone does not fit a part is refused by name", () => {
    const [first] = Object.keys(whole.servers);
    expect(() => guardConfigParts(whole, 2000)).toThrow(`guardConfigParts: the guard configuration of server "${first}" alone has`);
    expect(() => guardConfigParts(whole, partBytes - 1)).toThrow("more than a part holds");
  });

  test("the guard loads the parts as the whole configuration, with the whole configuration's tools digest", () => {
    const loaded = loadGuardConfig(write("split", parts));
    expect(loaded).toEqual(whole);
    expect(toolsDigest(loaded)).toBe(toolsDigest(whole));
  });

  test("a dropped part: the guard refuses to start, the tools digest no longer matches", async () => {
    const files = write("dropped", parts);
    const args = files.slice(0, -1).flatMap((file) => ["--config", file]);
    const result = await runGuardMain([...args, "--listen", "127.0.0.1:0", "--tools-digest", toolsDigest(whole)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`servers.*.tools: the approved tools' digest is ${toolsDigest(parseGuardConfig({ ...whole, servers: Object.assign({}, ...parts.slice(0, -1).map((part) => part.servers)) }))}, not --tools-digest ${toolsDigest(whole)}`);
  });

  test("a server in two parts is refused naming it and both parts", () => {
    const [name] = Object.keys(parts[0].servers);
    const repeated: GuardConfig = { ...parts[1], servers: { ...parts[1].servers, [name]: parts[0].servers[name] } };
    expect(() => loadGuardConfig(write("repeated", [parts[0], repeated, ...parts.slice(2)]))).toThrow(`servers.${name}: is in part 1 and in part 2; a server belongs to one part`);
  });

  test("a part out of step with the first in another field is refused naming the field", () => {
    const stale = { ...parts[1], threatRulePack: "0.0.0" };
    expect(() => loadGuardConfig(write("stale", [parts[0], stale, ...parts.slice(2)]))).toThrow("threatRulePack: part 2 differs from part 1");
  });

  test("a part that is not a configuration object is refused naming the part", () => {
    expect(() => loadGuardConfig(write("array", [parts[0], []]))).toThrow(`(root): part 2 of 2 is not a JSON object`);
  });
});
