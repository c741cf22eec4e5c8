import { matchPatterns } from "../patterns";
import { DetectorRule } from "../types";

/**
 * Attack payloads in a schema's values (TOOL-05): a `default`, `const`, `enum` or `examples` value that is a path
 * traversal, a request to a cloud metadata endpoint or a local file URL, an SQL injection, a shell command chained or
 * substituted into an argument, an LDAP filter injection, or a template or JNDI lookup. A model copies these values into its calls, so a
 * planted one makes the model attack the server, or whatever the server passes the argument to. The forms are the
 * classic ones of the OWASP injection and SSRF cheat sheets; descriptions are not read, since tools that test for these
 * attacks name them there. An honest default is a value the tool expects (`"ls -la"`, `"SELECT 1"`,
 * `"http://localhost:11434"`), not a way out of it.
 */
export const PATTERNS: readonly RegExp[] = [
  /(?:\.\.(?:[/\\]|%2f|%5c)){2}|(?:%2e%2e|\.%2e|%2e\.)(?:[/\\]|%2f|%5c)/i,
  /(?:^|[\s"'=:])\/(?:etc\/(?:passwd|shadow|sudoers)|proc\/self\/(?:environ|cmdline|mem))\b|\bc:\\windows\\(?:system32|win\.ini)/i,
  /\b169\.254\.169\.254\b|\bmetadata\.google\.internal\b|\b100\.100\.100\.200\b|\[?fd00:ec2::254\]?|\b(?:gopher|dict|ldap|tftp|jar):\/\/|\bfile:\/\/\/?(?:etc|proc|root|home|users|var|c:)[/\\]/i,
  /['"]\s{0,3}(?:or|and|\|\|)\s{1,3}(?:['"]?\w{1,20}['"]?\s{0,3}(?:=|like)\s{0,3}['"]?\w{1,20}|true|1\b)|['"]\s{0,3};\s{0,3}--|;\s{0,3}(?:drop|truncate|alter)\s+(?:table|database|schema|user)\b|;\s{0,3}(?:delete\s+from|insert\s+into|update\s+[\w.]{1,60}\s+set\s|shutdown\b|exec(?:ute)?\s+xp_)|\bunion(?:\s+all)?\s+select\b|\bpg_sleep\s?\(|(?:\bor|\band|;|['"])\s{0,3}sleep\s?\(\s?\d|\bbenchmark\s?\(\s?\d{4}|\bwaitfor\s+delay\b|\bxp_cmdshell\b/i,
  /(?:;|&&|\|\||\||\n)\s{0,3}(?:rm\s+-[a-z]{0,4}[rf]|curl\s|wget\s|nc\s|ncat\s|netcat\s|bash\b|sh\s+-c|zsh\s|python[23]?\s+-c|perl\s+-e|ruby\s+-e|php\s+-r|powershell\b|pwsh\b|chmod\s+[+0-7]|base64\s+-d|eval\s|cat\s+\/|whoami\b|id\s*$)|\|\s{0,3}(?:ba|z)?sh\b|\$\(\s{0,3}(?:curl|wget|cat|whoami|id|uname|nc|bash|sh|rm|echo|env|printenv)\b|`\s{0,3}(?:curl|wget|cat|whoami|id|uname|nc|bash|sh|rm|env|printenv|touch|echo|chmod|python[23]?|perl)\b[^`\n]{0,80}`|(?:;|&&|\|\|)\s{0,3}(?:echo\s[^\n]{0,200}>>|chmod\s+-R\b)|^\s{0,3}chmod\s+(?:-R\s+)?0?777\s/i,
  /\*\)\s{0,3}\((?:\||&|!)?\s{0,3}[\w-]{1,40}=\*|\)\s{0,3}\(\|\s{0,3}\(?[\w-]{1,40}=\*/,
  /\$\{\s{0,3}jndi:|\{\{[^{}\n]{0,60}(?:__class__|__globals__|__import__|__builtins__|__subclasses__|\bconfig\.items\b|\d\s?\*\s?\d)[^{}\n]{0,60}\}\}|<%=?[^%\n]{0,80}(?:runtime|process|exec|system)[^%\n]{0,80}%>/i,
];

const rule: DetectorRule = {
  id: "TOOL-05-payload",
  control: "TOOL-05",
  severity: "high",
  description: "Attack payload in a schema value (path traversal, metadata or local-file URL, SQL, shell or template injection)",
  remediation:
    "A model copies defaults, constants, enum values and examples into its calls: a payload there makes the model attack the server or what it calls. Refuse the definition, or replace the value with one the tool really expects.",
  check: (input) => matchPatterns(input, ["value"], PATTERNS),
};
export default rule;
