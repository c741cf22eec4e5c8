/**
 * The package's entry point (`mcp-hardening`): the construct library (`constructs/`), and what composes it into the
 * blueprint's gated synthesis, as the README uses them: environments loaded from files and validated, their stacks
 * (`addEnvironmentStacks`), `synthesizeApp` and `synthesize` (which refuse to write a plan a rule fails), and the policy
 * engine with its report formats.
 */
export * from "./constructs";
export { BUILT_IN_ENVIRONMENTS } from "./environments";
export { ConfigError } from "./environments/config-error";
export type { ConfigProblem } from "./environments/config-error";
export { loadEnvironmentFile, loadEnvironmentFiles, parseEnvironment, validateEnvironmentSet } from "./environments/parse";
export type * from "./environments/schema";
export { loadArtifacts, runPolicies } from "./policies/engine";
export { formatJson, formatReport, formatSarif, formatText } from "./policies/report";
export type { ReportFormat, SarifOptions } from "./policies/report";
export type { AcceptedFinding, Artifacts, Finding, Report, Rule, Severity } from "./policies/types";
export { addEnvironmentStacks, PolicyViolationError, synthesize, synthesizeApp } from "./stacks/synthesize";
export type { SynthesisOutputs, SynthesizeOptions } from "./stacks/synthesize";
