/**
 * The published JSON Schema of an environment file (#16 item 4): generated from schema.ts and the defaults table the
 * validator uses (the committed file is what the generator writes), referenced by the example files, agreeing with the
 * validator on what is required, and enough on its own: a file holding only the keys the schema requires validates and
 * synthesizes, and `validate` names each missing key with its meaning.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import * as YAML from "yaml";
import { BUILT_IN_ENVIRONMENTS } from "../environments";
import { ConfigError, ConfigProblem } from "../environments/config-error";
import { ENVIRONMENT_DEFAULTS, MCP_SERVER_DEFAULTS } from "../environments/defaults";
import { loadEnvironmentFile, parseEnvironment } from "../environments/parse";
import { loadStacks } from "../policies/engine";
import { synthesize } from "../stacks/synthesize";
import { ENVIRONMENT_SCHEMA_FILE, generateEnvironmentSchema } from "../schemas/generate";
import { tempDir } from "./support/plans";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures");
const committed = fs.readFileSync(path.join(ROOT, ENVIRONMENT_SCHEMA_FILE), "utf8");
const schema = JSON.parse(committed);
const validateSchema = new Ajv({ strict: true, allErrors: true }).compile(schema);

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function schemaProblems(document: unknown): string[] {
  return validateSchema(document) ? [] : (validateSchema.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

function problemsOf(run: () => unknown): ConfigProblem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const resolve = (node: Json): Json => (node.$ref ? schema.definitions[node.$ref.replace("#/definitions/", "")] : node);

/** `document` keeping only the keys the schema requires, in every mapping and list item (what a file written from the schema alone must hold). */
function onlyRequired(document: Json, node: Json = schema): Json {
  const at = resolve(node);
  if (Array.isArray(document)) return document.map((item) => onlyRequired(item, at.items));
  if (typeof document !== "object" || document === null || at.properties === undefined) return document;
  return Object.fromEntries((at.required ?? []).filter((key: string) => key in document).map((key: string) => [key, onlyRequired(document[key], at.properties[key])]));
}

/** The staging example cut down to the keys the schema requires, written as a new file beside its lock files. */
const dir = tempDir("minimal-environment");
const staging = YAML.parse(fs.readFileSync(path.join(FIXTURES, "staging.yaml"), "utf8"));
const minimal = onlyRequired(staging);
fs.cpSync(path.join(FIXTURES, "approved-tools"), path.join(dir, "approved-tools"), { recursive: true });
const file = path.join(dir, "minimal.yaml");
fs.writeFileSync(file, `# yaml-language-server: $schema=${path.relative(dir, path.join(ROOT, ENVIRONMENT_SCHEMA_FILE))}\n${YAML.stringify(minimal)}`);

describe("schemas/environment.schema.json", () => {
  test("is what the generator writes from schema.ts and defaults.ts, byte for byte (run `npm run schema` after changing them)", () => {
    expect(generateEnvironmentSchema()).toBe(committed);
  });

  test("is a valid draft-07 schema that the built-in environments and the example files satisfy", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) expect([environment.name, schemaProblems(environment)]).toEqual([environment.name, []]);
    expect(schemaProblems(YAML.parse(fs.readFileSync(path.join(FIXTURES, "staging.yaml"), "utf8")))).toEqual([]);
    expect(schemaProblems(JSON.parse(fs.readFileSync(path.join(FIXTURES, "staging.json"), "utf8")))).toEqual([]);
  });

  test("refuses what the validator refuses for its shape: an unknown key, a missing fact, a value outside a fixed set", () => {
    expect(schemaProblems({ ...staging, regoin: "eu-west-1" })).toContain(" must NOT have additional properties");
    const { accountId: _accountId, ...withoutAccount } = staging;
    expect(schemaProblems(withoutAccount)).toContain(" must have required property 'accountId'");
    expect(schemaProblems({ ...staging, security: { flowLogAggregationSeconds: 30 } })).toContain("/security/flowLogAggregationSeconds must be equal to one of the allowed values");
  });

  test("the example environment files name it, by a path that resolves to it", () => {
    const yamlFile = path.join(FIXTURES, "staging.yaml");
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(fs.readFileSync(yamlFile, "utf8"));
    expect(modeline).not.toBeNull();
    expect(path.resolve(FIXTURES, modeline![1])).toBe(path.join(ROOT, ENVIRONMENT_SCHEMA_FILE));
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, "staging.json"), "utf8"));
    expect(path.resolve(FIXTURES, json.$schema)).toBe(path.join(ROOT, ENVIRONMENT_SCHEMA_FILE));
    expect(loadEnvironmentFile(path.join(FIXTURES, "staging.json"))).toEqual(loadEnvironmentFile(yamlFile));
  });

  test("every default is a key the schema shows as optional with that default, and the validator fills it in", () => {
    const environment = schema.definitions.EnvironmentConfig;
    expect(environment.properties.security.default).toEqual(ENVIRONMENT_DEFAULTS.security);
    expect(environment.required).not.toContain("security");
    expect(schema.definitions.EdgeConfig.required).toEqual(["domain"]);
    expect(schema.definitions.McpServerConfig.properties.secrets.default).toEqual(MCP_SERVER_DEFAULTS.secrets);
    const parsed = loadEnvironmentFile(file);
    expect(minimal.mcpServers[0]).not.toHaveProperty("egressDomains");
    expect(parsed.security).toEqual(ENVIRONMENT_DEFAULTS.security);
    expect(parsed.edge).toMatchObject({ domain: staging.edge.domain, mcpPathPrefix: "/mcp", allowedOrigins: [] });
    expect(parsed.access.vpn.sessionTimeoutHours).toBe(8);
    expect(parsed.mcpServers[0].egressDomains).toEqual([]);
  });

  test("validate names each missing required key with its meaning from the schema", () => {
    const { cluster: _cluster, ...withoutCluster } = staging;
    expect(problemsOf(() => parseEnvironment({ ...withoutCluster, edge: {} }, "new.yaml"))).toEqual([
      { path: "new.yaml: edge.domain", message: "is required", hint: `add "domain": ${schema.definitions.EdgeConfig.properties.domain.description}` },
      { path: "new.yaml: cluster", message: "is required", hint: `add "cluster": ${schema.definitions.EnvironmentConfig.properties.cluster.description}` },
    ]);
    expect(schema.definitions.EdgeConfig.properties.domain.description).toMatch(/^DNS name MCP clients connect to/);
  });
});

describe("a new environment file holding only what the schema requires", () => {

  test("leaves out every setting the blueprint can choose, and the schema accepts it", () => {
    expect(schemaProblems(minimal)).toEqual([]);
    for (const key of ["security", "exceptions", "tags", "azCount"]) expect(minimal).not.toHaveProperty(key);
    for (const key of ["mcpPathPrefix", "rateLimits", "allowedOrigins"]) expect(minimal.edge).not.toHaveProperty(key);
    expect(Object.keys(minimal.bastion).sort()).toEqual(["allowUsers", "authorizedKeys"]);
  });

  test("validates and synthesizes, every policy rule passing", () => {
    const environment = loadEnvironmentFile(file);
    const outdir = path.join(dir, "cdktf.out");
    const report = synthesize([environment], { outdir, k8sOutdir: path.join(dir, "k8s"), guardOutdir: path.join(dir, "guard") });
    expect(report.findings).toEqual([]);
    expect(loadStacks(outdir).map((stack) => stack.name)).toEqual([`mcp-${environment.name}`, `mcp-${environment.name}-workloads`]);
  });
});
