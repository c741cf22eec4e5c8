/**
 * The control catalog: every control of the MCP security framework (`controls.md`), as typed data in catalog
 * order, with the seed section and lines each one quotes. Generated once from the catalog document
 * `controls.md` (its per-control headings and ID index); when the document changes, change this data with it.
 */

/**
 * How far infrastructure-as-code can prove a control:
 * - `IaC`: every requirement is a property of the synthesized Terraform JSON or Kubernetes manifests;
 * - `IaC+runtime`: IaC deploys the mechanism, but its effect is runtime behaviour that a snapshot can only show
 *   is wired in, not that it works;
 * - `process`: organizational, out of scope for infrastructure, which can at most support it.
 */
export type ControlClass = "IaC" | "IaC+runtime" | "process";

/** One control of the catalog. */
export interface Control {
  /** Control ID, `<PREFIX>-<NN>` with an optional sub-bullet letter, e.g. `NET-01`, `IR-02a`. */
  readonly id: string;
  /** Short title. */
  readonly title: string;
  /** The seed section it comes from, e.g. `A.1 Network segmentation and micro-segmentation`. */
  readonly section: string;
  /** The seed lines it quotes, e.g. `L20–26`. */
  readonly lines: string;
  /** How far infrastructure-as-code can prove it. */
  readonly class: ControlClass;
  /**
   * For a process control the blueprint supports: the artifact that makes the process cheap and checkable, and where
   * it is checked. @default none
   */
  readonly artifact?: string;
}

/** The artifact of the onboarding and re-certification process controls. */
const ONBOARDING_RECORD =
  "mcpServers[].onboarding in the environment config (owner, purpose, data classification, permissions rationale, approver, approval day, review interval), required by validate; synthesized onto each server's namespace (rule tool-02-onboarding-records) and listed with its next review date by mcp-harden report; validate and synth refuse a production server past its review date";

/** Every control, in catalog order. */
export const CONTROLS: readonly Control[] = [
  { id: "NET-01", title: "Dedicated MCP security zone", section: "A.1 Network segmentation and micro-segmentation", lines: "L20–26", class: "IaC" },
  { id: "NET-02", title: "Service mesh", section: "A.1 Network segmentation and micro-segmentation", lines: "L28–32", class: "IaC" },
  { id: "NET-03", title: "Application-layer filtering gateway", section: "A.1 Network segmentation and micro-segmentation", lines: "L34–38", class: "IaC+runtime" },
  { id: "NET-04", title: "End-to-end encryption", section: "A.1 Network segmentation and micro-segmentation", lines: "L40–44", class: "IaC+runtime" },
  { id: "GW-01", title: "Strict protocol validation", section: "A.2 Application gateway security controls", lines: "L57–61", class: "IaC+runtime" },
  { id: "GW-02", title: "Threat-detection patterns", section: "A.2 Application gateway security controls", lines: "L63–69", class: "IaC+runtime" },
  { id: "GW-03", title: "Rate limiting and anti-automation", section: "A.2 Application gateway security controls", lines: "L71–75", class: "IaC" },
  { id: "GW-04", title: "Comprehensive request tracing", section: "A.2 Application gateway security controls", lines: "L77–81", class: "IaC+runtime" },
  { id: "CTR-00", title: "Hardened container environments only", section: "A.3 Secure containerization and orchestration", lines: "L92", class: "IaC" },
  { id: "CTR-01", title: "Immutable infrastructure", section: "A.3 Secure containerization and orchestration", lines: "L94–96", class: "IaC" },
  { id: "CTR-02", title: "Restricted privileges", section: "A.3 Secure containerization and orchestration", lines: "L98–100", class: "IaC" },
  { id: "CTR-03", title: "Resource-allocation limits", section: "A.3 Secure containerization and orchestration", lines: "L102–106", class: "IaC" },
  { id: "CTR-04", title: "Seccomp and AppArmor/SELinux", section: "A.3 Secure containerization and orchestration", lines: "L108–114", class: "IaC" },
  { id: "CTR-05", title: "Regular vulnerability scanning", section: "A.3 Secure containerization and orchestration", lines: "L116–118", class: "IaC+runtime" },
  { id: "HOST-00", title: "Deploy EDR or HIDS on hosts/VMs", section: "A.4 Host-based security monitoring", lines: "L133", class: "IaC" },
  { id: "HOST-01", title: "MCP-specific behavioural rules", section: "A.4 Host-based security monitoring", lines: "L135–139", class: "IaC+runtime" },
  { id: "HOST-02", title: "File integrity monitoring (FIM)", section: "A.4 Host-based security monitoring", lines: "L141–145", class: "IaC+runtime" },
  { id: "HOST-03", title: "Memory analysis", section: "A.4 Host-based security monitoring", lines: "L147–149", class: "IaC+runtime" },
  { id: "AUTH-01", title: "Strong client and user authentication", section: "A.5 Advanced OAuth 2.0+ implementation", lines: "L162–164", class: "IaC+runtime" },
  { id: "AUTH-02", title: "Narrowly scoped access tokens", section: "A.5 Advanced OAuth 2.0+ implementation", lines: "L166–168", class: "IaC+runtime" },
  { id: "AUTH-03", title: "Audience restriction", section: "A.5 Advanced OAuth 2.0+ implementation", lines: "L170–172", class: "IaC" },
  { id: "AUTH-04", title: "Sender-constrained tokens", section: "A.5 Advanced OAuth 2.0+ implementation", lines: "L174–176", class: "IaC+runtime" },
  { id: "AUTH-05", title: "Regular key rotation", section: "A.5 Advanced OAuth 2.0+ implementation", lines: "L178–180", class: "IaC+runtime" },
  { id: "TOOL-01", title: "Security-review checkpoints", section: "A.6 Tool and prompt security management", lines: "L201–205", class: "IaC+runtime" },
  { id: "TOOL-02", title: "Clear documentation", section: "A.6 Tool and prompt security management", lines: "L207–209", class: "process", artifact: ONBOARDING_RECORD },
  { id: "TOOL-03", title: "Systematic approval procedure", section: "A.6 Tool and prompt security management", lines: "L211–213", class: "process", artifact: ONBOARDING_RECORD },
  { id: "TOOL-04", title: "Periodic re-certification", section: "A.6 Tool and prompt security management", lines: "L215–217", class: "process", artifact: ONBOARDING_RECORD },
  { id: "TOOL-05", title: "Structured validation and sanitization", section: "A.6 Tool and prompt security management", lines: "L230–234", class: "IaC+runtime" },
  { id: "TOOL-06", title: "Malicious-pattern detection", section: "A.6 Tool and prompt security management", lines: "L236–240", class: "IaC+runtime" },
  { id: "TOOL-07", title: "Permission verification", section: "A.6 Tool and prompt security management", lines: "L242–244", class: "IaC+runtime" },
  { id: "TOOL-08", title: "Integrity verification", section: "A.6 Tool and prompt security management", lines: "L246–248", class: "IaC+runtime" },
  { id: "TOOL-09", title: "Behavioural baseline", section: "A.6 Tool and prompt security management", lines: "L261–265", class: "IaC+runtime" },
  { id: "TOOL-10", title: "Dynamic analysis / sandboxing", section: "A.6 Tool and prompt security management", lines: "L267–271", class: "IaC+runtime" },
  { id: "TOOL-11", title: "AI/ML-based detection", section: "A.6 Tool and prompt security management", lines: "L273–277", class: "IaC+runtime" },
  { id: "TOOL-12", title: "Security-telemetry correlation", section: "A.6 Tool and prompt security management", lines: "L279–283", class: "IaC+runtime" },
  { id: "ZT-01", title: "No implicit trust; continuously verify every access", section: "B.1 Zero-trust security model", lines: "L298, L306–310", class: "IaC+runtime" },
  { id: "JIT-00", title: "Eliminate standing privileges", section: "B.2 Just-in-time access", lines: "L314–322", class: "IaC+runtime" },
  { id: "JIT-01", title: "Dynamic, time-limited access", section: "B.2 Just-in-time access", lines: "L324–326", class: "IaC+runtime" },
  { id: "JIT-02", title: "Context-aware access decisions", section: "B.2 Just-in-time access", lines: "L328–330", class: "IaC+runtime" },
  { id: "JIT-03", title: "Purpose-based authorization", section: "B.2 Just-in-time access", lines: "L332–334", class: "IaC+runtime" },
  { id: "JIT-04", title: "Real-time access revocation", section: "B.2 Just-in-time access", lines: "L336–338", class: "IaC+runtime" },
  { id: "JIT-05", title: "Multi-step / multi-tool access", section: "B.2 Just-in-time access", lines: "L340–342", class: "IaC+runtime" },
  { id: "CV-01", title: "Per-request authorization check", section: "B.3 Continuous verification and monitoring", lines: "L359–361", class: "IaC+runtime" },
  { id: "CV-02", title: "Behavioural anomaly detection", section: "B.3 Continuous verification and monitoring", lines: "L363–365", class: "IaC+runtime" },
  { id: "CV-03", title: "Risk-based step-up authentication", section: "B.3 Continuous verification and monitoring", lines: "L367–371", class: "IaC+runtime" },
  { id: "CV-04", title: "Session monitoring and trust re-evaluation", section: "B.3 Continuous verification and monitoring", lines: "L373–375", class: "IaC+runtime" },
  { id: "PROV-01", title: "Mandatory code signing", section: "B.4 Cryptographic verification of tool provenance and integrity", lines: "L388–392", class: "IaC+runtime" },
  { id: "PROV-02", title: "Secure tool registry", section: "B.4 Cryptographic verification of tool provenance and integrity", lines: "L394–398", class: "IaC+runtime" },
  { id: "PROV-03", title: "Supply-chain security", section: "B.4 Cryptographic verification of tool provenance and integrity", lines: "L400–404", class: "IaC+runtime" },
  { id: "IO-00", title: "Schema validation at every MCP entry point", section: "B.5 Input/output validation framework", lines: "L419", class: "IaC+runtime" },
  { id: "IO-01", title: "Data type and format validation", section: "B.5 Input/output validation framework", lines: "L421–423", class: "IaC+runtime" },
  { id: "IO-02", title: "String-length and value-range limits", section: "B.5 Input/output validation framework", lines: "L425–429", class: "IaC+runtime" },
  { id: "IO-03", title: "Recursive validation", section: "B.5 Input/output validation framework", lines: "L431–433", class: "IaC+runtime" },
  { id: "IO-04", title: "Reject unknown fields", section: "B.5 Input/output validation framework", lines: "L435–439", class: "IaC+runtime" },
  { id: "IO-05", title: "Context-specific escaping/encoding", section: "B.5 Input/output validation framework", lines: "L452–458", class: "process", artifact: "mcpServers[].tools[].sinks in the environment config (a JSON Pointer to a string argument and its sink: sql, shell, path, url, html), checked against the approved inputSchema by validate, enforced by the guard (guard/src/checks/IO-05.ts; rule io-05-guard-sinks-resolve on the deployed config); the README (\"IO-05: what server authors still do\") lists the encoding each sink still needs on the server's side" },
  { id: "IO-06", title: "Input normalization", section: "B.5 Input/output validation framework", lines: "L460–464", class: "IaC+runtime" },
  { id: "IO-07", title: "Semantic validation", section: "B.5 Input/output validation framework", lines: "L466–468", class: "IaC+runtime" },
  { id: "IO-08", title: "Cross-field logical consistency", section: "B.5 Input/output validation framework", lines: "L470–472", class: "IaC+runtime" },
  { id: "DLP-00", title: "Inspect and filter responses before return", section: "C.1 Output filtering and data-leak prevention", lines: "L485", class: "IaC+runtime" },
  { id: "DLP-01", title: "DLP system integration", section: "C.1 Output filtering and data-leak prevention", lines: "L487–493", class: "IaC+runtime" },
  { id: "DLP-02", title: "Pattern-based masking", section: "C.1 Output filtering and data-leak prevention", lines: "L495–499", class: "IaC+runtime" },
  { id: "DLP-03", title: "Response-size monitoring", section: "C.1 Output filtering and data-leak prevention", lines: "L501–505", class: "IaC+runtime" },
  { id: "DLP-04", title: "Information-exposure prevention", section: "C.1 Output filtering and data-leak prevention", lines: "L507–511", class: "IaC+runtime" },
  { id: "LOG-01", title: "Detailed event logging", section: "C.2 Operational security for MCP environments — Comprehensive monitoring and logging", lines: "L526–532", class: "IaC+runtime" },
  { id: "LOG-02", title: "Centralised log collection", section: "C.2 Operational security for MCP environments — Comprehensive monitoring and logging", lines: "L534–538", class: "IaC" },
  { id: "LOG-03", title: "Correlation and alerting", section: "C.2 Operational security for MCP environments — Comprehensive monitoring and logging", lines: "L540–546", class: "IaC+runtime" },
  { id: "LOG-04", title: "Tamper-evident audit records", section: "C.2 Operational security for MCP environments — Comprehensive monitoring and logging", lines: "L548–552", class: "IaC" },
  { id: "IR-00", title: "MCP incident playbooks", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L563", class: "process" },
  { id: "IR-01", title: "MCP incident classification", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L565–569", class: "process" },
  { id: "IR-02", title: "Response scenarios", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L571–581", class: "process" },
  { id: "IR-02a", title: "Containment", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L577", class: "IaC+runtime" },
  { id: "IR-02b", title: "Eradication", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L578", class: "IaC+runtime" },
  { id: "IR-02c", title: "Recovery", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L579", class: "IaC+runtime" },
  { id: "IR-02d", title: "Evidence preservation", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L580", class: "IaC+runtime" },
  { id: "IR-02e", title: "Communication", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L581", class: "process" },
  { id: "IR-03", title: "Post-incident analysis", section: "C.2 Operational security for MCP environments — MCP-tailored incident response", lines: "L582–586", class: "process" },
  { id: "TI-01", title: "MCP/AI-specific feed subscription", section: "C.3 Threat-intelligence integration", lines: "L599–605", class: "IaC+runtime" },
  { id: "TI-02", title: "Indicator sharing", section: "C.3 Threat-intelligence integration", lines: "L607–611", class: "process" },
  { id: "TI-03", title: "Proactive threat hunting", section: "C.3 Threat-intelligence integration", lines: "L613–615", class: "process" },
  { id: "TI-04", title: "Intelligence-driven testing", section: "C.3 Threat-intelligence integration", lines: "L617–621", class: "process" },
  { id: "OPS-01", title: "Automated patch management", section: "Automated security operations — SecOps", lines: "L638–640", class: "IaC+runtime" },
  { id: "OPS-02", title: "Configuration-drift detection and remediation", section: "Automated security operations — SecOps", lines: "L642–646", class: "IaC+runtime" },
  { id: "OPS-03", title: "Automated isolation", section: "Automated security operations — SecOps", lines: "L648–654", class: "IaC+runtime" },
  { id: "OPS-04", title: "Automated access review", section: "Automated security operations — SecOps", lines: "L656–658", class: "IaC+runtime" },
  { id: "PUB-01", title: "Agent boundaries and state separation", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L673–677", class: "IaC+runtime" },
  { id: "PUB-02", title: "Input validation and sanitization", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L679–683", class: "IaC+runtime" },
  { id: "PUB-03", title: "Operating-system hardening", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L685–691", class: "IaC" },
  { id: "PUB-04", title: "Service and port management", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L693–697", class: "IaC+runtime" },
  { id: "PUB-05", title: "Secure remote access", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L699–705", class: "IaC" },
  { id: "PUB-06", title: "Strict firewall configuration", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L707–711", class: "IaC" },
  { id: "PUB-07", title: "Intrusion detection and prevention system (IDPS)", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L713–715", class: "IaC+runtime" },
  { id: "PUB-08", title: "MFA for privileged access", section: "3) Security requirements for hosting public (Anthropic) MCP servers", lines: "L717–721", class: "IaC" },
  { id: "MSH-01", title: "Container-based deployment", section: "4) Security requirements for multi-MCP-server deployments — Hosting requirements", lines: "L738–742", class: "IaC" },
  { id: "MSH-02", title: "Secure remote hosting", section: "4) Security requirements for multi-MCP-server deployments — Hosting requirements", lines: "L744–750", class: "IaC" },
  { id: "MSH-03", title: "Secret management", section: "4) Security requirements for multi-MCP-server deployments — Hosting requirements", lines: "L752–756", class: "IaC" },
  { id: "MSH-04", title: "Resource isolation", section: "4) Security requirements for multi-MCP-server deployments — Hosting requirements", lines: "L758–762", class: "IaC" },
  { id: "ISO-01", title: "Network-level segmentation", section: "4) Security requirements for multi-MCP-server deployments — Isolation between MCP servers", lines: "L769–775", class: "IaC" },
  { id: "ISO-02", title: "Session-state isolation", section: "4) Security requirements for multi-MCP-server deployments — Isolation between MCP servers", lines: "L777–781", class: "IaC+runtime" },
  { id: "ISO-03", title: "Environment separation", section: "4) Security requirements for multi-MCP-server deployments — Isolation between MCP servers", lines: "L783–787", class: "IaC" },
  { id: "TS-01", title: "Capability-discovery controls", section: "Trust and Safety", lines: "L794–800", class: "IaC+runtime" },
  { id: "TS-02", title: "Server authentication", section: "Trust and Safety", lines: "L805–811", class: "IaC+runtime" },
  { id: "TS-03", title: "Tool-verification framework", section: "Trust and Safety", lines: "L816–820", class: "process", artifact: ONBOARDING_RECORD },
  { id: "TS-04", title: "Cross-server monitoring", section: "Trust and Safety", lines: "L825–831", class: "IaC+runtime" },
];

const BY_ID: ReadonlyMap<string, Control> = new Map(CONTROLS.map((control) => [control.id, control]));

/** The control with the given ID, or undefined when the catalog has none. */
export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}
