/** Removes the plans test/global-setup.ts synthesized. */
import * as fs from "fs";
import { SHARED_PLANS_VARIABLE } from "./support/shared-plans";

export default function globalTeardown(): void {
  const dir = process.env[SHARED_PLANS_VARIABLE];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
