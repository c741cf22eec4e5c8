import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { validateCommand } from "../bin/commands/validate";
import { ConfigError, ConfigProblem } from "../environments/config-error";
import { dev } from "../environments/dev";
import { BUILT_IN_ENVIRONMENTS } from "../environments/index";
import { loadEnvironmentFile, parseEnvironment, validateEnvironmentSet } from "../environments/parse";
import { prod } from "../environments/prod";
import { EnvironmentConfig } from "../environments/schema";
import { test as testEnv } from "../environments/test";

const fixture = (name: string): string => path.join(__dirname, "fixtures", name);

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
  ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
  : T;

/** A mutable deep copy of an environment, to break in one place. */
function copy(environment: EnvironmentConfig): DeepMutable<EnvironmentConfig> {
  return structuredClone(environment) as DeepMutable<EnvironmentConfig>;
}

/** The problems of the ConfigError `action` throws. */
function problemsOf(action: () => unknown): readonly ConfigProblem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

/** The problems of parsing `input`. */
function parseProblems(input: unknown): readonly ConfigProblem[] {
  return problemsOf(() => parseEnvironment(input));
}

/** The one problem at `at`, failing when there is not exactly one. */
function problemAt(problems: readonly ConfigProblem[], at: string): ConfigProblem {
  const found = problems.filter((problem) => problem.path === at);
  if (found.length !== 1)
    throw new Error(
      `expected one problem at ${at}, got:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`
    );
  return found[0];
}

function writeTemp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-config-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe("parseEnvironment: each class of mistake names the field and the fix", () => {
  test("wrong type", () => {
    const env = Object.assign(copy(dev), { accountId: 111111111111, production: "false" });
    const problems = parseProblems(env);
    expect(problemAt(problems, "accountId")).toEqual({
      path: "accountId",
      message: "expected a string, got number 111111111111",
      hint: 'quote the value: "111111111111"',
    });
    expect(problemAt(problems, "production").hint).toBe("write false without quotes");
  });

  test("unknown key, with a suggestion for a near miss and reported once", () => {
    const { vpcCidr, ...rest } = copy(dev);
    const problems = parseProblems({ ...rest, vpcCIDR: vpcCidr, colour: "blue" });
    expect(problemAt(problems, "vpcCIDR")).toMatchObject({
      message: 'unknown key "vpcCIDR"',
      hint: 'Did you mean "vpcCidr"?',
    });
    expect(problemAt(problems, "colour").hint).toMatch(/^remove it; the known keys are name, production, accountId/);
    expect(problems).toHaveLength(2); // no separate "vpcCidr is required" for the same mistake
  });

  test("missing key", () => {
    const env = copy(dev);
    delete (env.security as Partial<typeof env.security>).sshPort;
    expect(parseProblems(env)).toEqual([
      {
        path: "security.sshPort",
        message: "is required",
        hint: 'add "sshPort": environments/schema.ts documents every key',
      },
    ]);
  });

  test("bad VPC CIDR, with the canonical form as hint", () => {
    const cases: [string, RegExp, string][] = [
      ["10.10.0.1/16", /has host bits set/, 'Did you mean "10.10.0.0/16"?'],
      ["10.10.0/16", /is not an IPv4 CIDR/, 'write a.b.c.d/prefix, e.g. "10.0.0.0/16"'],
      ["10.10.0.0/24", /outside \/16 to \/20/, "use a prefix from /16 to /20, that is 65,536 to 4,096 addresses"],
      [
        "8.8.0.0/16",
        /not in a private \(RFC 1918\) range/,
        "use a range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16",
      ],
    ];
    for (const [vpcCidr, message, hint] of cases) {
      expect(problemAt(parseProblems({ ...copy(dev), vpcCidr }), "vpcCidr")).toMatchObject({
        message: expect.stringMatching(message),
        hint,
      });
    }
  });

  test("public, broad, non-canonical, duplicate or missing admin CIDRs", () => {
    const problems = parseProblems({
      ...copy(dev),
      adminCidrs: ["0.0.0.0/0", "8.0.0.0/6", "198.51.100.1/24", "203.0.113.0/24", "203.0.113.0/24"],
    });
    expect(problemAt(problems, "adminCidrs[0]").message).toBe('"0.0.0.0/0" opens administration to the whole internet');
    expect(problemAt(problems, "adminCidrs[1]").message).toBe('"8.0.0.0/6" is broader than /8 (67,108,864 addresses)');
    expect(problemAt(problems, "adminCidrs[2]").hint).toBe('Did you mean "198.51.100.0/24"?');
    expect(problemAt(problems, "adminCidrs[4]").message).toBe(
      'duplicate CIDR "203.0.113.0/24", already at adminCidrs[3]'
    );
    expect(problemAt(parseProblems({ ...copy(dev), adminCidrs: [] }), "adminCidrs").message).toBe(
      "needs at least 1 item, got 0"
    );
  });

  test("image with a tag and no digest", () => {
    const env = copy(dev);
    env.mcpServers[0].image = "ghcr.io/example/tool:1.2.3";
    expect(problemAt(parseProblems(env), "mcpServers[0].image")).toEqual({
      path: "mcpServers[0].image",
      message: '"ghcr.io/example/tool:1.2.3" is not pinned by digest',
      hint: "pin the image by digest: ghcr.io/example/tool@sha256:<digest>",
    });
    const digest = `sha256:${"a".repeat(64)}`;
    env.mcpServers[0].image = `ghcr.io/example/tool:1.2.3@${digest}`;
    expect(problemAt(parseProblems(env), "mcpServers[0].image").hint).toBe(
      `Did you mean "ghcr.io/example/tool@${digest}"?`
    );
    env.mcpServers[0].image = `nginx@${digest}`;
    expect(problemAt(parseProblems(env), "mcpServers[0].image").hint).toBe(
      `Did you mean "docker.io/library/nginx@${digest}"?`
    );
  });

  test("duplicate MCP server names", () => {
    const env = copy(testEnv);
    env.mcpServers[1].name = env.mcpServers[0].name;
    expect(problemAt(parseProblems(env), "mcpServers[1].name")).toMatchObject({
      message: 'duplicate server name "github-tools", already at mcpServers[0]',
      hint: "remove the duplicate or give it another server name",
    });
  });

  test("port 22 for ssh", () => {
    const env = copy(dev);
    env.security.sshPort = 22;
    expect(problemAt(parseProblems(env), "security.sshPort")).toMatchObject({
      message: "22 is the standard SSH port, which PUB-05 rules out",
      hint: "choose a non-standard port from 1024 to 65535, e.g. 2222",
    });
    env.security.sshPort = 80;
    expect(problemAt(parseProblems(env), "security.sshPort").message).toBe("80 is outside 1024 to 65535");
  });

  test("production with weaker settings than production allows", () => {
    const env = copy(prod);
    env.azCount = 2;
    env.security.logRetentionDays = 90;
    env.security.flowLogAggregationSeconds = 600;
    const problems = parseProblems(env);
    expect(problems.map((p) => p.path)).toEqual([
      "azCount",
      "security.logRetentionDays",
      "security.flowLogAggregationSeconds",
    ]);
    expect(problemAt(problems, "security.logRetentionDays")).toMatchObject({
      message: "90 is below the production minimum of 365 days",
      hint: "set 365 or more in a production environment",
    });
    expect(() => parseEnvironment({ ...env, production: false })).not.toThrow();
  });

  test("every field rule", () => {
    const cases: [string, (env: DeepMutable<EnvironmentConfig>) => void, RegExp][] = [
      ["name", (e) => (e.name = "Dev"), /Did you mean "dev"\?/],
      ["region", (e) => (e.region = "EU-Central-1"), /Did you mean "eu-central-1"\?/],
      [
        "deployRoleName",
        (e) => (e.deployRoleName = "arn:aws:iam::111111111111:role/ci/deployer"),
        /Did you mean "deployer"\?/,
      ],
      ["azCount", (e) => (e.azCount = 7), /from 2 to 6/],
      ['tags["aws:team"]', (e) => (e.tags["aws:team"] = "x"), /Did you mean "team"\?/],
      ["tags.Long", (e) => (e.tags.Long = "x".repeat(257)), /256 characters or fewer/],
      ["state.bucket", (e) => (e.state.bucket = "Mcp-State"), /Did you mean "mcp-state"\?/],
      [
        "state.kmsKeyId",
        (e) => (e.state.kmsKeyId = "arn:aws:kms:eu-central-1:999999999999:alias/state"),
        /own account/,
      ],
      ["state.kmsKeyId", (e) => (e.state.kmsKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab"), /use its ARN/],
      ["security.logRetentionDays", (e) => (e.security.logRetentionDays = 45), /the next longer is 60/],
      ["security.kmsDeletionWindowDays", (e) => (e.security.kmsDeletionWindowDays = 31), /from 7 to 30/],
      ["mcpServers[0].name", (e) => (e.mcpServers[0].name = "GitHub_Tools"), /Did you mean "github-tools"\?/],
      ["mcpServers[0].port", (e) => (e.mcpServers[0].port = 15001), /e\.g\. 8080/],
      [
        "mcpServers[0].egressDomains[0]",
        (e) => (e.mcpServers[0].egressDomains = ["140.82.112.3"]),
        /name the domain instead/,
      ],
      ["mcpServers[0].egressDomains[0]", (e) => (e.mcpServers[0].egressDomains = ["*"]), /list each domain/],
      ["mcpServers[0].egressDomains[0]", (e) => (e.mcpServers[0].egressDomains = ["*.com"]), /narrow the wildcard/],
      [
        "mcpServers[0].egressDomains[0]",
        (e) => (e.mcpServers[0].egressDomains = ["API.github.com."]),
        /Did you mean "api.github.com"\?/,
      ],
      [
        "mcpServers[0].egressDomains[1]",
        (e) => (e.mcpServers[0].egressDomains = ["a.example.com", "a.example.com"]),
        /remove the duplicate/,
      ],
      ["mcpServers[0].quota.cpu", (e) => (e.mcpServers[0].quota.cpu = "500M"), /Did you mean "500m"\?/],
      ["mcpServers[0].quota.memory", (e) => (e.mcpServers[0].quota.memory = "512m"), /Did you mean "512Mi"\?/],
      [
        "mcpServers[0].quota.ephemeralStorage",
        (e) => (e.mcpServers[0].quota.ephemeralStorage = "1024Mi"),
        /Did you mean "1Gi"\?/,
      ],
      ["mcpServers[0].quota.maxReplicas", (e) => (e.mcpServers[0].quota.maxReplicas = 101), /from 1 to 100/],
      ["mcpServers[0].quota.requestsPerMinute", (e) => (e.mcpServers[0].quota.requestsPerMinute = 0.5), /whole number/],
      ["mcpServers[0].tools", (e) => (e.mcpServers[0].tools = []), /list every tool/],
      [
        "mcpServers[0].tools[1].name",
        (e) => (e.mcpServers[0].tools[1].name = "search_repositories"),
        /remove the duplicate/,
      ],
      ["mcpServers[0].tools[0].scopes", (e) => (e.mcpServers[0].tools[0].scopes = []), /OAuth scopes/],
      ["mcpServers[0].tools[0].scopes[0]", (e) => (e.mcpServers[0].tools[0].scopes = ["read write"]), /its own item/],
      ["mcpServers[0].onboarding.owner", (e) => (e.mcpServers[0].onboarding.owner = "  "), /accountable/],
      [
        "mcpServers[0].onboarding.dataClassification",
        (e) => Object.assign(e.mcpServers[0].onboarding, { dataClassification: "Internal" }),
        /Did you mean "internal"\?/,
      ],
      [
        "exceptions[0].justification",
        (e) => e.exceptions.push({ rule: "r", resource: "Namespace/x", justification: "trust me" }),
        /who approved it/,
      ],
      [
        "exceptions[0].rule",
        (e) =>
          e.exceptions.push({
            rule: "",
            resource: "Namespace/x",
            justification: "approved by security until 2027-01-01",
          }),
        /rule ID/,
      ],
    ];
    for (const [at, breakIt, hint] of cases) {
      const env = copy(dev);
      breakIt(env);
      expect({ at, hint: problemAt(parseProblems(env), at).hint }).toEqual({ at, hint: expect.stringMatching(hint) });
    }
  });

  test("the input must be a mapping", () => {
    expect(parseProblems([])).toEqual([
      { path: "(root)", message: "expected a mapping, got a list", hint: "write a mapping of keys to values" },
    ]);
    expect(problemsOf(() => parseEnvironment(null, "env.yaml"))[0].path).toBe("env.yaml");
  });

  test("a __proto__ key is an unknown key, not a prototype", () => {
    const problems = parseProblems(JSON.parse(`{"__proto__": {"production": true}, ${JSON.stringify(dev).slice(1)}`));
    expect(problems.map((p) => p.path)).toEqual(["__proto__"]);
  });
});

describe("parseEnvironment: results", () => {
  test("all problems are reported in one error, one line each, prefixed with the source", () => {
    const error = (() => {
      try {
        loadEnvironmentFile(fixture("broken-env.yaml"));
      } catch (caught) {
        return caught;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.length).toBeGreaterThanOrEqual(30);
    const lines = message.split("\n");
    expect(lines).toHaveLength(problems.length);
    lines.forEach((line, i) => expect(line).toBe(`${problems[i].path}: ${problems[i].message} (${problems[i].hint})`));
    for (const problem of problems) expect(problem.path.startsWith(`${fixture("broken-env.yaml")}: `)).toBe(true);
  });

  test("the built-in environments parse, unchanged, deeply frozen, and pass the set checks", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) {
      const parsed = parseEnvironment(environment, environment.name);
      expect(parsed).toEqual(environment);
      expect(parsed).not.toBe(environment);
      expect(
        Object.isFrozen(parsed) && Object.isFrozen(parsed.mcpServers[0].tools[0].scopes) && Object.isFrozen(parsed.tags)
      ).toBe(true);
    }
    expect(Object.isFrozen(dev)).toBe(false);
    expect(() => validateEnvironmentSet(BUILT_IN_ENVIRONMENTS)).not.toThrow();
  });

  test("YAML and JSON fixtures load to the same environment and round-trip", () => {
    const fromYaml = loadEnvironmentFile(fixture("staging.yaml"));
    const fromJson = loadEnvironmentFile(fixture("staging.json"));
    expect(fromJson).toEqual(fromYaml);
    expect(fromYaml).toEqual(YAML.parse(fs.readFileSync(fixture("staging.yaml"), "utf8")));
    expect(loadEnvironmentFile(writeTemp("again.yml", YAML.stringify(fromYaml)))).toEqual(fromYaml);
    expect(loadEnvironmentFile(writeTemp("again.json", JSON.stringify(fromJson)))).toEqual(fromJson);
    expect(() => validateEnvironmentSet([...BUILT_IN_ENVIRONMENTS, fromYaml])).not.toThrow();
  });

  test("bad YAML: every syntax error, with its line", () => {
    const problems = problemsOf(() => loadEnvironmentFile(fixture("bad-syntax.yaml")));
    expect(problems[0]).toEqual({
      path: fixture("bad-syntax.yaml"),
      message: "invalid YAML: Map keys must be unique",
      hint: "fix the YAML syntax at line 3, column 1",
    });
    expect(problems.length).toBeGreaterThan(1);
    expect(problemsOf(() => loadEnvironmentFile(writeTemp("bad.json", '{"name": "dev",\n  }')))[0].hint).toBe(
      "fix the JSON syntax at line 2, column 3"
    );
    expect(problemsOf(() => loadEnvironmentFile(writeTemp("two.yaml", "a: 1\n---\nb: 2\n")))[0].message).toBe(
      "the file holds 2 YAML documents"
    );
  });

  test("unreadable files and other extensions", () => {
    expect(problemsOf(() => loadEnvironmentFile("missing.yaml"))[0]).toMatchObject({
      path: "missing.yaml",
      message: expect.stringMatching(/^cannot read the file: ENOENT/),
    });
    expect(problemsOf(() => loadEnvironmentFile("env.toml"))[0]).toEqual({
      path: "env.toml",
      message: 'unsupported file type ".toml"',
      hint: "write the environment as .json, .yaml or .yml",
    });
  });
});

describe("validateEnvironmentSet", () => {
  const [devEnv, testEnvironment, prodEnv] = BUILT_IN_ENVIRONMENTS;

  test("overlapping VPC CIDRs, with a free range as hint", () => {
    const overlapping = { ...copy(testEnvironment), vpcCidr: "10.10.0.0/20" };
    expect(problemsOf(() => validateEnvironmentSet([devEnv, overlapping, prodEnv]))).toEqual([
      {
        path: "test: vpcCidr",
        message: "10.10.0.0/20 overlaps 10.10.0.0/16 of dev",
        hint: `use a free range such as "10.0.0.0/20" that overlaps no other environment's VPC, per ISO-03`,
      },
    ]);
  });

  test("duplicate account IDs, names and state buckets", () => {
    const twin = {
      ...copy(prodEnv),
      name: "dev",
      accountId: devEnv.accountId,
      state: { ...prodEnv.state, bucket: devEnv.state.bucket },
    };
    const problems = problemsOf(() => validateEnvironmentSet([devEnv, twin], ["dev.yaml", "prod.yaml"]));
    expect(problemAt(problems, "prod.yaml: accountId")).toEqual({
      path: "prod.yaml: accountId",
      message: 'AWS account "111111111111" is also used by dev.yaml',
      hint: "give each environment its own AWS account: ISO-03 shares no credentials, roles or keys between environments",
    });
    expect(problemAt(problems, "prod.yaml: name").message).toBe('environment name "dev" is also used by dev.yaml');
    expect(problemAt(problems, "prod.yaml: state.bucket").message).toMatch(/is also used by dev.yaml/);
  });

  test("production weaker than a non-production environment, on every ordered setting", () => {
    const strongDev = copy(devEnv);
    strongDev.azCount = 4;
    strongDev.security.logRetentionDays = 400;
    strongDev.security.kmsDeletionWindowDays = 30;
    strongDev.security.flowLogAggregationSeconds = 60;
    const weakerProd = copy(prodEnv);
    weakerProd.security.kmsDeletionWindowDays = 20;
    const problems = problemsOf(() => validateEnvironmentSet([strongDev, testEnvironment, weakerProd]));
    expect(problems.map((p) => p.path)).toEqual([
      "prod: azCount",
      "prod: security.logRetentionDays",
      "prod: security.kmsDeletionWindowDays",
    ]);
    expect(problemAt(problems, "prod: security.logRetentionDays")).toEqual({
      path: "prod: security.logRetentionDays",
      message: "365 in production is weaker than non-production dev (400): higher is stronger",
      hint: "set 400 or more: production is never weaker than non-production",
    });
    const coarseProd = copy(prodEnv);
    coarseProd.security.flowLogAggregationSeconds = 600;
    expect(problemsOf(() => validateEnvironmentSet([testEnvironment, coarseProd]))).toContainEqual({
      path: "prod: security.flowLogAggregationSeconds",
      message: "600 in production is weaker than non-production test (60): lower is stronger",
      hint: "set 60 or less: production is never weaker than non-production",
    });
  });

  test("each environment is also validated on its own", () => {
    const broken = { ...copy(devEnv), vpcCidr: "10.10.0.1/16" };
    expect(problemsOf(() => validateEnvironmentSet([broken, prodEnv])).map((p) => p.path)).toEqual(["dev: vpcCidr"]);
  });
});

describe("mcp-harden validate", () => {
  function run(args: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: validateCommand(args), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  test("no file: usage error, exit 2", () => {
    const { code, stdout, stderr } = run([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/Usage: mcp-harden validate <file.json\|file.yaml>\.\.\./);
  });

  test("valid files: one line each, exit 0", () => {
    const devFile = writeTemp("dev.yaml", YAML.stringify(dev));
    const prodFile = writeTemp("prod.json", JSON.stringify(prod));
    const { code, stdout, stderr } = run([fixture("staging.yaml"), devFile, prodFile]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(
      `${fixture(
        "staging.yaml"
      )}: valid (staging, 1 MCP server)\n${devFile}: valid (dev, 1 MCP server)\n${prodFile}: valid (prod, 2 MCP servers)\n`
    );
  });

  test("an invalid file: every problem on stderr, exit 2", () => {
    const { code, stdout, stderr } = run([fixture("staging.json"), fixture("broken-env.yaml")]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`${fixture("broken-env.yaml")}: vpcCIDR: unknown key "vpcCIDR" (Did you mean "vpcCidr"?)`);
    expect(stderr).toContain(`${fixture("broken-env.yaml")}: security.sshPort: 22 is the standard SSH port`);
    expect(stderr).toMatch(/\n\n\d+ problems found\.\n$/);
  });

  test("valid files that conflict as a set: exit 2", () => {
    const { code, stderr } = run([fixture("staging.yaml"), fixture("staging.json")]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${fixture("staging.json")}: accountId: AWS account "444444444444" is also used by ${fixture("staging.yaml")}`
    );
    expect(stderr).toContain(
      `${fixture("staging.json")}: vpcCidr: 10.40.0.0/16 overlaps 10.40.0.0/16 of ${fixture("staging.yaml")}`
    );
  });

  test("unknown option: exit 2", () => {
    expect(run(["--strict", fixture("staging.yaml")]).code).toBe(2);
  });
});
