import { claimedCapabilities } from "../capabilities";
import { DetectorRule, RuleHit } from "../types";

/**
 * What the tool says it does against its MCP annotations (TOOL-07): `readOnlyHint: true` with writes, deletes or
 * shell execution described; `destructiveHint: false` with deletion described. Clients and the gateway trust these
 * hints (auto-approval, read-only sessions), so a hint that understates the tool is an escalation. `openWorldHint:
 * false` against network access is `TOOL-07-open-world`'s.
 */
const rule: DetectorRule = {
  id: "TOOL-07-annotations",
  control: "TOOL-07",
  severity: "high",
  description: "Annotations claim less than the description says the tool does",
  remediation:
    "Either the hint is wrong (fix the server's annotations: clients auto-approve read-only tools) or the description is; approve the tool only once both agree.",
  check: (input) => {
    const annotations = input.definition.annotations ?? {};
    const hits: RuleHit[] = [];
    for (const claim of claimedCapabilities(input)) {
      const conflicting =
        (annotations.readOnlyHint === true && claim.capability !== "network") || (annotations.destructiveHint === false && claim.capability === "deletes");
      if (!conflicting) continue;
      const hint = claim.capability === "deletes" && annotations.readOnlyHint !== true ? "destructiveHint: false" : "readOnlyHint: true";
      hits.push({ field: claim.field, detail: `annotated ${hint} but describes ${claim.capability} (${claim.detail})` });
    }
    return hits;
  },
};
export default rule;
