import { matchPatterns, PROSE } from "../patterns";
import { multilingualPattern } from "../multilingual";
import { DetectorRule } from "../types";

/** Requests to read credentials, keys, configuration or the environment (TOOL-06), in English and in the languages of `../multilingual.ts`. */
export const PATTERNS: readonly RegExp[] = [
  /(?:~|\$HOME|%USERPROFILE%|\/home\/[\w.-]{1,32}|\/root)\/\.(?:ssh|aws|kube|gnupg|docker|config|netrc|npmrc|pypirc|git-credentials|cursor|claude|bash_history|zsh_history)\b/i,
  /\b(?:id_rsa|id_ed25519|id_ecdsa|authorized_keys|known_hosts)\b/i,
  /\/etc\/(?:passwd|shadow|sudoers|hosts)\b/i,
  /\b(?:mcp|claude_desktop_config|cursor|settings|credentials?|secrets?)\.json\b/i,
  /\b(?:read|cat|open|load|get|fetch|collect|extract|dump|print|list|access|include|attach|send|pass|copy)\s(?:the\s|all\s|any\s|its\s|their\s|your\s)?(?:contents?\sof\s(?:the\s)?)?(?:user'?s?\s)?(?:browser\s|saved\s|stored\s|session\s)?(?:private keys?|ssh keys?|api[\s_-]?keys?|secret keys?|access keys?|access tokens?|auth(?:entication)? tokens?|session tokens?|passwords?|credentials|secrets|cookies|\.env\b|env(?:ironment)? (?:variables|vars)|process\.env|aws_secret_access_key|wallet|seed phrase|mnemonic)/i,
  /\b(?:AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|GITHUB_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY)\b/,
  /\b(?:set (?:it |this )?to|pass|include|put|send|fill (?:it |this )?with)\s(?:the\s)?(?:value|contents?) of (?:the\s)?(?:\$?[A-Z][A-Z0-9_]{2,40}\s)?(?:environment|env)\s?(?:variable|var)s?\b/i,
  multilingualPattern("sensitive-read"),
];

const rule: DetectorRule = {
  id: "TOOL-06-sensitive-read",
  control: "TOOL-06",
  severity: "critical",
  description: "Asks for credentials, keys, configuration files or environment variables",
  remediation:
    "A tool's definition should never ask the model to read secrets or configuration; if the tool really handles credentials, it must get them from its own secret mount, not from the model.",
  check: (input) => matchPatterns(input, PROSE, PATTERNS),
};
export default rule;
