import { claimedCapabilities } from "../capabilities";
import { DetectorRule, RuleHit } from "../types";

/** A scope that only grants reading: `files:read`, `repo.read`, `read`, `calendar.readonly`, `items:list`. */
const READ_ONLY_SCOPE = /(?:^|[:._/-])(?:read|readonly|read-only|ro|view|list|get|search)$/i;

/**
 * What the tool says it does against the OAuth scopes declared for it (TOOL-07): a tool whose every scope only
 * grants reading but that describes writes, deletes or shell execution asks for more than its scopes grant, so the
 * scopes are wrong (callers get a write tool under a read grant) or the description is.
 */
const rule: DetectorRule = {
  id: "TOOL-07-scopes",
  control: "TOOL-07",
  severity: "high",
  description: "Declared scopes grant only reading but the tool describes writes, deletes or shell execution",
  remediation:
    "Give the tool a scope that names what it really does (e.g. files:write) so callers consent to it, or approve a definition that only reads.",
  check: (input) => {
    const scopes = input.context.scopes;
    if (scopes === undefined || scopes.length === 0 || !scopes.every((scope) => READ_ONLY_SCOPE.test(scope))) return [];
    const hits: RuleHit[] = [];
    for (const claim of claimedCapabilities(input)) {
      if (claim.capability === "network") continue;
      hits.push({ field: claim.field, detail: `scopes ${scopes.join(", ")} only read but it describes ${claim.capability} (${claim.detail})` });
    }
    return hits;
  },
};
export default rule;
