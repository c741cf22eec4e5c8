/**
 * The threat-pattern rule pack (`guard/rules/threat-patterns.json`, versioned data): loaded and compiled once.
 * A rule's full ID is its control ID plus its pack ID: `GW-02-path-traversal` on arguments, `PUB-02-...` on results.
 */
import { readGuardJson } from "../assets";
import { TextRule } from "./text-rules";

export type ThreatTarget = "arguments" | "results";

export interface ThreatRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: string;
  readonly flags: string;
  readonly keywords: readonly string[];
  readonly targets: readonly ThreatTarget[];
  readonly positives: readonly string[];
  readonly negatives: readonly string[];
}

export interface ThreatPack {
  readonly version: string;
  readonly rules: readonly ThreatRule[];
}

let loaded: ThreatPack | undefined;

/** The shipped pack, read from disk once per process (GW-02 and PUB-02 each compile their target's rules from it). */
export function loadThreatPack(): ThreatPack {
  loaded ??= readGuardJson("rules/threat-patterns.json") as ThreatPack;
  return loaded;
}

/** The pack's rules for one target as text rules with IDs `<control>-<rule id>`. */
export function threatRules(pack: ThreatPack, target: ThreatTarget, control: string): TextRule[] {
  return pack.rules
    .filter((rule) => rule.targets.includes(target))
    .map((rule) => ({ id: `${control}-${rule.id}`, regex: new RegExp(rule.pattern, `${rule.flags.replace(/g/g, "")}g`), keywords: rule.keywords }));
}
