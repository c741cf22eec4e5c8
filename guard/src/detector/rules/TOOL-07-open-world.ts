import { claimedCapabilities } from "../capabilities";
import { DetectorRule } from "../types";

/**
 * `openWorldHint: false` against a description of network access (TOOL-07): a tool declared to work in a closed domain
 * that fetches, downloads, uploads or calls out. The read-only and destructive hints are `TOOL-07-annotations`'.
 */
const rule: DetectorRule = {
  id: "TOOL-07-open-world",
  control: "TOOL-07",
  severity: "high",
  description: "Declared closed-world (openWorldHint: false) but describes network access",
  remediation:
    "Either the hint is wrong (fix the server's annotations) or the description is; if the tool connects only to its vendor's own service and you accept that reading of a closed domain, accept the finding by name with that reason.",
  check: (input) =>
    input.definition.annotations?.openWorldHint === false
      ? claimedCapabilities(input)
          .filter((claim) => claim.capability === "network")
          .map((claim) => ({ field: claim.field, detail: `annotated openWorldHint: false but describes network (${claim.detail})` }))
      : [],
};
export default rule;
