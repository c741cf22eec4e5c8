import { checkCelExpression } from "../../environments/guard-shape";
import { guardConfigs } from "../guard";
import { kubernetesViolation, records } from "../kubernetes";
import { Rule, Violation } from "../types";

/**
 * Every semantic and cross-field constraint the guard enforces compiles (IO-07, IO-08): each has an ID, a message and
 * a CEL expression that parses and plans with the guard's CEL implementation, IDs unique per tool. A constraint that
 * does not compile would be refused by the guard at start, so the gateway would fail closed for every server.
 */
const rule: Rule = {
  id: "io-07-guard-constraints-compile",
  controls: ["IO-07", "IO-08"],
  severity: "high",
  description: "Every CEL constraint in the MCP guard's configuration has an ID and a message, and compiles.",
  remediation: "Fix the tool's constraints in mcpServers[].tools[].constraints: validate and synth compile them and name the field.",
  check: (artifacts) =>
    guardConfigs(artifacts).flatMap(({ workload, configMap, servers }) =>
      servers.flatMap((server) =>
        Object.entries(server.tools).flatMap(([name, tool]) => {
          const findings: Violation[] = [];
          const seen = new Set<string>();
          for (const [index, constraint] of records(tool["constraints"]).entries()) {
            const label = `server "${server.name}" tool "${name}" constraint ${typeof constraint["id"] === "string" ? `"${constraint["id"]}"` : index}`;
            const problem = typeof constraint["expression"] === "string" ? checkCelExpression(constraint["expression"]) : { message: "has no expression", hint: "" };
            if (problem) findings.push(kubernetesViolation(configMap ?? workload, `${label}: ${problem.message}`));
            if (typeof constraint["id"] !== "string" || typeof constraint["message"] !== "string" || constraint["message"].trim() === "") findings.push(kubernetesViolation(configMap ?? workload, `${label} needs a string id and a message`));
            else if (seen.has(constraint["id"])) findings.push(kubernetesViolation(configMap ?? workload, `${label} is declared twice`));
            if (typeof constraint["id"] === "string") seen.add(constraint["id"]);
          }
          return findings;
        })
      )
    ),
};

export default rule;
