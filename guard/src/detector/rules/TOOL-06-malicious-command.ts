import { matchPatterns } from "../patterns";
import { DetectorRule } from "../types";

const HOST = String.raw`(?:https?:\/\/|\b[\w-]{1,63}(?:\.[\w-]{1,63})+\/|\b\d{1,3}(?:\.\d{1,3}){3}\b)`;

/**
 * Commands no honest definition hands the model (TOOL-06), in its prose or its values: a download piped into a shell
 * or interpreter (`curl https://… | sh`, `iwr … | iex`) or substituted into a command, reverse shells (`/dev/tcp/…`,
 * `nc <ip> <port>`, `bash -i >&`), backdoors and covering tracks (a key appended to `authorized_keys`, `NOPASSWD: ALL`,
 * `setenforce 0`, `HISTFILE=/dev/null`, `chmod 777` or `rm -rf` on `/`), and hidden PowerShell. The forms are the
 * classic ones of MITRE ATT&CK's command-and-scripting (T1059), ingress transfer (T1105) and account manipulation
 * (T1098.004) techniques. Each needs its concrete shape (a host to download from, an address to connect to, the root
 * directory), so a scanner that names "piping curl into sh" as a risk stays clean; a shell tool's honest examples
 * (`ls -la | grep x`) are not these.
 */
export const PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|fetch)\b[^|\n]{0,200}?${HOST}[^|\n]{0,200}\|\s{0,3}(?:sudo\s+)?(?:(?:ba|z|da|k)?sh\b|iex\b|invoke-expression\b|(?:python[23]?|perl|ruby|node)(?=\s{0,3}(?:-(?:\s|$)|$|[;&|)'"])))`, "i"),
  new RegExp(String.raw`\$\(\s{0,3}(?:curl|wget)\s[^)\n]{0,200}?${HOST}[^)\n]{0,200}\)`, "i"),
  /\/dev\/(?:tcp|udp)\/[\w.-]{1,253}\/\d{1,5}|\bbash\s+-i\s+>&|\b(?:nc|ncat|netcat)\s+(?:-[a-z]{1,3}\s+){0,3}\d{1,3}(?:\.\d{1,3}){3}\s+\d{2,5}\b|\bnc(?:at)?\s[^\n]{0,60}\s-e\s+\/bin\/(?:ba)?sh\b/i,
  /(?:>>|\btee\s+-a)\s{0,3}(?:~|\$HOME|\/root|\/home\/[\w.-]{1,32})?\/?\.ssh\/authorized_keys\b/i,
  /\bNOPASSWD\s?:\s?ALL\b|\bsudoers\b[^.\n]{0,40}\bNOPASSWD\b|\bsetenforce\s+0\b|\bHISTFILE=\/dev\/null\b|\bunset\s+HISTFILE\b/i,
  /\bchmod\s+(?:-R\s+)?0?777\s+(?:-R\s+)?\/(?=$|[\s;|&'"`)])|\brm\s+-(?:rf|fr|r)\s+(?:--no-preserve-root\s+)?\/(?:\*|(?=$|[\s;|&'"`)]))/i,
  /\bpowershell(?:\.exe)?\s[^\n]{0,40}-(?:w(?:indowstyle)?\s+hidden|enc(?:odedcommand)?\s)/i,
  /\bpython[23]?\s+-c\s+['"][^'"\n]{0,80}\bos\.system\s?\(/i,
  /\|\s{0,3}curl\s[^\n]{0,40}(?:-d|--data(?:-binary|-raw)?|-T|--upload-file)\s{0,3}@-/i,
];

const rule: DetectorRule = {
  id: "TOOL-06-malicious-command",
  control: "TOOL-06",
  severity: "critical",
  description: "Hands the model a malicious command (download-and-run, reverse shell, backdoor, covering tracks)",
  remediation:
    "The quoted command downloads and runs code, opens a shell to a remote host, plants access or hides activity; no tool needs the model to run it. Refuse the definition.",
  check: (input) => matchPatterns(input, ["description", "parameter-description", "value"], PATTERNS),
};
export default rule;
