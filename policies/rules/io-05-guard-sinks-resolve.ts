import { ARGUMENT_SINKS } from "../../environments/guard-shape";
import { schemaAtPointer } from "../../environments/tool-schema-lint";
import { guardConfigs } from "../guard";
import { kubernetesViolation, record } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Every argument sink the guard enforces (IO-05) names a sink it has rules for and points at a string property of the
 * tool's approved inputSchema. A sink on an argument the schema does not have, or on a number, is enforced on nothing:
 * the server author believes the guard narrows that input, and it does not.
 */
const rule: Rule = {
  id: "io-05-guard-sinks-resolve",
  controls: ["IO-05"],
  severity: "medium",
  description: "Every argument sink in the MCP guard's configuration is a known sink on a string property of the tool's approved inputSchema.",
  remediation: "Point mcpServers[].tools[].sinks at a string property of the approved inputSchema (JSON Pointer, e.g. /query) and use sql, shell, path, url or html; validate and synth name the field.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, configMap, servers }) =>
      servers.flatMap((server) =>
        Object.entries(server.tools).flatMap(([name, tool]) => {
          const findings: Violation[] = [];
          const inputSchema = record(record(tool["definition"])?.["inputSchema"]);
          for (const [pointer, sink] of Object.entries(record(tool["sinks"]) ?? {})) {
            const label = `server "${server.name}" tool "${name}" sink ${pointer}`;
            if (typeof sink !== "string" || !(ARGUMENT_SINKS as readonly string[]).includes(sink)) findings.push(kubernetesViolation(configMap ?? workload, `${label}: ${JSON.stringify(sink)} is not a sink the guard has rules for (${ARGUMENT_SINKS.join(", ")})`));
            const target = inputSchema === undefined ? undefined : record(schemaAtPointer(inputSchema, pointer));
            if (target === undefined) findings.push(kubernetesViolation(configMap ?? workload, `${label}: the approved inputSchema has no argument there, so the guard checks nothing`));
            else if (target["type"] !== "string") findings.push(kubernetesViolation(configMap ?? workload, `${label}: the argument there is ${JSON.stringify(target["type"])}, not a string, so the guard checks nothing`));
          }
          return findings;
        })
      )
    ),
};

export default rule;
