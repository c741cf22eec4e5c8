/**
 * The registry of the guard's checks, in the order they run (per phase). Adding a check: one file named by its
 * control ID in this folder, one line here.
 */
import { Check } from "../pipeline/check";
import { TS01 } from "./TS-01";
import { TS01List } from "./TS-01-list";
import { TOOL08Call, TOOL08List } from "./TOOL-08";

export const CHECKS: readonly Check[] = [
  // request phase
  TS01,
  TOOL08Call,
  // response phase
  TOOL08List,
  TS01List,
];
