import { guardConfigs } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/** The largest result-size limit the guard accepts: 16 MiB of JSON. */
const MAX_RESULT_BYTES = 16 * 1024 * 1024;

/**
 * Every server's results are filtered before they leave (DLP-01, DLP-02, DLP-03, DLP-04): its guard entry masks or
 * blocks secrets and personal data (`dlp.mode` is `mask` or `block`) and refuses results above a size limit of at most
 * 16 MiB (`dlp.maxResultBytes`), with an audit event.
 */
const rule: Rule = {
  id: "dlp-01-guard-dlp-policy",
  controls: ["DLP-01", "DLP-02", "DLP-03", "DLP-04"],
  severity: "high",
  description: "The MCP guard masks or blocks sensitive data in every server's results and limits their size (at most 16 MiB).",
  remediation: "Leave mcpServers[].guard.dlp unset (mask, 1 MiB) or set mode mask|block and maxResultBytes from 1024 to 16777216.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, configMap, servers }) =>
      servers.flatMap(({ name, server }) => {
        const where = configMap ?? workload;
        const dlp = record(server["dlp"]);
        const findings: Violation[] = [];
        if (dlp?.["mode"] !== "mask" && dlp?.["mode"] !== "block") findings.push(kubernetesViolation(where, `server "${name}" has DLP mode ${JSON.stringify(dlp?.["mode"] ?? null)}: secrets and personal data in its results are neither masked nor blocked`));
        const limit = dlp?.["maxResultBytes"];
        if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_RESULT_BYTES) findings.push(kubernetesViolation(where, `server "${name}" has result limit ${JSON.stringify(limit ?? null)}: set maxResultBytes to a whole number of bytes up to ${MAX_RESULT_BYTES}`));
        return findings;
      })
    ),
};

export default rule;
