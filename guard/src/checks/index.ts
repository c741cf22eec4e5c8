/**
 * The registry of the guard's checks, in the order they run (per phase). Adding a check: one file named by its
 * control ID in this folder, one line here.
 */
import { Check } from "../pipeline/check";
import { IO00 } from "./IO-00";
import { IO01 } from "./IO-01";
import { IO02 } from "./IO-02";
import { IO06 } from "./IO-06";
import { IO07 } from "./IO-07";
import { TS01 } from "./TS-01";
import { TS01List } from "./TS-01-list";

export const CHECKS: readonly Check[] = [
  // request phase: bounds before parsing work, shape, approval, normalization, then what reads the normalized arguments
  IO02,
  IO00,
  TS01,
  IO06,
  IO01,
  IO07,
  // response phase
  TS01List,
];
