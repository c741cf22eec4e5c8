import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import validate from "../bin/commands/validate";
import { withLockFilesOf } from "./support/approved-definitions";
import { ConfigError, ConfigProblem } from "../environments/config-error";
import { dev } from "../environments/dev";
import { BUILT_IN_ENVIRONMENTS } from "../environments/index";
import { loadEnvironmentFile, parseEnvironment, validateEnvironmentSet } from "../environments/parse";
import { prod } from "../environments/prod";
import { EnvironmentConfig } from "../environments/schema";
import { test as testEnv } from "../environments/test";
import { SECRET_IN_CONFIG } from "../environments/secret-values";
import { quote } from "../environments/quote";
import { USERTRUST_ECC_ROOT, USERTRUST_RSA_ROOT } from "../environments/certificate-authorities";
import { addEnvironmentStacks, PolicyViolationError, synthesize, synthesizeApp } from "../stacks/synthesize";
import { PLATFORM_ROLE_NAMES } from "../environments/workload-checks";
import { checkServerNamespace } from "../environments/kubernetes-checks";
import { yamlObjects } from "./support/kubernetes";
import { synthesizedPlans, tempDir } from "./support/plans";
import { GITHUB_TOKEN, SECRET_SAMPLES } from "./support/secret-samples";

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

  test("missing key: named with its meaning (a key with a safe default is filled in instead)", () => {
    const env = copy(dev);
    delete (env.state as Partial<typeof env.state>).bucket;
    delete (env.security as Partial<typeof env.security>).sshPort;
    expect(parseProblems(env)).toEqual([
      {
        path: "state.bucket",
        message: "is required",
        hint: 'add "bucket": S3 bucket holding state; versioned and KMS-encrypted, in the environment\'s own account.',
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

  test("no MCP server: refused by validate as synth would refuse it (the gateway and the guard are built around the servers)", () => {
    const env = copy(testEnv);
    env.mcpServers = [];
    expect(problemAt(parseProblems(env), "mcpServers")).toEqual({
      path: "mcpServers",
      message: "needs at least 1 item, got 0",
      hint: "declare the MCP server(s) this environment hosts: the gateway, the guard and the policies are built around them",
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

  test("egress domains the firewalls cannot enforce or should never allow", () => {
    const problemFor = (domain: string) => {
      const env = copy(dev);
      env.mcpServers[0].egressDomains = [domain];
      const { message, hint } = problemAt(parseProblems(env), "mcpServers[0].egressDomains[0]");
      return { message, hint };
    };
    expect(problemFor("*")).toEqual({ message: '"*" allows every domain', hint: "list each domain the server needs, e.g. api.github.com or *.example.com" });
    expect(problemFor("*.com")).toEqual({ message: '"*.com" matches a whole top-level domain', hint: "narrow the wildcard to one organisation's domain, e.g. *.example.com" });
    expect(problemFor("*.co.uk")).toEqual({ message: '"*.co.uk" matches a whole public suffix', hint: "narrow the wildcard to one organisation's domain, e.g. *.example.co.uk" });
    expect(problemFor("*.execute-api.eu-central-1.amazonaws.com")).toEqual({
      message: '"*.execute-api.eu-central-1.amazonaws.com" matches hosts that anyone can create under amazonaws.com',
      hint: "name the exact hosts the server calls, e.g. my-service.execute-api.eu-central-1.amazonaws.com",
    });
    expect(problemFor("140.82.112.3")).toEqual({ message: '"140.82.112.3" is an IP address', hint: "name the domain instead: the egress firewall matches TLS SNI and HTTP Host names" });
    expect(problemFor("[2606:50c0:8000::154]").message).toBe('"[2606:50c0:8000::154]" is an IP address');
    const longName = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example.com`;
    expect(problemFor(longName)).toEqual({
      message: `${quote(longName)} is longer than the 253 characters of a DNS name`,
      hint: "use the host name the server really connects to",
    });
    expect(problemFor(`${"a".repeat(64)}.example.com`)).toEqual({
      message: `${quote(`${"a".repeat(64)}.example.com`)} has a label of 64 characters, more than the 63 DNS allows`,
      hint: "use the host name the server really connects to",
    });
    expect(problemFor("pastebin.com")).toEqual({
      message: '"pastebin.com" is on the egress block list (paste site pastebin.com)',
      hint: "remove it: the egress and DNS firewalls block it whatever the allowlist says",
    });
    expect(problemFor("*.ngrok-free.app").message).toBe('"*.ngrok-free.app" is on the egress block list (tunnel or reverse proxy service ngrok-free.app)');
    expect(problemFor("gist.github.com").message).toBe('"gist.github.com" is on the egress block list (paste site gist.github.com)');
    for (const allowed of ["api.github.com", "*.example.com", "*.example.co.uk", "my-api.execute-api.eu-central-1.amazonaws.com"]) {
      const env = copy(dev);
      env.mcpServers[0].egressDomains = [allowed];
      env.mcpServers[0].egressCertificateAuthorities = { [allowed]: [USERTRUST_ECC_ROOT] };
      expect(() => parseEnvironment(env)).not.toThrow();
    }
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

describe("parseEnvironment: the edge section (load balancer and WAF) names the field and the fix", () => {
  const edgeProblem = (environment: EnvironmentConfig, at: string, change: (edge: DeepMutable<EnvironmentConfig>["edge"]) => void) => {
    const env = copy(environment);
    change(env.edge);
    const { message, hint } = problemAt(parseProblems(env), `edge.${at}`);
    return { message, hint };
  };

  test("rate limits AWS WAF would reject: 0, above the maximum, a fraction, an unsupported window", () => {
    const fix = "use 10 to 2,000,000,000 requests per evaluation window";
    expect(edgeProblem(dev, "rateLimits.perIp", (edge) => (edge.rateLimits.perIp = 0))).toEqual({ message: "0 is below AWS WAF's smallest rate limit, 10", hint: fix });
    expect(edgeProblem(dev, "rateLimits.perCredential", (edge) => (edge.rateLimits.perCredential = 9))).toEqual({ message: "9 is below AWS WAF's smallest rate limit, 10", hint: fix });
    expect(edgeProblem(prod, "rateLimits.perServerPath", (edge) => (edge.rateLimits.perServerPath = 2_000_000_001))).toEqual({
      message: "2,000,000,001 is above AWS WAF's largest rate limit, 2,000,000,000",
      hint: fix,
    });
    expect(edgeProblem(dev, "rateLimits.perIp", (edge) => (edge.rateLimits.perIp = 100.5)).message).toBe("expected a whole number, got 100.5");
    expect(edgeProblem(dev, "rateLimits.evaluationWindowSeconds", (edge) => Object.assign(edge.rateLimits, { evaluationWindowSeconds: 30 }))).toEqual({
      message: "number 30 is not allowed",
      hint: "use one of 60, 120, 300, 600",
    });
  });

  test("a domain that is not a bare DNS name", () => {
    expect(edgeProblem(dev, "domain", (edge) => (edge.domain = "https://mcp.dev.example.com/"))).toEqual({
      message: '"https://mcp.dev.example.com/" is not a bare DNS name',
      hint: 'give the host name alone: Did you mean "mcp.dev.example.com"?',
    });
    expect(edgeProblem(dev, "domain", (edge) => (edge.domain = "*.example.com")).message).toBe('"*.example.com" is a wildcard');
    expect(edgeProblem(dev, "domain", (edge) => (edge.domain = "localhost"))).toEqual({
      message: '"localhost" is not a DNS name',
      hint: "write a lower-case DNS name of two or more labels, e.g. mcp.example.com",
    });
  });

  test("origins a browser would never send, or that admit too much", () => {
    const origin = (value: string) => edgeProblem(dev, "allowedOrigins[0]", (edge) => (edge.allowedOrigins = [value]));
    expect(origin("*")).toEqual({ message: '"*" would admit every web site', hint: "list each browser origin that may call the MCP endpoints, e.g. https://agents.example.com" });
    expect(origin("http://agents.example.com")).toEqual({ message: '"http://agents.example.com" is not an HTTPS origin', hint: 'browser clients must use HTTPS: Did you mean "https://agents.example.com"?' });
    expect(origin("https://agents.example.com/")).toEqual({ message: '"https://agents.example.com/" has a path', hint: 'an origin is scheme, host and port only: Did you mean "https://agents.example.com"?' });
    expect(origin("https://agents.example.com:443").hint).toBe('browsers omit :443 in the Origin header: Did you mean "https://agents.example.com"?');
    expect(origin("https://Agents.Example.com").hint).toBe('browsers send host names in lower case: Did you mean "https://agents.example.com"?');
    expect(origin("https://agents.example.com:99999").message).toBe('"https://agents.example.com:99999" has an invalid port');
    expect(origin("agents.example.com").message).toBe('"agents.example.com" is not an origin');
    expect(origin("https://10.0.0.1").message).toBe('"https://10.0.0.1" does not name a DNS host');
    const eleven = Array.from({ length: 11 }, (_, i) => `https://agents${i}.example.com`);
    expect(edgeProblem(dev, "allowedOrigins", (edge) => (edge.allowedOrigins = eleven))).toEqual({
      message: "has 11 items, more than 10",
      hint: "remove 1: the origin allowlist is one AWS WAF regex pattern set, which holds at most 10 patterns",
    });
    expect(edgeProblem(dev, "allowedOrigins[1]", (edge) => (edge.allowedOrigins = ["https://a.example.com", "https://a.example.com"])).message).toBe(
      'duplicate origin "https://a.example.com", already at edge.allowedOrigins[0]'
    );
    expect(() => parseEnvironment({ ...copy(dev), edge: { ...copy(dev).edge, allowedOrigins: ["https://agents.example.com:8443"] } })).not.toThrow();
  });

  test("paths: a malformed prefix, a human path overlapping the MCP prefix, no human path at all", () => {
    expect(edgeProblem(dev, "mcpPathPrefix", (edge) => (edge.mcpPathPrefix = "mcp/"))).toEqual({ message: '"mcp/" is not a path prefix', hint: 'Did you mean "/mcp"?' });
    expect(edgeProblem(dev, "humanPaths[0]", (edge) => (edge.humanPaths = ["/mcp/login"]))).toEqual({
      message: '"/mcp/login" overlaps the MCP path prefix "/mcp"',
      hint: "list only sign-in and other pages for people: Bot Control blocks automated clients there, and MCP clients are automated",
    });
    expect(edgeProblem(dev, "humanPaths", (edge) => (edge.humanPaths = []))).toEqual({
      message: "needs at least 1 item, got 0",
      hint: 'list the sign-in pages people use, e.g. ["/signin"]: Bot Control blocks bots there',
    });
  });

  test("a body limit beyond what WAF inspects behind an ALB, and count mode in production", () => {
    expect(edgeProblem(dev, "maxRequestBodyBytes", (edge) => (edge.maxRequestBodyBytes = 16384)).message).toBe("16384 is outside 1 to 8192");
    expect(edgeProblem(prod, "countManagedRuleGroups", (edge) => (edge.countManagedRuleGroups = true))).toEqual({
      message: "count mode is not allowed in production",
      hint: "set false: production blocks with every AWS managed rule group (NET-03); tune false positives in another environment",
    });
    expect(() => parseEnvironment({ ...copy(dev), edge: { ...copy(dev).edge, countManagedRuleGroups: true } })).not.toThrow();
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
    const document = YAML.parse(fs.readFileSync(fixture("staging.yaml"), "utf8"));
    document.mcpServers[0].approvedTools = fixture("approved-tools/staging/ticket-search.json");
    expect(fromYaml).toEqual(document);
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

describe("parseEnvironment: MSH-03 secrets are declared by name, never by value", () => {
  /** A dev copy whose first server has the config's secrets plus `extra` raw keys on its first secret. */
  function withSecret(extra: Record<string, unknown>): DeepMutable<EnvironmentConfig> {
    const env = copy(dev);
    Object.assign(env.mcpServers[0].secrets[0], extra);
    return env;
  }

  test("a value in a secret entry, or under any secret-like key, is refused with where the value goes instead", () => {
    for (const key of ["value", "secretString", "secret_string", "password", "token", "apiKey"]) {
      const problems = parseProblems(withSecret({ [key]: "correct horse battery staple" }));
      expect(problems).toEqual([
        {
          path: `mcpServers[0].secrets[0].${key}`,
          message: SECRET_IN_CONFIG,
          hint: expect.stringMatching(new RegExp(`^remove "${key}"; declare the secret by name under mcpServers\\[\\]\\.secrets and put its value with \`aws secretsmanager put-secret-value\``)),
        },
      ]);
    }
    const atServer = copy(dev);
    Object.assign(atServer.mcpServers[0], { password: 12345678 });
    expect(parseProblems(atServer)).toEqual([expect.objectContaining({ path: "mcpServers[0].password", message: SECRET_IN_CONFIG })]);
    const inTags = copy(dev);
    inTags.tags.password = "hunter2";
    expect(parseProblems(inTags)).toEqual([expect.objectContaining({ path: "tags.password", message: SECRET_IN_CONFIG })]);
  });

  test("a credential pasted into any field is recognized by its format, and never echoed", () => {
    for (const [kind, sample] of Object.entries(SECRET_SAMPLES)) {
      const env = copy(dev);
      env.mcpServers[0].onboarding.purpose = `Reads issues with ${sample}`;
      const error = problemsOf(() => parseEnvironment(env));
      expect({ kind, problems: error }).toEqual({
        kind,
        problems: [{ path: "mcpServers[0].onboarding.purpose", message: SECRET_IN_CONFIG, hint: expect.stringMatching(new RegExp(`^this looks like ${kind} \\(".{0,4}…" \\(\\d+ characters\\)\\): remove it, revoke it \\(it has been exposed\\)`)) }],
      });
    }
    const env = copy(dev);
    env.tags.DeployToken = GITHUB_TOKEN;
    env.mcpServers[0].secrets[0].description = `GitHub App key ${SECRET_SAMPLES["a PEM private key"]}`;
    let message = "";
    try {
      parseEnvironment(env);
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message.split("\n").map((line) => line.split(":")[0])).toEqual(["tags.DeployToken", "mcpServers[0].secrets[0].description"]);
    expect(message).not.toContain(GITHUB_TOKEN);
    expect(message).not.toContain("MIIE");
  });

  test("a list under a secret-like key is a misspelt key, not a value", () => {
    const env = copy(dev);
    const { secrets, ...server } = env.mcpServers[0];
    env.mcpServers[0] = { ...server, secret: secrets } as unknown as typeof env.mcpServers[0];
    expect(problemAt(parseProblems(env), "mcpServers[0].secret")).toMatchObject({ message: 'unknown key "secret"', hint: 'Did you mean "secrets"?' });
  });

  test("secret names, descriptions and rotation settings", () => {
    const rotation = { lambdaArn: "arn:aws:lambda:eu-central-1:111111111111:function:rotate", roleArn: "arn:aws:iam::111111111111:role/rotate", days: 30 };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["mcpServers[0].secrets[0].name", { name: "API_Token" }, /Did you mean "api-token"\?/],
      ["mcpServers[0].secrets[0].description", { description: " " }, /who issues it/],
      ["mcpServers[0].secrets[0].rotation.days", { rotation: { ...rotation, days: 0 } }, /from 1 to 365/],
      ["mcpServers[0].secrets[0].rotation.days", { rotation: { ...rotation, days: 400 } }, /from 1 to 365/],
      ["mcpServers[0].secrets[0].rotation.days", { rotation: { ...rotation, days: 7.5 } }, /whole number/],
      ["mcpServers[0].secrets[0].rotation.lambdaArn", { rotation: { ...rotation, lambdaArn: "arn:aws:lambda:eu-central-1:999999999999:function:rotate" } }, /own account/],
      ["mcpServers[0].secrets[0].rotation.lambdaArn", { rotation: { ...rotation, lambdaArn: "arn:aws:lambda:us-east-1:111111111111:function:rotate" } }, /deploy the rotation function in eu-central-1/],
      ["mcpServers[0].secrets[0].rotation.lambdaArn", { rotation: { ...rotation, lambdaArn: "rotate-webhook" } }, /arn:aws:lambda:<region>:<account>:function:<name>/],
      ["mcpServers[0].secrets[0].rotation.roleArn", { rotation: { ...rotation, roleArn: "arn:aws:iam::999999999999:role/rotate" } }, /own account/],
      ["mcpServers[0].secrets[0].rotation.roleArn", { rotation: { ...rotation, roleArn: "rotate" } }, /execution role/],
      ["mcpServers[0].secrets[0].rotation", { rotation: { lambdaArn: rotation.lambdaArn, days: 30 } }, /add "roleArn"/],
    ];
    for (const [at, extra, hint] of cases) {
      expect({ at, hint: problemAt(parseProblems(withSecret(extra)), at.endsWith(".rotation") ? `${at}.roleArn` : at).hint }).toEqual({ at, hint: expect.stringMatching(hint) });
    }
    expect(() => parseEnvironment(withSecret({ rotation }))).not.toThrow();
    const twice = copy(dev);
    twice.mcpServers[0].secrets.push({ ...twice.mcpServers[0].secrets[0] });
    expect(problemAt(parseProblems(twice), "mcpServers[0].secrets[1].name").message).toBe('duplicate secret name "app-private-key", already at mcpServers[0].secrets[0]');
  });

  test("a KMS key that cannot exist for the environment: another account, another region, a managed key, a malformed ID", () => {
    const cases: [string, RegExp, RegExp][] = [
      ["arn:aws:kms:eu-central-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab", /is a key of account 999999999999/, /own account/],
      ["arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", /is a key in us-east-1, not in eu-central-1/, /use a key in eu-central-1/],
      ["alias/aws/secretsmanager", /is an AWS managed key/, /customer managed key/],
      ["arn:aws:kms:eu-central-1:111111111111:key/not-a-key", /neither a KMS key ARN nor an alias/, /arn:aws:kms:<region>:<account>:key\/<id>/],
      ["mrk-0123456789abcdef0123456789abcdef", /is a bare key ID/, /use its ARN/],
    ];
    for (const [key, message, hint] of cases) {
      const env = copy(dev);
      env.state.kmsKeyId = key;
      expect({ key, problem: problemAt(parseProblems(env), "state.kmsKeyId") }).toEqual({ key, problem: expect.objectContaining({ message: expect.stringMatching(message), hint: expect.stringMatching(hint) }) });
    }
    const multiRegion = copy(dev);
    multiRegion.state.kmsKeyId = "arn:aws:kms:eu-central-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef";
    expect(() => parseEnvironment(multiRegion)).not.toThrow();
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

describe("access: the administrators' VPN and role sessions (PUB-05, PUB-08, JIT-01)", () => {
  test("a VPN client range overlapping the environment's VPC", () => {
    const env = copy(dev);
    env.access.vpn.clientCidr = "10.10.4.0/22";
    expect(parseProblems(env)).toEqual([
      {
        path: "access.vpn.clientCidr",
        message: "10.10.4.0/22 overlaps the environment's VPC 10.10.0.0/16",
        hint: "choose a client range outside every VPC the clients reach, e.g. in 10.250.0.0/16",
      },
    ]);
  });

  test("a VPN client range of the wrong size, public, or with host bits", () => {
    const cases: [string, string, string][] = [
      ["10.250.0.0/24", '"10.250.0.0/24" has prefix /24, outside /12 to /22', "Client VPN needs a client range from /12 to /22, e.g. a /22 (1,024 addresses)"],
      ["100.64.0.0/22", '"100.64.0.0/22" is not in a private (RFC 1918) range', "use a range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16"],
      ["10.250.1.0/22", '"10.250.1.0/22" has host bits set', 'Did you mean "10.250.0.0/22"?'],
    ];
    for (const [clientCidr, message, hint] of cases) {
      const env = copy(dev);
      env.access.vpn.clientCidr = clientCidr;
      expect(problemAt(parseProblems(env), "access.vpn.clientCidr")).toEqual({ path: "access.vpn.clientCidr", message, hint });
    }
  });

  test("24-hour VPN sessions in production; allowed outside production", () => {
    const env = copy(prod);
    env.access.vpn.sessionTimeoutHours = 24;
    expect(parseProblems(env)).toEqual([
      {
        path: "access.vpn.sessionTimeoutHours",
        message: "24-hour VPN sessions are too long for production",
        hint: "set 12 or less (8, 10 or 12) in a production environment",
      },
    ]);
    expect(() => parseEnvironment({ ...env, production: false })).not.toThrow();
    expect(problemAt(parseProblems({ ...copy(dev), access: { ...copy(dev).access, vpn: { ...copy(dev).access.vpn, sessionTimeoutHours: 9 } } }), "access.vpn.sessionTimeoutHours").hint).toBe(
      "use one of 8, 10, 12, 24"
    );
  });

  test("role sessions longer than an hour in production, or longer than 4 hours anywhere", () => {
    const env = copy(prod);
    env.access.maxSessionHours = 2;
    expect(parseProblems(env)).toEqual([
      {
        path: "access.maxSessionHours",
        message: "2-hour role sessions are too long for production",
        hint: "set 1: privileged production sessions last at most an hour (JIT-01)",
      },
    ]);
    const devEnv = copy(dev);
    devEnv.access.maxSessionHours = 12;
    expect(problemAt(parseProblems(devEnv), "access.maxSessionHours").message).toBe("12 is outside 1 to 4");
  });

  test("ARNs from another account, another region, or of the wrong kind", () => {
    const env = copy(dev);
    env.access.vpn.serverCertificateArn = "arn:aws:acm:eu-central-1:999999999999:certificate/5f0d8c1e-2b7a-4c3d-9e8f-0a1b2c3d4e01";
    env.access.vpn.rootCertificateChainArn = "arn:aws:acm:us-east-1:111111111111:certificate/5f0d8c1e-2b7a-4c3d-9e8f-0a1b2c3d4e02";
    env.access.vpn.samlProviderArn = "arn:aws:iam::999999999999:saml-provider/vpn";
    env.access.identityProviderArn = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    const problems = parseProblems(env);
    expect(problems.map((problem) => problem.path)).toEqual([
      "access.vpn.serverCertificateArn",
      "access.vpn.rootCertificateChainArn",
      "access.vpn.samlProviderArn",
      "access.identityProviderArn",
    ]);
    expect(problemAt(problems, "access.vpn.serverCertificateArn")).toMatchObject({
      message: `${quote(env.access.vpn.serverCertificateArn)} is a certificate of account 999999999999, not of this environment's account 111111111111`,
      hint: "import the certificate into the environment's own account: ISO-03 shares nothing between environments",
    });
    expect(problemAt(problems, "access.vpn.rootCertificateChainArn")).toMatchObject({
      message: `${quote(env.access.vpn.rootCertificateChainArn)} is in region us-east-1, not in the environment's region eu-central-1`,
      hint: "import the certificate into ACM in eu-central-1: Client VPN uses certificates of its own region only",
    });
    expect(problemAt(problems, "access.vpn.samlProviderArn").message).toBe(
      '"arn:aws:iam::999999999999:saml-provider/vpn" is a SAML provider of account 999999999999, not of this environment\'s account 111111111111'
    );
    expect(problemAt(problems, "access.identityProviderArn")).toMatchObject({
      message: `${quote(env.access.identityProviderArn)} is an OIDC provider, not a SAML provider`,
      hint: "use arn:aws:iam::<account>:saml-provider/<name>: administrators sign in through SAML federation",
    });
  });

  test("a blank admin group and an overlong banner", () => {
    const env = copy(dev);
    env.access.vpn.adminGroupId = " ";
    env.access.vpn.bannerText = "x".repeat(1401);
    const problems = parseProblems(env);
    expect(problemAt(problems, "access.vpn.adminGroupId").hint).toBe("name the administrators' group as the identity provider asserts it, e.g. mcp-admins");
    expect(problemAt(problems, "access.vpn.bannerText").message).toBe("has 1401 characters, more than 1400");
  });

  test("a VPN client range overlapping another environment's VPC", () => {
    const env = copy(dev);
    env.access.vpn.clientCidr = "10.30.4.0/22";
    expect(problemsOf(() => validateEnvironmentSet([env, testEnv, prod]))).toEqual([
      {
        path: "dev: access.vpn.clientCidr",
        message: "10.30.4.0/22 overlaps the VPC 10.30.0.0/16 of prod",
        hint: "choose a client range that overlaps no environment's VPC, e.g. in 10.250.0.0/16",
      },
    ]);
  });

  test("production with longer VPN sessions than a non-production environment", () => {
    const strictDev = copy(dev);
    strictDev.access.vpn.sessionTimeoutHours = 8;
    const looseProd = copy(prod);
    looseProd.access.vpn.sessionTimeoutHours = 12;
    expect(problemsOf(() => validateEnvironmentSet([strictDev, testEnv, looseProd]))).toEqual([
      {
        path: "prod: access.vpn.sessionTimeoutHours",
        message: "12 in production is weaker than non-production dev (8): lower is stronger",
        hint: "set 8 or less: production is never weaker than non-production",
      },
    ]);
  });
});

describe("logging: the log archive's retention (LOG-04, IR-02d)", () => {
  test("the retention is required, with no default: a compliance-mode lock cannot be shortened later", () => {
    const env = copy(dev);
    delete (env.logging as { archiveRetentionDays?: number }).archiveRetentionDays;
    expect(parseProblems(env)).toEqual([
      { path: "logging.archiveRetentionDays", message: "is required", hint: expect.stringMatching(/^add "archiveRetentionDays": Days every archived log object .* choose deliberately\.$/) },
    ]);
    const { logging, ...withoutLogging } = copy(dev);
    expect(logging.archiveRetentionDays).toBe(30);
    // The section's safe setting (largeResponseBytes) has a default; its facts are named one by one.
    expect(parseProblems(withoutLogging).map((problem) => problem.path)).toEqual(["logging.archiveRetentionDays", "logging.siem"]);
  });

  test("production keeps archived logs at least 365 days", () => {
    const env = copy(prod);
    env.logging.archiveRetentionDays = 364;
    expect(parseProblems(env)).toEqual([
      {
        path: "logging.archiveRetentionDays",
        message: "364 is below the production minimum of 365 days of archive retention",
        hint: "set 365 or more in a production environment",
      },
    ]);
    expect(() => parseEnvironment({ ...env, production: false })).not.toThrow();
  });

  test("values Object Lock does not accept, and a malformed organization ID", () => {
    const cases: [unknown, string, string][] = [
      [0, "0 is outside 1 to 36500", "use a whole number from 1 to 36500"],
      [36501, "36501 is outside 1 to 36500", "use a whole number from 1 to 36500"],
      [90.5, "expected a whole number, got 90.5", "use a whole number from 1 to 36500"],
      ["365", 'expected a number, got string "365"', "write the number without quotes: 365"],
    ];
    for (const [days, message, hint] of cases) {
      const env = copy(dev);
      Object.assign(env.logging, { archiveRetentionDays: days });
      expect(parseProblems(env)).toEqual([{ path: "logging.archiveRetentionDays", message, hint }]);
    }
    const env = copy(dev);
    env.logging.organizationId = "o-ABC";
    expect(problemAt(parseProblems(env), "logging.organizationId")).toEqual({
      path: "logging.organizationId",
      message: '"o-ABC" is not an AWS Organizations ID',
      hint: "write the ID shown in AWS Organizations, e.g. o-a1b2c3d4e5, or leave the key out to admit only this account",
    });
    env.logging.organizationId = "o-a1b2c3d4e5";
    expect(parseEnvironment(env).logging).toEqual({ ...dev.logging, organizationId: "o-a1b2c3d4e5" });
  });

  test("production never keeps archived logs shorter than a non-production environment", () => {
    const [devEnv, testEnvironment, prodEnv] = BUILT_IN_ENVIRONMENTS;
    const longDev = copy(devEnv);
    longDev.logging.archiveRetentionDays = 400;
    expect(problemsOf(() => validateEnvironmentSet([longDev, testEnvironment, prodEnv]))).toEqual([
      {
        path: "prod: logging.archiveRetentionDays",
        message: "365 in production is weaker than non-production dev (400): higher is stronger",
        hint: "set 400 or more: production is never weaker than non-production",
      },
    ]);
  });
});

describe("logging.siem and logging.largeResponseBytes: where logs are shipped, what response is too large (LOG-02, DLP-03)", () => {
  const siemProblem = (edit: (siem: Record<string, unknown>) => void, field: string) => {
    const env = copy(prod);
    edit(env.logging.siem as unknown as Record<string, unknown>);
    return problemAt(parseProblems(env), `logging.siem.${field}`);
  };

  test("the built-in environments name an HTTPS SIEM endpoint and a secret of their own account and region", () => {
    for (const environment of BUILT_IN_ENVIRONMENTS) {
      expect(parseEnvironment(environment).logging.siem).toEqual(environment.logging.siem);
      expect(environment.logging.siem.accessKeySecretArn).toContain(`:${environment.region}:${environment.accountId}:secret:`);
    }
    const { siem, ...withoutSiem } = copy(dev).logging;
    expect(siem.name).toBe("siem-dev");
    expect(parseProblems({ ...copy(dev), logging: withoutSiem })).toEqual([{ path: "logging.siem", message: "is required", hint: 'add "siem": The SIEM every log group of the environment is shipped to, through Kinesis Data Firehose (LOG-02, TS-04).' }]);
  });

  test("the endpoint must be https, on a DNS host, with no credential in it", () => {
    expect(siemProblem((siem) => (siem["endpointUrl"] = "http://siem.example.com/ingest"), "endpointUrl")).toEqual({
      path: "logging.siem.endpointUrl",
      message: '"http://siem.example.com/ingest" does not use https',
      hint: "logs must travel encrypted: use https://siem.example.com/ingest",
    });
    expect(siemProblem((siem) => (siem["endpointUrl"] = "https://user:pw@siem.example.com/"), "endpointUrl")?.message).toBe('"https://user:pw@siem.example.com/" carries credentials in the URL');
    expect(siemProblem((siem) => (siem["endpointUrl"] = "https://siem.example.com/ingest?token=abc"), "endpointUrl")).toEqual({
      path: "logging.siem.endpointUrl",
      message: '"https://siem.example.com/ingest?token=abc" carries a credential in its query (token)',
      hint: "remove it: put the access key in the Secrets Manager secret named by accessKeySecretArn",
    });
    expect(siemProblem((siem) => (siem["endpointUrl"] = "https://203.0.113.10/ingest"), "endpointUrl")?.message).toBe('"https://203.0.113.10/ingest" does not name a DNS host');
    expect(siemProblem((siem) => (siem["endpointUrl"] = "siem.example.com"), "endpointUrl")?.message).toBe('"siem.example.com" is not a URL');
    expect(siemProblem((siem) => (siem["name"] = "splunk/prod"), "name")?.message).toBe('"splunk/prod" is not a valid destination name');
  });

  test("the access key is a full secret ARN of the environment's own account and region, never the key itself", () => {
    expect(siemProblem((siem) => (siem["accessKeySecretArn"] = "hec-token-1234"), "accessKeySecretArn")?.message).toBe('"hec-token-1234" is not a full Secrets Manager secret ARN');
    expect(siemProblem((siem) => (siem["accessKeySecretArn"] = "arn:aws:secretsmanager:eu-central-1:333333333333:secret:mcp/prod/siem"), "accessKeySecretArn")?.message).toBe(
      '"arn:aws:secretsmanager:e…" (69 characters) is not a full Secrets Manager secret ARN'
    );
    expect(siemProblem((siem) => (siem["accessKeySecretArn"] = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:mcp/prod/siem-Ab12Cd"), "accessKeySecretArn")?.hint).toBe(
      "create the secret in the environment's own account: ISO-03 shares no credentials between environments"
    );
    expect(siemProblem((siem) => (siem["accessKeySecretArn"] = "arn:aws:secretsmanager:us-east-1:333333333333:secret:mcp/prod/siem-Ab12Cd"), "accessKeySecretArn")?.message).toBe(
      '"arn:aws:secretsmanager:u…" (73 characters) is a secret in us-east-1, not in eu-central-1'
    );
    const env = copy(prod);
    (env.logging.siem as unknown as Record<string, unknown>)["accessKey"] = "abc123";
    expect(problemAt(parseProblems(env), "logging.siem.accessKey")?.message).toBe(SECRET_IN_CONFIG);
  });

  test("the large-response threshold is 1 KiB to 100 MiB, and production's is no higher than another environment's", () => {
    const env = copy(dev);
    env.logging.largeResponseBytes = 100;
    expect(parseProblems(env)).toEqual([{ path: "logging.largeResponseBytes", message: "100 is outside 1024 to 104857600", hint: "use a whole number from 1024 to 104857600" }]);
    const [devEnv, testEnvironment, prodEnv] = BUILT_IN_ENVIRONMENTS;
    const strictDev = copy(devEnv);
    strictDev.logging.largeResponseBytes = 65536;
    expect(problemsOf(() => validateEnvironmentSet([strictDev, testEnvironment, prodEnv]))).toEqual([
      {
        path: "prod: logging.largeResponseBytes",
        message: "524288 in production is weaker than non-production dev (65536): lower is stronger",
        hint: "set 65536 or less: production is never weaker than non-production",
      },
    ]);
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
      return { code: validate.run(args), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  test("no file: usage error, exit 2", () => {
    const { code, stdout, stderr } = run([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/Usage: mcp-harden validate <file.yaml\|file.json>\.\.\./);
  });

  test("valid files: one line each, exit 0", () => {
    const devFile = writeTemp("dev.yaml", YAML.stringify(withLockFilesOf(dev)));
    const prodFile = writeTemp("prod.json", JSON.stringify(withLockFilesOf(prod)));
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

describe("parseEnvironment: the cluster, the CI publisher, and how the servers fit them", () => {
  const digest = `sha256:${"a".repeat(64)}`;
  const devRegistry = "111111111111.dkr.ecr.eu-central-1.amazonaws.com";

  test("the Kubernetes version is a minor version", () => {
    const env = copy(dev);
    env.cluster.kubernetesVersion = "v1.33.2";
    expect(problemAt(parseProblems(env), "cluster.kubernetesVersion")).toEqual({
      path: "cluster.kubernetesVersion",
      message: '"v1.33.2" is not a Kubernetes minor version',
      hint: 'Did you mean "1.33"?',
    });
  });

  test("instance types are well-formed and of the node group's architecture", () => {
    const env = copy(dev);
    env.cluster.nodeGroup.instanceTypes = ["m7g.large", "M7i.Large", "m7i.large", "m7i.large"];
    const problems = parseProblems(env);
    expect(problemAt(problems, "cluster.nodeGroup.instanceTypes[0]")).toMatchObject({
      message: '"m7g.large" is a Graviton (arm64) instance type, but the node group\'s architecture is x86_64',
      hint: 'use an x86_64 type such as "m7i.large", or set architecture to "arm64"',
    });
    expect(problemAt(problems, "cluster.nodeGroup.instanceTypes[1]").hint).toBe('Did you mean "m7i.large"?');
    expect(problemAt(problems, "cluster.nodeGroup.instanceTypes[3]").message).toBe('duplicate instance type "m7i.large", already at cluster.nodeGroup.instanceTypes[2]');
    env.cluster.nodeGroup.architecture = "arm64";
    env.cluster.nodeGroup.instanceTypes = ["m7i.large"];
    expect(problemAt(parseProblems(env), "cluster.nodeGroup.instanceTypes[0]").hint).toBe('use a Graviton type such as "m7g.large", or set architecture to "x86_64"');
  });

  test("node group sizes are ordered, and production keeps at least two nodes", () => {
    const env = copy(dev);
    env.cluster.nodeGroup.desiredSize = 9;
    expect(problemAt(parseProblems(env), "cluster.nodeGroup.desiredSize")).toEqual({
      path: "cluster.nodeGroup.desiredSize",
      message: "9 is outside minSize 2 to maxSize 4",
      hint: "use a size from 2 to 4",
    });
    env.cluster.nodeGroup.maxSize = 1;
    expect(problemAt(parseProblems(env), "cluster.nodeGroup.maxSize").message).toBe("1 is below minSize 2");
    const production = copy(prod);
    production.cluster.nodeGroup.minSize = 1;
    production.cluster.nodeGroup.desiredSize = 1;
    expect(problemAt(parseProblems(production), "cluster.nodeGroup.minSize").message).toBe("1 is below the production minimum of 2 nodes");
  });

  test("the CI publisher is one role of the environment's own account", () => {
    const problemFor = (arn: string) => problemAt(parseProblems({ ...copy(dev), ci: { publisherRoleArn: arn } }), "ci.publisherRoleArn");
    expect(problemFor("arn:aws:iam::333333333333:role/mcp-prod-ci-publisher")).toMatchObject({
      message: '"arn:aws:iam::333333333333:role/mcp-prod-ci-publisher" is a role of account 333333333333, not of this environment\'s account 111111111111',
      hint: "use a role in the environment's own account: ISO-03 shares no roles between environments",
    });
    expect(problemFor("arn:aws:iam::111111111111:role/ci-*").message).toBe('"arn:aws:iam::111111111111:role/ci-*" has a wildcard');
    expect(problemFor("mcp-dev-ci-publisher").hint).toBe("write arn:aws:iam::<account>:role/<name>");
  });

  test("a server image from outside the environment's ECR registry is refused, with the image to push instead", () => {
    const env = copy(dev);
    env.mcpServers[0].image = `ghcr.io/example/github-tools@${digest}`;
    expect(problemAt(parseProblems(env), "mcpServers[0].image")).toEqual({
      path: "mcpServers[0].image",
      message: `image registry "ghcr.io" is not this environment's ECR registry ${devRegistry}`,
      hint: `push the image to ${devRegistry}/mcp/github-tools and pin it there: only the environment's own registry is scanned and admitted (CTR-05, PROV-03); Did you mean "${devRegistry}/mcp/github-tools@${digest}"?`,
    });
    env.mcpServers[0].image = `333333333333.dkr.ecr.eu-central-1.amazonaws.com/mcp/github-tools@${digest}`;
    expect(problemAt(parseProblems(env), "mcpServers[0].image").message).toBe(`image registry "333333333333.dkr.ecr.eu-central-1.amazonaws.com" is not this environment's ECR registry ${devRegistry}`);
    env.mcpServers[0].image = `${devRegistry}/tools/github@${digest}`;
    expect(problemAt(parseProblems(env), "mcpServers[0].image")).toMatchObject({
      message: 'image repository "tools/github" is not the server\'s repository "mcp/github-tools"',
      hint: `push the image to mcp/github-tools, the repository created, scanned and access-controlled for this server; Did you mean "${devRegistry}/mcp/github-tools@${digest}"?`,
    });
  });

  test("servers whose quotas at maxReplicas exceed the node group are refused, naming each server's share", () => {
    const env = copy(prod);
    env.mcpServers[0].quota.maxReplicas = 8;
    env.mcpServers[1].quota.maxReplicas = 10;
    expect(parseProblems(env)).toEqual([
      {
        path: "cluster.nodeGroup.maxSize",
        message: "the MCP servers need up to 13 CPU at maxReplicas (github-tools 1 × 8 = 8, docs-search 500m × 10 = 5), more than the 12 of 6 nodes × 2",
        hint: "raise cluster.nodeGroup.maxSize to 7 or more, or cluster.nodeGroup.capacityPerNode.cpu, or lower a server's quota.cpu or quota.maxReplicas",
      },
    ]);
    env.mcpServers[0].quota.memory = "8Gi";
    env.mcpServers[0].quota.maxReplicas = 6;
    env.mcpServers[1].quota.maxReplicas = 6;
    expect(parseProblems(env)).toEqual([
      {
        path: "cluster.nodeGroup.maxSize",
        message: "the MCP servers need up to 51Gi memory at maxReplicas (github-tools 8Gi × 6 = 48Gi, docs-search 512Mi × 6 = 3Gi), more than the 48Gi of 6 nodes × 8Gi",
        hint: "raise cluster.nodeGroup.maxSize to 7 or more, or cluster.nodeGroup.capacityPerNode.memory, or lower a server's quota.memory or quota.maxReplicas",
      },
    ]);
  });

  test("a replica larger than what one node offers is refused at its quota", () => {
    const env = copy(dev);
    env.mcpServers[0].quota.cpu = "1500m";
    env.mcpServers[0].quota.maxReplicas = 1;
    expect(parseProblems(env)).toEqual([
      {
        path: "mcpServers[0].quota.cpu",
        message: "1500m CPU per replica of github-tools does not fit on one node, which offers 1 (cluster.nodeGroup.capacityPerNode.cpu)",
        hint: "lower the server's quota.cpu to 1 or less, or raise cluster.nodeGroup.capacityPerNode.cpu with a larger instance type",
      },
    ]);
  });
});

describe("bastion: accounts, SSH public keys, instance, image rebuild and sessions (PUB-05, OPS-01)", () => {
  const RSA_2048 =
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCS6SVgFzuRMRFiSHWpc7bwhjmEpqxgqGc0OcSEyNO1Xti1eFy/oYDZ3WrM4IU9ppq1xmUWDjijs5qXnRlVM8FPFOQSlzd4YatobZ2hAV4Nn5D1rQBah3xdOGLPOHSk0XijXHQ+1wQgm0dT64wPURE3jIebAGJF2dyaLTfyIwl7g5Ia5oltsj2X3xaRcsx/bjRBfLwVzEWAu1R8Sc4V5rfaTdYmTaLRhkCzdnJY1U7diP6jPBsIAaHUpao0/qBwrd7V/pHuG0uUAWfUyef7GNXyuYKXq//OwH8wl3YeQg6L3l+6oDQXItK14d9LoYgHf0v578NyQ4v8eJxNOYfc2+Q1 short";
  const RSA_3072 =
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCzQ+YmRdGPZ1cfcd5mOZNvF7qld3GG0rTxak4AhkmZwUQ3XI76Aw8zDMaKrvp/VREfGzwCS9LXCdYHLfxdDyb9pS8b2FFKvIdebkVOFNC2O8cWfKLcLOpt0UU1ON3p/Ux5luZMaWWJlkBulf6y4yjoqiP0FlIvcR70B2lI9LzV4cYTuMppaY5xwL33XAe8GShcm5s20yL4gVWdH77Kiu0PLO8oLH2l/+6ofd0qkci0a4PbIroJ1SgnzzHBjNwe0ls+FYQbhjN2R3L8LNe0rQmxkQD/ICUnCU2rZ9G1LjArPufSUaVAT6k8nWCZMq9jw0haIDqTTL+OO18qYMHinI+XVlxxHsQo5c/d/f8EAD0z8lTDawhY1WRyKMyQYYRWR5wsFYuvZ5atbzCe6s+4ZUXr3fRcsCQ9jmKaQAsQDLT+6aZnlLnxiIRDgqkkQsyAmJdyliiLh4Q62nSGaEx0DTGgqxd/pUxCAPtsHgki8wmBryTuivLS9MrDJ091E1GTXis= ok";
  const ECDSA_P256 =
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMh0eccGfc0jJfQeC06NbjVjrxLLoQcFjwzKg4tJYVoLe4kpSiyW8h/6Qw4gLrg98NbJkfzPDoWLGdBs2feJg+k= ecdsa";
  const PRIVATE_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ";

  /** dev with its one key replaced. */
  function withKey(publicKey: string): DeepMutable<EnvironmentConfig> {
    const env = copy(dev);
    env.bastion.authorizedKeys[0].publicKey = publicKey;
    return env;
  }

  /** The one problem of parsing dev with its key replaced. */
  function keyProblem(publicKey: string): ConfigProblem {
    const problems = parseProblems(withKey(publicKey));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("bastion.authorizedKeys[0].publicKey");
    return problems[0];
  }

  test("accepted keys: Ed25519, FIDO2 sk-ssh-ed25519 and sk-ecdsa, ECDSA, RSA of 3072 bits", () => {
    for (const key of [dev.bastion.authorizedKeys[0].publicKey, ...prod.bastion.authorizedKeys.map((entry) => entry.publicKey), ECDSA_P256, RSA_3072]) {
      expect(() => parseEnvironment(withKey(key))).not.toThrow();
    }
    expect(prod.bastion.authorizedKeys.map((entry) => entry.publicKey.split(" ")[0])).toEqual(["sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"]);
  });

  test("a private key is refused with the fix, and none of it is repeated", () => {
    for (const secret of [
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${PRIVATE_BODY}\n-----END OPENSSH PRIVATE KEY-----`,
      `-----BEGIN RSA PRIVATE KEY-----\n${PRIVATE_BODY}\n-----END RSA PRIVATE KEY-----`,
      `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n${PRIVATE_BODY}`,
    ]) {
      const problems = parseProblems(withKey(secret));
      expect(problems).toEqual([
        expect.objectContaining({ path: "bastion.authorizedKeys[0].publicKey", hint: expect.stringMatching(/private key.*(?:revoke it|generate a new key pair)/) }),
      ]);
      expect(JSON.stringify(problems)).not.toContain(PRIVATE_BODY);
    }
  });

  test("an RSA key shorter than 3072 bits, measured from the decoded key", () => {
    expect(keyProblem(RSA_2048)).toEqual({
      path: "bastion.authorizedKeys[0].publicKey",
      message: "the ssh-rsa key has 2048 bits, fewer than 3072",
      hint: "generate an Ed25519 key (ssh-keygen -t ed25519, or -t ed25519-sk for a FIDO2 security key), or RSA with -b 4096",
    });
  });

  test("types that are not accepted: DSA, certificates, unknown", () => {
    expect(keyProblem("ssh-dss AAAAB3NzaC1kc3MAAACBAP1 old").message).toBe("is a DSA key, which OpenSSH no longer accepts");
    expect(keyProblem("ssh-ed25519-cert-v01@openssh.com AAAA cert").message).toBe('key type "ssh-ed25519-cert-v01@openssh.com" is not accepted');
    expect(keyProblem("ssh-ed448 AAAA x").hint).toMatch(/^use one of ssh-ed25519, sk-ssh-ed25519@openssh.com, /);
    expect(keyProblem("Zq8+UNKNOWN/SECRET+lookingValue= x").message).toBe("the key type is not accepted");
  });

  test("base64 that is malformed, truncated, or of another key type than declared", () => {
    const ed25519 = dev.bastion.authorizedKeys[0].publicKey.split(" ")[1];
    expect(keyProblem(`ssh-ed25519 ${ed25519.slice(0, -1)}! alice`).message).toBe("the ssh-ed25519 key data is not well-formed base64");
    expect(keyProblem(`ssh-ed25519 ${ed25519.slice(0, 40)} alice`).message).toBe("the ssh-ed25519 key data is truncated or corrupt");
    expect(keyProblem(`ssh-ed25519 ${ECDSA_P256.split(" ")[1]} alice`)).toEqual({
      path: "bastion.authorizedKeys[0].publicKey",
      message: "the key says ssh-ed25519 but its data is a ecdsa-sha2-nistp256 key",
      hint: "copy the whole line of the .pub file without editing it",
    });
    expect(keyProblem(`ssh-ed25519`).message).toBe("has the type ssh-ed25519 but no key data");
  });

  test("other formats: RFC 4716, authorized_keys options, several keys in one entry", () => {
    expect(keyProblem(`---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----`).hint).toBe("convert it with ssh-keygen -i -f <file>, and paste the one line it prints");
    expect(keyProblem(`from="10.0.0.0/8" ${dev.bastion.authorizedKeys[0].publicKey}`).message).toBe("starts with authorized_keys options");
    expect(keyProblem(`${dev.bastion.authorizedKeys[0].publicKey}\n${ECDSA_P256}`)).toEqual({
      path: "bastion.authorizedKeys[0].publicKey",
      message: "holds 2 lines, not one key",
      hint: "give each key its own entry in authorizedKeys",
    });
  });

  test("a key for a user not in allowUsers, and an allowed user without a key", () => {
    const env = copy(dev);
    env.bastion.authorizedKeys[0].user = "mallory";
    const problems = parseProblems(env);
    expect(problemAt(problems, "bastion.authorizedKeys[0].user")).toEqual({
      path: "bastion.authorizedKeys[0].user",
      message: '"mallory" is not in bastion.allowUsers',
      hint: 'add "mallory" to bastion.allowUsers, or give the key to one of alice',
    });
    expect(problemAt(problems, "bastion.allowUsers[0]")).toEqual({
      path: "bastion.allowUsers[0]",
      message: '"alice" has no key in bastion.authorizedKeys',
      hint: 'add { user: "alice", publicKey: "<the .pub line>" } or remove "alice"',
    });
    expect(problems).toHaveLength(2);
  });

  test("invalid Linux names, root and system accounts, duplicate or missing users", () => {
    const named = (name: string) => {
      const env = copy(dev);
      env.bastion.allowUsers = [name];
      env.bastion.authorizedKeys[0].user = name;
      return parseProblems(env);
    };
    expect(problemAt(named("Alice"), "bastion.allowUsers[0]")).toEqual({
      path: "bastion.allowUsers[0]",
      message: '"Alice" is not a valid Linux user name',
      hint: "use 1 to 32 lower-case letters, digits, _ or -, starting with a letter or _, e.g. alice",
    });
    expect(problemAt(named("root"), "bastion.allowUsers[0]").message).toBe('"root" is a system or service account');
    expect(problemAt(named("ec2-user"), "bastion.authorizedKeys[0].user").message).toBe('"ec2-user" is a system or service account');
    expect(problemAt(named("ssm-user"), "bastion.allowUsers[0]").message).toBe('"ssm-user" is a system or service account');
    const twice = copy(testEnv);
    twice.bastion.allowUsers = ["alice", "alice"];
    twice.bastion.authorizedKeys[1].user = "alice";
    expect(problemAt(parseProblems(twice), "bastion.allowUsers[1]").message).toBe('duplicate user "alice", already at bastion.allowUsers[0]');
    const nobody = copy(dev);
    nobody.bastion.allowUsers = [];
    nobody.bastion.authorizedKeys = [];
    expect(parseProblems(nobody).map((problem) => problem.path)).toEqual(["bastion.allowUsers", "bastion.authorizedKeys"]);
  });

  test("the same key on two entries, reported without repeating the key", () => {
    const env = copy(testEnv);
    env.bastion.authorizedKeys[1].publicKey = env.bastion.authorizedKeys[0].publicKey;
    const problems = parseProblems(env);
    expect(problems.map((problem) => problem.path)).toEqual(["bastion.authorizedKeys[0].publicKey", "bastion.authorizedKeys[1].publicKey"]);
    expect(problems[0]).toMatchObject({ message: "the same key is listed 2 times" });
    expect(JSON.stringify(problems)).not.toContain(env.bastion.authorizedKeys[0].publicKey.split(" ")[1]);
  });

  test("an arm64 or malformed instance type, a malformed rebuild schedule", () => {
    const env = copy(dev);
    env.bastion.instanceType = "t4g.small";
    env.bastion.imageRebuildSchedule = "cron(0 3 * * sun *)";
    expect(parseProblems(env)).toEqual([
      { path: "bastion.instanceType", message: '"t4g.small" is an arm64 (Graviton) type, but the bastion image is built for x86_64', hint: 'choose an x86_64 type, e.g. "t3.small" or "m7i.large"' },
      { path: "bastion.imageRebuildSchedule", message: '"cron(0 3 * * sun *)" must have ? in exactly one of day-of-month and day-of-week', hint: 'e.g. "cron(0 3 ? * sun *)" for Sundays 03:00 UTC' },
    ]);
    env.bastion.instanceType = "small";
    env.bastion.imageRebuildSchedule = "weekly";
    expect(parseProblems(env).map((problem) => problem.message)).toEqual(['"small" is not an EC2 instance type', '"weekly" is not an Image Builder cron expression']);
  });

  test("production replaces the bastion at least weekly and ends idle sessions within 15 minutes", () => {
    const env = copy(prod);
    env.bastion.maxInstanceLifetimeDays = 8;
    env.bastion.sessionIdleTimeoutMinutes = 16;
    expect(parseProblems(env)).toEqual([
      { path: "bastion.maxInstanceLifetimeDays", message: "8 is above the production maximum of 7 days", hint: "set 7 or less in a production environment" },
      { path: "bastion.sessionIdleTimeoutMinutes", message: "16 is above the production maximum of 15 minutes", hint: "set 15 or less in a production environment" },
    ]);
    expect(() => parseEnvironment({ ...env, production: false })).not.toThrow();
  });

  test("production never keeps a bastion longer or idle sessions open longer than a non-production environment", () => {
    const strictTest = copy(testEnv);
    strictTest.bastion.maxInstanceLifetimeDays = 3;
    strictTest.bastion.sessionIdleTimeoutMinutes = 10;
    expect(problemsOf(() => validateEnvironmentSet([dev, strictTest, prod])).map((problem) => [problem.path, problem.message])).toEqual([
      ["prod: bastion.maxInstanceLifetimeDays", "7 in production is weaker than non-production test (3): lower is stronger"],
      ["prod: bastion.sessionIdleTimeoutMinutes", "15 in production is weaker than non-production test (10): lower is stronger"],
    ]);
  });
});

describe("parseEnvironment: how a server runs in Kubernetes (namespace, port, probes, API token)", () => {
  test("a privileged port without a declared need, a justification without a privileged port, ports out of range", () => {
    const env = copy(dev);
    env.mcpServers[0].port = 443;
    expect(problemAt(parseProblems(env), "mcpServers[0].port")).toEqual({
      path: "mcpServers[0].port",
      message: "443 is a privileged port (below 1024), and no need for it is declared",
      hint: "listen on a port from 1024 to 65535, e.g. 8080; only if the image cannot, set privilegedPortJustification to say why (the pod then gets the sysctl net.ipv4.ip_unprivileged_port_start, never a capability)",
    });
    Object.assign(env.mcpServers[0], { privilegedPortJustification: "vendor image" });
    expect(problemAt(parseProblems(env), "mcpServers[0].privilegedPortJustification").message).toBe("has 12 characters, fewer than 20");
    Object.assign(env.mcpServers[0], { privilegedPortJustification: "Vendor image binds 443 only; approved by security@example.com until 2027-01-01." });
    expect(parseEnvironment(env).mcpServers[0]).toMatchObject({ port: 443 });
    env.mcpServers[0].port = 8443;
    expect(problemAt(parseProblems(env), "mcpServers[0].privilegedPortJustification")).toEqual({
      path: "mcpServers[0].privilegedPortJustification",
      message: "port 8443 is not privileged",
      hint: "remove privilegedPortJustification: it is only for a port below 1024",
    });
    env.mcpServers[0].port = 0;
    expect(problemAt(parseProblems(env), "mcpServers[0].port").message).toBe("0 is outside 1 to 65535");
  });

  test.each(["default", "kube-system", "kube-anything", "istio-system", "istio-ingress", "mcp-gateway", "mcp-observability", "falco", "mcp-access-review"])("a server named like a namespace the cluster, mesh or platform owns: %s", (name) => {
    const env = copy(dev);
    env.mcpServers[0].name = name;
    expect(problemAt(parseProblems(env), "mcpServers[0].name")).toEqual({
      path: "mcpServers[0].name",
      message: `"${name}" names a namespace the cluster, the mesh or the platform owns`,
      hint: "choose another server name: it names the server's own namespace, and must not be default, kube-system, kube-public, kube-node-lease, istio-system, mcp-gateway, mcp-observability, falco, keycloak, mcp-access-review or start with kube- or istio-",
    });
  });

  test.each(BUILT_IN_ENVIRONMENTS.map((environment) => [environment.name, environment] as const))("%s: every namespace of the output that is not a server's own is one a server may not be named", (name, environment) => {
    const servers = new Set(environment.mcpServers.map((server) => server.name));
    const namespaces = new Set(yamlObjects(synthesizedPlans(), name, "Namespace").map((namespace) => String(namespace.metadata.name)));
    const platform = [...namespaces].filter((namespace) => !servers.has(namespace));
    expect(platform.length).toBeGreaterThan(3);
    expect(platform.filter((namespace) => checkServerNamespace(namespace) === undefined)).toEqual([]);
  });

  test.each(["cluster", "vpc-cni", "admin", "containment"])("a server named like one of the platform's IAM roles: %s", (name) => {
    const env = copy(dev);
    env.mcpServers[0].name = name;
    expect(problemAt(parseProblems(env), "mcpServers[0].name")).toEqual({
      path: "mcpServers[0].name",
      message: `"${name}" names one of the platform's own IAM roles (mcp-<env>-${name})`,
      hint: `choose another server name: the server's role would be mcp-<env>-<server>, and must not be one of ${PLATFORM_ROLE_NAMES.join(", ")}`,
    });
  });

  test("health paths that are not HTTP paths", () => {
    const env = copy(dev);
    const hint = (path: string) => {
      env.mcpServers[0].healthPath = path;
      return problemAt(parseProblems(env), "mcpServers[0].healthPath");
    };
    expect(hint("healthz")).toEqual({ path: "mcpServers[0].healthPath", message: '"healthz" is not an HTTP path', hint: 'Did you mean "/healthz"?' });
    expect(hint("/healthz?full=1").hint).toBe('Did you mean "/healthz"?');
    expect(hint("/health check").hint).toBe("write a path starting with /, without spaces, query or fragment, e.g. /healthz");
  });

  test("kubernetesApiAccess is a boolean", () => {
    const env = copy(dev);
    (env.mcpServers[0] as Record<string, unknown>).kubernetesApiAccess = "yes";
    expect(problemAt(parseProblems(env), "mcpServers[0].kubernetesApiAccess")).toMatchObject({ message: 'expected a boolean, got string "yes"' });
  });

  test("both are optional, and accepted when well-formed", () => {
    const env = copy(dev);
    env.mcpServers[0].healthPath = "/healthz";
    env.mcpServers[0].kubernetesApiAccess = true;
    expect(parseEnvironment(env).mcpServers[0]).toMatchObject({ healthPath: "/healthz", kubernetesApiAccess: true });
    expect(parseEnvironment(copy(dev)).mcpServers[0].healthPath).toBeUndefined();
  });
});

describe("parseEnvironment: the gateway and what it must be able to enforce (GW-03, AUTH-03, TS-01)", () => {
  test("a quota requesting more than its limits", () => {
    const env = copy(dev);
    env.mcpServers[0].quota.requests = { cpu: "750m", memory: "1Gi" };
    const problems = parseProblems(env);
    expect(problemAt(problems, "mcpServers[0].quota.requests.cpu")).toEqual({
      path: "mcpServers[0].quota.requests.cpu",
      message: "request 750m is above the limit quota.cpu 500m",
      hint: "lower quota.requests.cpu to 500m or less, or raise quota.cpu: a container can never use more than its limit, so a larger request only wastes the node",
    });
    expect(problemAt(problems, "mcpServers[0].quota.requests.memory").message).toBe("request 1Gi is above the limit quota.memory 512Mi");
    env.mcpServers[0].quota.requests = { cpu: "250m" };
    expect(parseEnvironment(env).mcpServers[0].quota.requests).toEqual({ cpu: "250m" });
    env.mcpServers[0].quota.requests = { cpu: "lots" };
    expect(problemAt(parseProblems(env), "mcpServers[0].quota.requests.cpu").message).toMatch(/lots/);
  });

  test("tool names that are not MCP tool names (1 to 128 of letters, digits, _ . -)", () => {
    const problemFor = (name: string) => {
      const env = copy(dev);
      env.mcpServers[0].tools[0].name = name;
      return problemAt(parseProblems(env), "mcpServers[0].tools[0].name");
    };
    expect(problemFor("search repositories")).toEqual({ path: "mcpServers[0].tools[0].name", message: '"search repositories" is not an MCP tool name', hint: 'Did you mean "search_repositories"?' });
    expect(problemFor("repos/search").hint).toBe('Did you mean "repossearch"?');
    expect(problemFor("").hint).toBe("use 1 to 128 letters, digits, _ . or -, exactly as the server lists it in tools/list");
    expect(problemFor("a".repeat(129)).message).toMatch(/is not an MCP tool name/);
    for (const name of ["a", "get.weather-v2_beta", "A".repeat(128)]) {
      const env = copy(dev);
      env.mcpServers[0].tools[0].name = name;
      expect(parseProblems(env).filter((problem) => problem.path === "mcpServers[0].tools[0].name")).toEqual([]);
    }
  });

  test("two servers with the same name, or the same audience", () => {
    const env = copy(testEnv);
    env.mcpServers[1].name = env.mcpServers[0].name;
    expect(problemAt(parseProblems(env), "mcpServers[1].name").message).toBe('duplicate server name "github-tools", already at mcpServers[0]');
    const audiences = copy(testEnv);
    audiences.gateway.audiences = { "github-tools": "api://mcp-tools", "docs-search": "api://mcp-tools" };
    expect(problemAt(parseProblems(audiences), 'gateway.audiences["docs-search"]')).toEqual({
      path: 'gateway.audiences["docs-search"]',
      message: 'audience "api://mcp-tools" of docs-search is also the audience of github-tools (mcpServers[0])',
      hint: "give every server its own audience in gateway.audiences: a token issued for one server must never be accepted by another (AUTH-03)",
    });
    audiences.gateway.audiences = { "docs-search": "https://mcp.test.example.com/mcp/github-tools" };
    expect(problemAt(parseProblems(audiences), 'gateway.audiences["docs-search"]').message).toBe('audience "https://mcp.test.example.com/mcp/github-tools" of docs-search is also the audience of github-tools (mcpServers[0])');
    audiences.gateway.audiences = { "Docs-Search": "api://docs", "github-tools": "api ://tools" };
    const problems = parseProblems(audiences);
    expect(problemAt(problems, 'gateway.audiences["Docs-Search"]')).toMatchObject({ message: '"Docs-Search" is not an MCP server of this environment', hint: 'Did you mean "docs-search"?' });
    expect(problemAt(problems, 'gateway.audiences["github-tools"]').message).toBe('"api ://tools" contains whitespace');
  });

  test("an egress domain the AWS firewall allowlist would not carry: the servers' domains and the JWKS host share its 250 entries", () => {
    const env = copy(dev);
    env.mcpServers[0].egressDomains = Array.from({ length: 250 }, (_, index) => `api${index}.example.com`);
    env.mcpServers[0].egressCertificateAuthorities = Object.fromEntries(env.mcpServers[0].egressDomains.map((domain) => [domain, [USERTRUST_ECC_ROOT]]));
    const problems = parseProblems(env);
    expect(problems).toHaveLength(1);
    expect(problemAt(problems, "mcpServers[0].egressDomains[249]")).toEqual({
      path: "mcpServers[0].egressDomains[249]",
      message: '"api249.example.com" would not be carried by the AWS Network Firewall allowlist, which holds at most 250 domains',
      hint: "replace families of hosts by one *.domain wildcard, or drop domains servers no longer call: every egress domain must also be allowed by the AWS firewall",
    });
    env.mcpServers[0].egressDomains.pop();
    delete env.mcpServers[0].egressCertificateAuthorities["api249.example.com"];
    expect(() => parseEnvironment(env)).not.toThrow();
  });

  test("the authorization server: https issuer and JWKS URL, a JWKS host the firewalls can allowlist", () => {
    const env = copy(dev);
    env.gateway.jwt = { issuer: "http://auth.dev.example.com/realms/mcp-dev", jwksUrl: "https://10.10.4.5/certs" };
    let problems = parseProblems(env);
    expect(problemAt(problems, "gateway.jwt.issuer")).toEqual({
      path: "gateway.jwt.issuer",
      message: '"http://auth.dev.example.com/realms/mcp-dev" is not an https URL',
      hint: 'the gateway fetches and trusts it only over TLS: Did you mean "https://auth.dev.example.com/realms/mcp-dev"?',
    });
    expect(problemAt(problems, "gateway.jwt.jwksUrl")).toMatchObject({ message: 'the host of "https://10.10.4.5/certs" cannot be allowlisted: "10.10.4.5" is an IP address' });
    env.gateway.jwt = { issuer: "https://user:pw@auth.dev.example.com/realms/mcp-dev", jwksUrl: "https://pastebin.com/raw/keys" };
    problems = parseProblems(env);
    expect(problemAt(problems, "gateway.jwt.issuer").message).toMatch(/carries credentials/);
    expect(problemAt(problems, "gateway.jwt.jwksUrl").message).toMatch(/is on the egress block list/);
  });

  test("gateway images from the environment's ECR, each component from its own repository", () => {
    const env = copy(dev);
    env.gateway.image = "cr.agentgateway.dev/agentgateway@sha256:5d0b9a1e3c7f2a4b6d8e0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e";
    env.gateway.rateLimitImage = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/redis@sha256:8e2c4a6f0b1d3e5a7c9f1b3d5e7a9c1f3b5d7e9a1c3f5b7d9e1a3c5f7b9d1e3a";
    env.gateway.rateLimitStoreImage = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/mcp/gateway/redis:7.4";
    const problems = parseProblems(env);
    expect(problemAt(problems, "gateway.image")).toMatchObject({ message: 'image registry "cr.agentgateway.dev" is not this environment\'s ECR registry 111111111111.dkr.ecr.eu-central-1.amazonaws.com' });
    expect(problemAt(problems, "gateway.image").hint).toMatch(/Did you mean "111111111111.dkr.ecr.eu-central-1.amazonaws.com\/mcp\/gateway\/agentgateway@sha256:5d0b/);
    expect(problemAt(problems, "gateway.rateLimitImage").message).toBe('image repository "mcp/gateway/redis" is not the component\'s repository "mcp/gateway/ratelimit"');
    expect(problemAt(problems, "gateway.rateLimitStoreImage").message).toMatch(/is not pinned by digest/);
  });

  test("two environments trusting the same token issuer (ISO-03)", () => {
    const shared = copy(testEnv);
    shared.gateway.jwt = { ...dev.gateway.jwt };
    expect(problemAt(problemsOf(() => validateEnvironmentSet([dev, shared])), "test: gateway.jwt.issuer")).toEqual({
      path: "test: gateway.jwt.issuer",
      message: 'token issuer "https://auth.dev.example.com/realms/mcp-dev" is also used by dev',
      hint: "give each environment its own authorization server tenant (e.g. its own realm): ISO-03 shares no authentication system between environments",
    });
  });

  test("trace sampling between 0 and 1, rate limits from 1", () => {
    const env = copy(dev);
    const sampling = (value: unknown) => {
      (env.gateway as { traceSampling: unknown }).traceSampling = value;
      return problemAt(parseProblems(env), "gateway.traceSampling");
    };
    expect(sampling(0)).toMatchObject({ message: "0 traces nothing", hint: "trace a share more than 0, e.g. 0.05: GW-04 needs request traces" });
    expect(sampling(20)).toMatchObject({ message: "20 is more than 1", hint: "write the share as a fraction: 0.2" });
    expect(sampling("10%")).toMatchObject({ hint: "write the share as a number without quotes: 0.1" });
    env.gateway.traceSampling = 0.5;
    env.gateway.rateLimits.perUserPerToolPerMinute = 0;
    expect(problemAt(parseProblems(env), "gateway.rateLimits.perUserPerToolPerMinute").message).toBe("0 is outside 1 to 100000");
  });
});

describe("observability: the cluster agents' images (LOG-02, GW-04, HOST-01)", () => {
  test("the section is required, and every image must be pinned by digest", () => {
    const { observability, ...without } = copy(dev);
    expect(observability.falcoImage).toMatch(/@sha256:[a-f0-9]{64}$/);
    expect(parseProblems(without)).toEqual([{ path: "observability", message: "is required", hint: 'add "observability": The in-cluster log shipper, trace collector and runtime sensor (LOG-02, GW-04, HOST-01, HOST-03).' }]);
    const env = copy(dev);
    env.observability.falcoImage = "docker.io/falcosecurity/falco:0.41.3";
    expect(problemAt(parseProblems(env), "observability.falcoImage")).toEqual({
      path: "observability.falcoImage",
      message: '"docker.io/falcosecurity/falco:0.41.3" is not pinned by digest',
      hint: "pin the image by digest: docker.io/falcosecurity/falco@sha256:<digest>",
    });
    expect(parseEnvironment(copy(dev)).observability).toEqual(dev.observability);
  });
});

describe("observability: validate accepts exactly the agent images synth accepts (#16.2)", () => {
  const digest = "@sha256:9b28046359054b414f4ba76056ba4e8cffda2d53fbcee06171d7eeecd71326c3";
  const mirrored = (repository: string) => {
    const env = copy(dev);
    env.observability.otelCollectorImage = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/${repository}${digest}`;
    return env;
  };

  test("an OpenTelemetry Collector image under a name the rules do not recognize is a validate error that says what to rename", () => {
    expect(problemAt(parseProblems(mirrored("otel")), "observability.otelCollectorImage")).toEqual({
      path: "observability.otelCollectorImage",
      message: `"123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/otel${digest}" is not recognized as an image of the OpenTelemetry Collector: the policy rules find the OpenTelemetry Collector by its image's repository name`,
      hint: expect.stringContaining("use an image whose repository name is one of aws-otel-collector, opentelemetry-collector,"),
    });
    const env = copy(dev);
    env.observability.falcoImage = `registry.example.com/security/runtime-sensor${digest}`;
    env.observability.fluentBitImage = `registry.example.com/logging/shipper${digest}`;
    expect(parseProblems(env).map((problem) => problem.path)).toEqual(["observability.fluentBitImage", "observability.falcoImage"]);
  });

  test("what validate refuses, synth would refuse for the same reason; what it accepts, synth writes", () => {
    const base = tempDir("agent-images");
    const refused = mirrored("otel") as EnvironmentConfig;
    expect(problemsOf(() => synthesize([refused], { outdir: path.join(base, "refused", "cdktf.out") }))).toEqual(parseProblems(refused).map((problem) => ({ ...problem, path: `dev: ${problem.path}` })));
    let violation: unknown;
    try {
      synthesizeApp((app, outputs) => addEnvironmentStacks(app, [refused], outputs), { outdir: path.join(base, "unvalidated", "cdktf.out") });
    } catch (error) {
      violation = error;
    }
    expect(violation).toBeInstanceOf(PolicyViolationError);
    expect([...new Set((violation as PolicyViolationError).report.findings.map((finding) => finding.rule))]).toEqual(["gw-04-trace-collector", "tool-09-guard-metrics-pipeline"]);
    const accepted = parseEnvironment(mirrored("aws-otel-collector"));
    expect(synthesize([accepted], { outdir: path.join(base, "written", "cdktf.out") }).findings).toEqual([]);
  });
});

describe("mcpServers[].egressCertificateAuthorities: every egress domain pinned to the CA its chain ends at (NET-04, TS-02)", () => {
  const certificate = (name: string) => fs.readFileSync(fixture(path.join("certificates", name)), "utf8");
  /** Generated once for these tests, keys discarded: a certificate with basicConstraints CA:FALSE valid 2025 to 2125, and a CA that expired in 2010. */
  const LEAF = certificate("leaf-not-ca.pem");
  const EXPIRED_CA = certificate("expired-ca.pem");
  const FIELD = "mcpServers[0].egressCertificateAuthorities";
  const GITHUB = `${FIELD}["api.github.com"]`;

  /** dev with the CAs of its api.github.com replaced. */
  function withCas(certificates: string[]): DeepMutable<EnvironmentConfig> {
    const env = copy(dev);
    env.mcpServers[0].egressCertificateAuthorities = { "api.github.com": certificates };
    return env;
  }

  /** The one problem of an environment, which must be at `at`, and proof that nothing is synthesized from it. */
  function onlyProblem(env: DeepMutable<EnvironmentConfig>, at: string): Omit<ConfigProblem, "path"> {
    const problems = parseProblems(env);
    expect(problems.map((problem) => problem.path)).toEqual([at]);
    const outdir = path.join(tempDir("egress-ca"), "cdktf.out");
    expect(() => synthesize([env as EnvironmentConfig], { outdir, k8sOutdir: path.join(path.dirname(outdir), "k8s") })).toThrow(ConfigError);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
    const { message, hint } = problems[0];
    return { message, hint };
  }

  test("the built-in environments and the fixtures load, with one CA or two per domain", () => {
    expect(() => parseEnvironment(withCas([USERTRUST_ECC_ROOT]))).not.toThrow();
    expect(loadEnvironmentFile(fixture("staging.yaml")).mcpServers[0].egressCertificateAuthorities).toEqual({
      "api.atlassian.com": [fs.readFileSync("/etc/ssl/certs/Amazon_Root_CA_1.pem", "utf8")],
      "*.atlassian.net": [fs.readFileSync("/etc/ssl/certs/Amazon_Root_CA_1.pem", "utf8")],
    });
    expect(prod.mcpServers[0].egressCertificateAuthorities).toEqual({ "api.github.com": [USERTRUST_ECC_ROOT, USERTRUST_RSA_ROOT] });
  });

  test("a declared egress domain without a CA", () => {
    const env = copy(dev);
    delete env.mcpServers[0].egressCertificateAuthorities;
    expect(onlyProblem(env, FIELD)).toEqual({
      message: 'pins no CA for the egress domain "api.github.com" (egressDomains[0])',
      hint: 'add "api.github.com": [<PEM certificate of the CA its certificate chain ends at>]: the sidecar verifies the domain against the pinned CAs only, never the system bundle',
    });
  });

  test("a CA for a domain the server does not declare, with a suggestion for a near miss", () => {
    const near = withCas([USERTRUST_ECC_ROOT]);
    near.mcpServers[0].egressCertificateAuthorities = { "api.github.com": [USERTRUST_ECC_ROOT], "api.github.co": [USERTRUST_ECC_ROOT] };
    expect(onlyProblem(near, `${FIELD}["api.github.co"]`)).toEqual({ message: '"api.github.co" is not one of the server\'s egressDomains', hint: 'Did you mean "api.github.com"?' });
    const far = withCas([USERTRUST_ECC_ROOT]);
    far.mcpServers[0].egressCertificateAuthorities = { "api.github.com": [USERTRUST_ECC_ROOT], "example.org": [USERTRUST_ECC_ROOT] };
    expect(onlyProblem(far, `${FIELD}["example.org"]`)).toEqual({
      message: '"example.org" is not one of the server\'s egressDomains',
      hint: "remove it, or declare the domain in egressDomains: a CA is pinned for a declared domain only",
    });
  });

  test("text that is not a PEM certificate, or two certificates in one item, or no certificate at all", () => {
    expect(onlyProblem(withCas(["USERTrust ECC Certification Authority"]), `${GITHUB}[0]`)).toEqual({
      message: "is not a PEM certificate",
      hint: "paste the CA certificate as PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, e.g. a root from /etc/ssl/certs",
    });
    expect(onlyProblem(withCas([USERTRUST_ECC_ROOT.replace("MIIC", "MIIX")]), `${GITHUB}[0]`)).toEqual({ message: "is not a valid X.509 certificate", hint: "copy the whole PEM block again, without changes" });
    expect(onlyProblem(withCas([`${USERTRUST_ECC_ROOT}${USERTRUST_RSA_ROOT}`]), `${GITHUB}[0]`)).toEqual({ message: "holds 2 certificates, not one", hint: "give each CA certificate its own list item" });
    expect(onlyProblem(withCas([]), GITHUB)).toEqual({ message: "needs at least 1 item, got 0", hint: "list the PEM certificate of the CA the domain's certificate chain ends at" });
  });

  test("a private key where a certificate belongs is refused, and none of it is repeated", () => {
    const body = "MC4CAQAwBQYDK2VwBCIEIKeyMaterialThatMustNeverBeEchoed0123456789ab";
    const problems = parseProblems(withCas([`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`]));
    expect(problems).toEqual([{ path: `${GITHUB}[0]`, message: SECRET_IN_CONFIG, hint: expect.stringMatching(/^this looks like a PEM private key .*: remove it, revoke it/) }]);
    expect(JSON.stringify(problems)).not.toContain(body);
  });

  test("a certificate that is not a CA: a server's own (leaf) certificate", () => {
    expect(onlyProblem(withCas([LEAF]), `${GITHUB}[0]`)).toEqual({
      message: '"api.example.com" is not a CA certificate (basicConstraints CA:FALSE)',
      hint: "pin the CA the destination's chain ends at (its root: the issuer of the last certificate `openssl s_client -showcerts` prints), never the server's own certificate, which rotates",
    });
  });

  test("an expired CA", () => {
    expect(onlyProblem(withCas([USERTRUST_ECC_ROOT, EXPIRED_CA]), `${GITHUB}[1]`)).toEqual({
      message: '"Expired Test Root CA" expired on 2010-01-01',
      hint: "pin the CA certificate the destination's chain ends at today: an expired CA verifies nothing",
    });
  });
});
