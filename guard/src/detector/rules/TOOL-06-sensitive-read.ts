import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** A browser's cookie or saved-login store, by its path. */
const BROWSER_STORE = String.raw`\b(?:Chrome|Chromium|Firefox|Edge|Brave[\w-]{0,20})\/[^\n]{0,80}\/(?:Cookies|Login Data)\b`;

/** Requests to read credentials, keys, configuration or the environment (TOOL-06), in English and in the languages of `../multilingual.ts`. */
const SECRET_FILE = String.raw`(?:(?:~|\$HOME|%USERPROFILE%|\/home\/[\w.-]{1,32}|\/root)\/\.(?:ssh|aws|kube|gnupg|docker|config|netrc|npmrc|pypirc|git-credentials|cursor|claude|bash_history|zsh_history)\b|\b(?:id_rsa|id_ed25519|id_ecdsa|authorized_keys|known_hosts)\b|\/etc\/(?:passwd|shadow|sudoers|hosts)\b|(?<![\w.-])(?:mcp|claude_desktop_config|credentials?|secrets?)\.json\b|(?<![\w.-])\.env\b|\.vault-token\b|\bterraform\.tfstate\b|\.terraformrc\b|\.pgpass\b|\.git-credentials\b|${BROWSER_STORE})`;

const READ = String.raw`\b(?:contents?\sof|read|reads|cat|open|load|fetch|get|collect|extract|dump|print|include|attach|send|pass|copy|upload|paste|provide|forward|share|grab|look up|find|locate|quote)\b`;

/**
 * Requests to read credentials, keys, configuration or the environment (TOOL-06), in English and in the languages of
 * `../multilingual.ts`: a secret file named with a verb that reads or moves it, or secrets, keys, cookies or the
 * environment of the user, the machine or the session asked for. A tool that manages secrets by design ("List all
 * secrets in the vault", "Get wallet balance") names what it manages, not whose secrets to hand over.
 */
export const PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`${READ}[^.\n]{0,60}${SECRET_FILE}|${SECRET_FILE}[^.\n]{0,60}\b(?:as|in|into|to)\s(?:the\s)?['"\x60]?\w{1,40}['"\x60]?\s(?:parameter|argument|field)\b`, "i"),
  new RegExp(String.raw`${READ}\s(?:the\s|all\s|any\s|every\s)?(?:contents?\sof\s(?:the\s)?)?(?:(?:user'?s?|your|their|his|her|local|machine's|system's|session's|browser's|developer's|host's)\s)(?:browser\s|saved\s|stored\s|session\s|local\s)?(?:private keys?|ssh keys?|api[\s_-]?keys?|secret keys?|access keys?|access tokens?|auth(?:entication)? tokens?|session tokens?|passwords?|credentials|secrets|cookies|env(?:ironment)? (?:variables|vars)|wallet (?:keys?|seed)|seed phrase|mnemonic)`, "i"),
  /\b(?:collect|dump|extract|send|pass|include|upload|copy)\s(?:all\s|every\s)?(?:the\s)?(?:env(?:ironment)? (?:variables|vars)|process\.env|aws_secret_access_key)\b/i,
  /\b(?:AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|GITHUB_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY)\b/,
  /\b(?:set (?:it |this )?to|pass|include|put|send|fill (?:it |this )?with)\s(?:the\s)?(?:value|contents?) of (?:the\s)?(?:\$?[A-Z][A-Z0-9_]{2,40}\s)?(?:environment|env)\s?(?:variable|var)s?\b/i,
  multilingualPattern("sensitive-read"),
];

/**
 * Values (defaults, constants, enum values, examples) that point a tool at a file only an attacker wants read: shell
 * histories, browser cookie and login stores, stored git and Vault credentials, the shadow file, or "the contents of" a
 * key written as one identifier (`contents_of_home_ssh_id_rsa`). Key and configuration paths an honest client uses
 * (`~/.ssh/id_ed25519` for an SSH tool, `.env` for a dotenv tool) are not among them.
 */
const VALUE_PATTERNS: readonly RegExp[] = [
  /(?:^|[\s"'=:(])(?:~|\$HOME|\/root|\/home\/[\w.-]{1,32})\/\.(?:bash|zsh|sh|fish|python|psql|mysql|node_repl)_history\b|\.git-credentials\b|\.vault-token\b|\/etc\/shadow\b/i,
  new RegExp(BROWSER_STORE),
  /\bcontents?[_\s-]of[_\s-](?:[a-z]{1,10}[_\s-]){0,3}(?:ssh[_\s-])?(?:id[_\s-](?:rsa|ed25519|ecdsa|dsa)|private[_\s-]keys?|credentials|secrets?|tokens?|passwords?|shadow|bash[_\s-]history)\b/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-sensitive-read",
  control: "TOOL-06",
  severity: "critical",
  description: "Asks for credentials, keys, configuration files or environment variables",
  remediation:
    "A tool's definition should never ask the model to read secrets or configuration; if the tool really handles credentials, it must get them from its own secret mount, not from the model.",
  check: (input) => [...matchPatterns(input, PROSE, PATTERNS), ...matchPatterns(input, ["value"], VALUE_PATTERNS)],
};
export default rule;
