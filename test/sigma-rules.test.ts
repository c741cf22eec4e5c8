/**
 * The Sigma rules of the MCP correlations (TOOL-12, TS-04, LOG-03) against the Sigma specification: every document
 * validates against SigmaHQ's published JSON schemas (test/schemas/sigma-detection-rule.schema.json and
 * sigma-correlation-rule.schema.json, verbatim from SigmaHQ/sigma-specification @ ba9251aa834b, public domain), and,
 * because those schemas leave most of the specification to prose, against the rules the specification states:
 * attributes only those the schema names, correlations referring to rules defined before them in the same file (by name or id), meta
 * information only on the outermost correlation, conditions naming existing search identifiers, known modifiers and
 * `number + letter` timespans. The committed files in examples/sigma are exactly what the generator writes.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { parseAllDocuments } from "yaml";
import { sigmaRuleFiles } from "../constructs/mcp-correlation";
import { mcpCorrelations } from "../baselines/mcp-correlations";
import { BUILT_IN_ENVIRONMENTS } from "../environments";

const schemas = path.join(__dirname, "schemas");
const EXAMPLES = path.join(__dirname, "..", "examples", "sigma");
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(schemas, file), "utf8")) as { properties: Record<string, unknown> };
const detectionSchema = load("sigma-detection-rule.schema.json");
const correlationSchema = load("sigma-correlation-rule.schema.json");
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const validateDetection = ajv.compile(detectionSchema);
const validateCorrelation = ajv.compile(correlationSchema);

/** The value modifiers of the specification's appendix that the rules may use. */
const MODIFIERS = new Set(["contains", "startswith", "endswith", "all", "base64", "base64offset", "cidr", "re", "gt", "gte", "lt", "lte", "exists", "windash", "cased", "expand", "fieldref", "wide", "utf16le", "utf16be", "utf16"]);
const CONDITION_WORDS = new Set(["and", "or", "not", "1", "all", "of", "them", "(", ")"]);
const META = ["status", "level", "date", "author", "falsepositives"];

/** The threshold the shared files use: the strictest built-in environment's. */
const strictest = Math.min(...BUILT_IN_ENVIRONMENTS.map((environment) => environment.logging.largeResponseBytes));
const files = sigmaRuleFiles(mcpCorrelations(strictest));
const documentsOf = (text: string) => parseAllDocuments(text).map((document) => document.toJS() as Record<string, unknown>);

/** What the specification forbids in one file's documents, as messages. */
function specificationProblems(documents: readonly Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  documents.forEach((document, index) => {
    const isCorrelation = "correlation" in document;
    const schema = isCorrelation ? correlationSchema : detectionSchema;
    const validate = isCorrelation ? validateCorrelation : validateDetection;
    if (!validate(document)) problems.push(`document ${index}: ${ajv.errorsText(validate.errors)}`);
    const unknown = Object.keys(document).filter((key) => !(key in schema.properties));
    if (unknown.length > 0) problems.push(`document ${index}: attributes outside the schema: ${unknown.join(", ")}`);
    const outermost = index === documents.length - 1;
    if (outermost !== META.some((key) => key in document)) problems.push(`document ${index}: meta information must be on the outermost correlation only`);
    if (outermost && !isCorrelation) problems.push("the last document must be the correlation");
    if (isCorrelation) {
      const correlation = document["correlation"] as Record<string, unknown>;
      for (const rule of correlation["rules"] as string[]) if (!defined.has(rule)) problems.push(`document ${index}: refers to ${rule}, not defined before it in the file`);
      if (!/^\d+[smhdMy]$/.test(String(correlation["timespan"]))) problems.push(`document ${index}: timespan ${String(correlation["timespan"])} is not number + letter`);
    } else {
      const detection = document["detection"] as Record<string, unknown>;
      const identifiers = Object.keys(detection).filter((key) => key !== "condition");
      for (const token of String(detection["condition"]).split(/\s+|(?=[()])|(?<=[()])/).filter((word) => word !== "" && !CONDITION_WORDS.has(word))) {
        const pattern = new RegExp(`^${token.replace(/\*/g, ".*")}$`);
        if (!identifiers.some((identifier) => pattern.test(identifier))) problems.push(`document ${index}: condition names ${token}, which is no search identifier`);
      }
      for (const selection of identifiers.map((identifier) => detection[identifier] as Record<string, unknown>)) {
        for (const modifier of Object.keys(selection).flatMap((field) => field.split("|").slice(1))) if (!MODIFIERS.has(modifier)) problems.push(`document ${index}: unknown modifier ${modifier}`);
      }
    }
    if (typeof document["name"] === "string") {
      if (defined.has(document["name"])) problems.push(`document ${index}: name ${document["name"]} is not unique`);
      defined.add(document["name"]);
    }
    if (typeof document["id"] === "string") defined.add(document["id"]);
  });
  return problems;
}

describe("Sigma rules of the MCP correlations (TOOL-12, TS-04, LOG-03) against the Sigma specification", () => {
  test.each(files.map((file) => [file.file, file.text]))("%s validates against the published schemas and the specification's rules", (_file, text) => {
    const documents = documentsOf(text);
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(specificationProblems(documents)).toEqual([]);
  });

  test("every rule has its own id across the files, and the correlations group by principal, server or tool", () => {
    const documents = files.flatMap((file) => documentsOf(file.text));
    const ids = documents.map((document) => document["id"]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const document of documents.filter((candidate) => "correlation" in candidate)) {
      expect((document["correlation"] as Record<string, string[]>)["group-by"].every((field) => ["principal", "server", "tool", "session"].includes(field))).toBe(true);
    }
  });

  test("the checks catch what the specification forbids: an undefined rule, meta information on an inner rule, an unknown modifier", () => {
    const documents = documentsOf(files[0].text);
    const broken = structuredClone(documents);
    ((broken[broken.length - 1]["correlation"] as Record<string, unknown>)["rules"] as string[])[0] = "no_such_rule";
    broken[0]["level"] = "high";
    const selection = (broken[0]["detection"] as Record<string, Record<string, unknown>>)["selection"];
    selection["decision|startswithh"] = "deny";
    const problems = specificationProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("refers to no_such_rule"),
        "document 0: meta information must be on the outermost correlation only",
        "document 0: unknown modifier startswithh",
      ])
    );
    expect(specificationProblems([{ title: "x".repeat(300), logsource: {}, detection: { condition: "selection" } }])).toEqual(
      expect.arrayContaining([expect.stringContaining("must NOT have more than 256 characters"), "document 0: condition names selection, which is no search identifier"])
    );
  });

  test("examples/sigma holds exactly the generated files (regenerate: npm run build, then sigmaRuleFiles(mcpCorrelations(<strictest largeResponseBytes>)) from dist/constructs/mcp-correlation.js)", () => {
    expect(fs.readdirSync(EXAMPLES).sort()).toEqual(files.map((file) => file.file).sort());
    for (const file of files) expect(fs.readFileSync(path.join(EXAMPLES, file.file), "utf8")).toBe(file.text);
  });
});
