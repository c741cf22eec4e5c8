/**
 * TOOL-08 (integrity verification) and PROV-02 (the approved registry), at runtime: the rug-pull defence.
 *
 * `tools/list` results: every listed tool is compared with its pin (SHA-256 over the canonical JSON of its pinned
 * fields, `pin.ts`). A tool whose definition differs from its pin, or that is not approved at all, is removed from the
 * result, scanned by the poisoning detector, and reported once per distinct change as an audit event
 * `mcp.guard.tool_changed` (and the `mcp.guard.tool_changes` metric, which the environment alarms on). From then on a
 * `tools/call` to a changed tool is `PERMISSION_DENIED` until the guard is restarted with a config that re-pins it:
 * the server is no longer serving what was approved.
 *
 * At load, every approved definition is scanned with the detector: a finding that the tool's overrides do not
 * accept refuses the config (synth and validate refuse it first; this is the guard's own check of what it loads).
 *
 * What a replica knows of changes is its own: another replica denies calls to a changed tool once it has seen a
 * `tools/list` with the change (clients list before they call).
 */
import { GuardConfig, JsonValue } from "../config/types";
import { scanTool } from "../detector";
import { Check, CheckEvent, ConfigError, JsonObject, PASS, deny, isObject, mutated } from "../pipeline/check";
import { pinnedDefinition, toolPin } from "../pin";
import { approvedToolFor } from "./TS-01-list";

/** The audit event of a changed or unknown listed tool. */
export const TOOL_CHANGED_EVENT = "mcp.guard.tool_changed";

/** What the replica has seen, shared by the list and call halves of one compiled config. */
interface IntegrityState {
  /** `server/tool` of approved tools whose listed definition differed from the pin. */
  readonly changed: Set<string>;
  /** `server/tool/pin` already reported. */
  readonly reported: Set<string>;
  /** Last listed JSON text per `server/tool` that matched its pin: the same text again needs no re-hash. */
  readonly matching: Map<string, string>;
}

const STATES = new WeakMap<GuardConfig, IntegrityState>();

function stateFor(config: GuardConfig): IntegrityState {
  let state = STATES.get(config);
  if (!state) {
    state = { changed: new Set(), reported: new Set(), matching: new Map() };
    STATES.set(config, state);
  }
  return state;
}

/** The scan of approved definitions at load: any unaccepted finding refuses the config. */
function scanApproved(config: GuardConfig): void {
  for (const [server, serverConfig] of Object.entries(config.servers)) {
    for (const [name, tool] of Object.entries(serverConfig.tools)) {
      const accepted = new Set(tool.overrides.map((override) => override.rule));
      const finding = scanTool(tool.definition, { scopes: tool.scopes }).find((candidate) => !accepted.has(candidate.rule));
      if (finding) {
        throw new ConfigError(
          `servers.${server}.tools.${name}.definition`,
          `the poisoning detector reports ${finding.rule} (${finding.severity}) in ${finding.field}; fix the definition or accept the rule in the tool's overrides with a justification`,
        );
      }
    }
  }
}

function changeEvent(server: string, tool: string, change: "changed" | "unknown", pin: string, approvedPin: string | undefined, definition: JsonObject): CheckEvent {
  const findings = scanTool(pinnedDefinition(definition)).map((finding) => finding.rule);
  return {
    event: TOOL_CHANGED_EVENT,
    server,
    tool,
    rules: [change === "changed" ? "TOOL-08-definition-changed" : "TOOL-08-unknown-tool", ...new Set(findings)],
    details: { change, listedPin: pin, ...(approvedPin ? { approvedPin } : {}) },
  };
}

export const TOOL08List: Check = {
  id: "TOOL-08-list",
  control: "TOOL-08",
  description: "A tools/list result shows only tools whose definitions equal their pins; changed and unknown tools are removed and reported once per change.",
  phase: "response",
  methods: ["tools/list"],
  // A pass means every listed tool equals its pin; the state only speeds that up and reports changes, which are not passes.
  repeatable: true,
  compile: (config) => {
    scanApproved(config);
    const state = stateFor(config);
    return (ctx) => {
      const result = ctx.message;
      if (!isObject(result) || !Array.isArray(result.tools)) return PASS;
      const kept: JsonValue[] = [];
      const events: CheckEvent[] = [];
      const rules = new Set<string>();
      for (const listed of result.tools as readonly JsonValue[]) {
        if (!isObject(listed) || typeof listed.name !== "string") continue;
        const approved = approvedToolFor(ctx, listed.name);
        const key = approved ? `${approved.server}/${approved.tool}` : `${ctx.server}/${listed.name}`;
        const text = JSON.stringify(listed);
        if (approved && state.matching.get(key) === text) {
          kept.push(listed);
          continue;
        }
        const definition = approved ? { ...listed, name: approved.tool } : listed;
        const pin = toolPin(pinnedDefinition(definition));
        const approvedPin = approved ? ctx.config.servers[approved.server].tools[approved.tool].pin : undefined;
        if (approved && pin === approvedPin) {
          state.matching.set(key, text);
          kept.push(listed);
          continue;
        }
        const change = approved ? "changed" : "unknown";
        const rule = change === "changed" ? "TOOL-08-definition-changed" : "TOOL-08-unknown-tool";
        rules.add(rule);
        if (approved) state.changed.add(key);
        const reportKey = `${key}/${pin}`;
        if (!state.reported.has(reportKey)) {
          state.reported.add(reportKey);
          const [server, tool] = approved ? [approved.server, approved.tool] : [ctx.server, listed.name];
          events.push(changeEvent(server, tool, change, pin, approvedPin, definition));
        }
      }
      if (kept.length === result.tools.length) return PASS;
      return { ...mutated({ ...result, tools: kept }, [...rules]), events };
    };
  },
};

export const TOOL08Call: Check = {
  id: "TOOL-08-call",
  control: "TOOL-08",
  description: "A tools/call to a tool whose listed definition no longer equals its pin is refused.",
  phase: "request",
  methods: ["tools/call"],
  compile: (config) => {
    const state = stateFor(config);
    return (ctx) =>
      ctx.tool !== undefined && state.changed.has(`${ctx.server}/${ctx.tool}`)
        ? deny("PERMISSION_DENIED", "TOOL-08-definition-changed", `the server now lists a definition of this tool that differs from its pin; re-review and re-pin it (mcp-harden tools diff, tools pin)`)
        : PASS;
  },
};
