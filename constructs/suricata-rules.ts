/**
 * Suricata rules as typed data, rendered to the `rules_string` of an AWS Network Firewall stateful rule group.
 * Rendering checks what Network Firewall would otherwise reject at deploy time, or accept and misreport: unique
 * signature IDs, and messages that need no escaping.
 */

/** What a rule does when it matches. Under strict order, `pass`, `drop` and `reject` end the evaluation. */
export type SuricataAction = "pass" | "drop" | "reject" | "alert";

/** One Suricata rule: `action protocol source sourcePort direction destination destinationPort (options)`. */
export interface SuricataRule {
  readonly action: SuricataAction;
  /** Protocol or application-layer protocol: `ip`, `tcp`, `udp`, `icmp`, `tls`, `http`, `ssh`, ... */
  readonly protocol: string;
  /** Source addresses, e.g. `$HOME_NET`. */
  readonly source: string;
  /** Source ports, e.g. `any`. */
  readonly sourcePort: string;
  /** `->` one way, `<>` both ways. @default "->" */
  readonly direction?: "->" | "<>";
  /** Destination addresses, e.g. `$EXTERNAL_NET`. */
  readonly destination: string;
  /** Destination ports, e.g. `443`, `[53,853]`, `!443`. */
  readonly destinationPort: string;
  /** The alert message: letters, digits, spaces and simple punctuation, no `"`, `;` or `\`. */
  readonly msg: string;
  /** Match options between `msg` and `sid`, in order, each `keyword` or `keyword:value` without the `;`. */
  readonly options: readonly string[];
  /** Signature ID, unique across every rule group of the policy so alerts name one rule. */
  readonly sid: number;
}

const UNSAFE_MESSAGE = /["';\\]/;

/** One rule in Suricata syntax. */
export function renderSuricataRule(rule: SuricataRule): string {
  if (UNSAFE_MESSAGE.test(rule.msg)) throw new Error(`Suricata rule ${rule.sid}: msg must not contain quotes, ";" or "\\", got "${rule.msg}".`);
  if (!Number.isInteger(rule.sid) || rule.sid < 1) throw new Error(`Suricata rule "${rule.msg}": sid must be a positive integer, got ${rule.sid}.`);
  const options = [`msg:"${rule.msg}"`, ...rule.options, `sid:${rule.sid}`, "rev:1"];
  const header = [rule.action, rule.protocol, rule.source, rule.sourcePort, rule.direction ?? "->", rule.destination, rule.destinationPort];
  return `${header.join(" ")} (${options.map((option) => `${option};`).join(" ")})`;
}

/** A rule group's `rules_string`: one rule per line, in evaluation order; signature IDs must be unique. */
export function renderSuricataRules(rules: readonly SuricataRule[]): string {
  const seen = new Set<number>();
  for (const rule of rules) {
    if (seen.has(rule.sid)) throw new Error(`Suricata sid ${rule.sid} is used twice; every rule needs its own sid.`);
    seen.add(rule.sid);
  }
  return `${rules.map(renderSuricataRule).join("\n")}\n`;
}
