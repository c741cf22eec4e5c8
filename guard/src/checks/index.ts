/**
 * The registry of the guard's checks, in the order they run (per phase). Adding a check: one file named by its
 * control ID in this folder, one line here.
 */
import { Check } from "../pipeline/check";
import { TS01 } from "./TS-01";
import { TS01List } from "./TS-01-list";

export const CHECKS: readonly Check[] = [
  // request phase
  TS01,
  // response phase
  TS01List,
];
