/**
 * The held-out public sources extracted in this folder, in the order `build-corpus.ts` adds them (after every other
 * source) and `train.ts` holds them out whole: those read from a git mirror, then those copied file by file.
 */
import type { CorpusSource } from "../build-corpus";
import type { CorpusExample } from "../synthetic";
import { AGENT_GOVERNANCE_TOOLKIT_SOURCE, agentGovernanceToolkitExamples } from "./agent-governance-toolkit";
import { INSPECTOR_ASSESSMENT_SOURCE, inspectorAssessmentExamples } from "./inspector-assessment";
import { INTENTPROBE_SOURCE, intentprobeExamples } from "./intentprobe";
import { MCP_GUARDBENCH_SOURCE, mcpGuardbenchExamples } from "./mcp-guardbench";
import { MCP_GUARDBENCH_MM_SOURCE, mcpGuardbenchMmExamples } from "./mcp-guardbench-mm";
import { MCP_POISON_SOURCE, mcpPoisonExamples } from "./mcp-poison";
import { MCP_TOOL_AUDITOR_SOURCE, mcpToolAuditorExamples } from "./mcp-tool-auditor";
import { MEDUSA_SOURCE, medusaExamples } from "./medusa";
import { PIPELOCK_SOURCE, pipelockExamples } from "./pipelock";
import { SECURE_MCP_GATEWAY_SOURCE, secureMcpGatewayExamples } from "./secure-mcp-gateway";
import { TOOL_SCAN_SOURCE, toolScanExamples } from "./tool-scan";

export const MIRRORED: readonly { readonly source: CorpusSource; readonly examples: (gitDir: string) => CorpusExample[] }[] = [
  { source: MCP_POISON_SOURCE, examples: mcpPoisonExamples },
  { source: MEDUSA_SOURCE, examples: medusaExamples },
  { source: PIPELOCK_SOURCE, examples: pipelockExamples },
  { source: SECURE_MCP_GATEWAY_SOURCE, examples: secureMcpGatewayExamples },
  { source: TOOL_SCAN_SOURCE, examples: toolScanExamples },
  { source: AGENT_GOVERNANCE_TOOLKIT_SOURCE, examples: agentGovernanceToolkitExamples },
  { source: MCP_TOOL_AUDITOR_SOURCE, examples: mcpToolAuditorExamples },
  { source: INSPECTOR_ASSESSMENT_SOURCE, examples: inspectorAssessmentExamples },
  { source: INTENTPROBE_SOURCE, examples: intentprobeExamples },
];

/** The sources of which no git snapshot could be had, copied file by file into `<files>/<id>/` (outside the repository). */
export const COPIED: readonly { readonly source: CorpusSource; readonly examples: (filesDir: string) => CorpusExample[] }[] = [
  { source: MCP_GUARDBENCH_SOURCE, examples: mcpGuardbenchExamples },
  { source: MCP_GUARDBENCH_MM_SOURCE, examples: mcpGuardbenchMmExamples },
];

/** Every source of this folder, mirrored then copied: each is held out whole. */
export const EXTRACTED: readonly CorpusSource[] = [...MIRRORED, ...COPIED].map(({ source }) => source);
