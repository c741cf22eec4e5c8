/** DLP-01 secret rules (`guard/rules/secrets.json`, gitleaks-derived data) as text rules `DLP-01-<id>`. */
import { readGuardJson } from "../assets";
import { TextRule } from "../patterns/text-rules";

export interface SecretRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: string;
  readonly flags: string;
  readonly keywords: readonly string[];
  /** Test strings, each stored as parts joined at test time. */
  readonly positives: readonly (readonly string[])[];
  readonly negatives: readonly (readonly string[])[];
}

export interface SecretPack {
  readonly version: string;
  readonly rules: readonly SecretRule[];
}

export function loadSecretPack(): SecretPack {
  return readGuardJson("rules/secrets.json") as SecretPack;
}

export function secretRules(pack: SecretPack = loadSecretPack()): TextRule[] {
  return pack.rules.map((rule) => ({ id: `DLP-01-${rule.id}`, regex: new RegExp(rule.pattern, `${rule.flags}g`), keywords: rule.keywords }));
}
