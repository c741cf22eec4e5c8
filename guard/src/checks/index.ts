/**
 * The registry of the guard's checks, in the order they run (per phase). Adding a check: one file named by its
 * control ID in this folder, one line here.
 */
import { Check } from "../pipeline/check";
import { AUTH04 } from "./AUTH-04";
import { CV01 } from "./CV-01";
import { CV03 } from "./CV-03";
import { CV04 } from "./CV-04";
import { DLP00 } from "./DLP-00";
import { DLP01 } from "./DLP-01";
import { DLP02 } from "./DLP-02";
import { DLP03 } from "./DLP-03";
import { DLP04 } from "./DLP-04";
import { GW02 } from "./GW-02";
import { IO00 } from "./IO-00";
import { IO01 } from "./IO-01";
import { IO02 } from "./IO-02";
import { IO05 } from "./IO-05";
import { IO06 } from "./IO-06";
import { IO07 } from "./IO-07";
import { JIT01 } from "./JIT-01";
import { PUB01 } from "./PUB-01";
import { PUB02 } from "./PUB-02";
import { TS01 } from "./TS-01";
import { TS01List } from "./TS-01-list";
import { TOOL08Call, TOOL08List } from "./TOOL-08";

export const CHECKS: readonly Check[] = [
  // request phase: cheap bounds first, then the caller's token (CV-01, AUTH-04, CV-04, PUB-01), shape, approval, what
  // the called tool demands of the token (CV-03, JIT-01), normalization, and what reads the normalized arguments
  IO02,
  CV01,
  AUTH04,
  CV04,
  PUB01,
  IO00,
  TS01,
  TOOL08Call,
  CV03,
  JIT01,
  IO06,
  IO01,
  IO05,
  GW02,
  IO07,
  // response phase: size, shape, then list filtering (pins, then approval) and the output filters
  DLP03,
  DLP00,
  TOOL08List,
  TS01List,
  PUB02,
  DLP01,
  DLP02,
  DLP04,
];
