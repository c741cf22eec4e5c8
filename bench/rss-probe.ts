/**
 * Preloaded into every Node.js process of a measured command (through `NODE_OPTIONS=--require`): on exit, appends
 * `<pid> <peak RSS in KiB> <CPU time (user + system) in ms>` to the file named by `BENCH_RSS_FILE`. This works on any OS Node.js runs on, unlike
 * `/usr/bin/time`, and also sees the grandchildren a command spawns (npx → cdktf CLI → app).
 */
import * as fs from "fs";

/** The environment variable naming the file the probe appends to. */
export const RSS_FILE_VARIABLE = "BENCH_RSS_FILE";

const file = process.env[RSS_FILE_VARIABLE];
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.appendFileSync(file, `${process.pid} ${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`);
  });
}
