/**
 * The registry of the guard's checks, in the order they run (per phase). Adding a check: one file named by its
 * control ID in this folder, one line here.
 */
import { Check } from "../pipeline/check";
import { AUTH04 } from "./AUTH-04";
import { CV01 } from "./CV-01";
import { CV03 } from "./CV-03";
import { CV04 } from "./CV-04";
import { JIT01 } from "./JIT-01";
import { PUB01 } from "./PUB-01";
import { TS01 } from "./TS-01";
import { TS01List } from "./TS-01-list";

export const CHECKS: readonly Check[] = [
  // request phase
  CV01,
  AUTH04,
  CV04,
  PUB01,
  TS01,
  CV03,
  JIT01,
  // response phase
  TS01List,
];
