/**
 * Environment files are untrusted input (issue 18): no secret echoed, no stall, no crash, one meaning. One describe
 * block per class of the issue, each on adversarial inputs; a fuzz test of the reader; and validate ≡ synth on many
 * broken configurations.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { App } from "cdktf";
import { main } from "../bin/cli";
import { ConfigError, ConfigProblem } from "../environments/config-error";
import { dev } from "../environments/dev";
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_KEY_LENGTH, MAX_STRING_LENGTH } from "../environments/input-limits";
import { loadEnvironmentFile, parseEnvironment } from "../environments/parse";
import { SECRET_IN_CONFIG } from "../environments/secret-values";
import { USERTRUST_ECC_ROOT } from "../environments/certificate-authorities";
import { secretKind } from "../shared/secret-patterns";
import { EnvironmentConfig } from "../environments/schema";
import { McpEnvironmentStack } from "../stacks/environment-stack";
import { exceptionTargetProblems } from "../stacks/exception-targets";
import { synthesize } from "../stacks/synthesize";
import { buildWorkloads, manifestFiles } from "../stacks/workloads";
import { withLockFilesOf } from "./support/approved-definitions";
import { tempDir } from "./support/plans";
import { GITHUB_TOKEN, SECRET_SAMPLES } from "./support/secret-samples";

type Mutable = Record<string, unknown> & { mcpServers: Record<string, unknown>[] };

function copy(): Mutable {
  return structuredClone(dev) as unknown as Mutable;
}

/** The ConfigError `action` throws (failing on any other outcome), as its problems and printed message. */
function refusal(action: () => unknown): { readonly problems: readonly ConfigProblem[]; readonly message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems, message: error.message };
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const dir = tempDir("environment-input");
let files = 0;

/** Writes `content` to a new file with `extension`; returns its path. */
function write(extension: string, content: string | Buffer): string {
  const file = path.join(dir, `env-${files++}${extension}`);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs the CLI, capturing what it prints. */
function cli(...args: (string | ((argv: readonly string[]) => number | Promise<number>))[]): { readonly code: number; readonly out: string } {
  const run = typeof args[args.length - 1] === "function" ? (args.pop() as (argv: readonly string[]) => number | Promise<number>) : main;
  let out = "";
  const capture = (chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  };
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    const code = run(args as string[]);
    if (typeof code !== "number") throw new Error("these commands answer synchronously");
    return { code, out };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe("1. a secret never leaves the process it was found in", () => {
  const AWS_KEY = SECRET_SAMPLES["an AWS access key ID"];
  const JWT = SECRET_SAMPLES["a JSON Web Token"];
  const placements: [string, (env: Mutable) => void, string, string][] = [
    ["an access key as region", (env) => (env.region = AWS_KEY), "region", AWS_KEY],
    ["a VCS token as a port", (env) => (env.mcpServers[0].port = GITHUB_TOKEN), "mcpServers[0].port", GITHUB_TOKEN],
    ["a VCS token as a server name", (env) => (env.mcpServers[0].name = GITHUB_TOKEN), "mcpServers[0].name", GITHUB_TOKEN],
    ["a JWT as the issuer", (env) => ((env.gateway as { jwt: { issuer: string } }).jwt.issuer = JWT), "gateway.jwt.issuer", JWT],
    ["a JWT as an origin", (env) => ((env.edge as { allowedOrigins: string[] }).allowedOrigins = [JWT]), "edge.allowedOrigins[0]", JWT],
    ["credentials in the SIEM URL", (env) => ((env.logging as { siem: { endpointUrl: string } }).siem.endpointUrl = `https://hec:${GITHUB_TOKEN}@siem.example.com/ingest`), "logging.siem.endpointUrl", GITHUB_TOKEN],
    ["credentials in the JWKS URL", (env) => ((env.gateway as { jwt: { jwksUrl: string } }).jwt.jwksUrl = `https://u:${GITHUB_TOKEN}@auth.example.com/jwks`), "gateway.jwt.jwksUrl", GITHUB_TOKEN],
  ];
  test.each(placements)("%s: one problem at its path, naming the kind, the secret only masked", (_, place, at, secret) => {
    const env = copy();
    place(env);
    const { problems, message } = refusal(() => parseEnvironment(env));
    expect(problems.filter((problem) => problem.path === at)).toEqual([expect.objectContaining({ message: SECRET_IN_CONFIG, hint: expect.stringMatching(/^this looks like .+ \(".{0,4}…" \(\d+ characters\)\): remove it, revoke it/) })]);
    expect(message).not.toContain(secret);
    expect(message).not.toContain(secret.slice(4, 16));
  });

  test("a secret as a tag key or an audience key is found, and its path shows it masked", () => {
    const env = copy();
    (env.tags as Record<string, string>)[GITHUB_TOKEN] = "x";
    (env.gateway as { audiences: Record<string, string> }).audiences = { [SECRET_SAMPLES["a Stripe key"]]: "https://mcp.example.com/x" };
    const { problems, message } = refusal(() => parseEnvironment(env));
    expect(problems).toEqual([
      { path: 'tags["ghp_…" (40 characters)]', message: SECRET_IN_CONFIG, hint: expect.stringContaining("this looks like a GitHub token") },
      { path: 'gateway.audiences["sk_l…" (24 characters)]', message: SECRET_IN_CONFIG, hint: expect.stringContaining("this looks like a Stripe key") },
    ]);
    expect(message).not.toContain(GITHUB_TOKEN);
    expect(message).not.toContain(SECRET_SAMPLES["a Stripe key"]);
  });

  test("a secret quoted by another field's message is masked there too", () => {
    const env = copy();
    const token = GITHUB_TOKEN;
    env.mcpServers[0].name = token;
    (env.gateway as { audiences: Record<string, string> }).audiences = { [`${token}x`]: "https://mcp.example.com/x" };
    expect(refusal(() => parseEnvironment(env)).message).not.toContain(token);
  });

  test("a long value is quoted by a short prefix and its length, control characters escaped", () => {
    const env = copy();
    env.region = `eu-\u001b[31m${"x".repeat(300)}`;
    const { problems } = refusal(() => parseEnvironment(env));
    expect(problems[0].message).toMatch(/^"eu-\\u001b\[31mx{16}…" \(308 characters\)/);
    expect(JSON.stringify(problems)).not.toContain("x".repeat(30));
  });

  test("a symbolic link or a non-regular file is refused without being read", () => {
    const target = write(".yaml", `region: "${GITHUB_TOKEN}"\n: : bad`);
    const link = path.join(dir, "link.yaml");
    fs.symlinkSync(target, link);
    const { problems, message } = refusal(() => loadEnvironmentFile(link));
    expect(problems).toEqual([{ path: link, message: "is a symbolic link, which is not followed", hint: "give the path of the file itself" }]);
    expect(message).not.toContain(GITHUB_TOKEN);
    expect(message).not.toContain(target);
    const folder = path.join(dir, "folder.yaml");
    fs.mkdirSync(folder);
    expect(refusal(() => loadEnvironmentFile(folder)).problems[0].message).toBe("is not a regular file");
    expect(refusal(() => loadEnvironmentFile("/dev/null.json")).problems[0].message).toBe("cannot read the file: ENOENT (no such file)");
  });
});

describe("2. bounded work on hostile input", () => {
  test("a file over the size limit is refused before it is parsed", () => {
    const file = write(".json", `{"name": "${"a".repeat(MAX_FILE_BYTES)}"}`);
    expect(refusal(() => loadEnvironmentFile(file)).problems).toEqual([{ path: file, message: `is ${MAX_FILE_BYTES + 12} bytes, more than the limit of ${MAX_FILE_BYTES}`, hint: expect.any(String) }]);
  });

  test("an over-long value or key is refused naming its field, and nothing else is said about it", () => {
    const env = copy();
    env.mcpServers[0].image = "a".repeat(MAX_STRING_LENGTH + 1);
    (env.tags as Record<string, string>)["k".repeat(MAX_KEY_LENGTH + 1)] = "v";
    expect(refusal(() => parseEnvironment(env)).problems).toEqual([
      { path: `tags["kkkk…" (${MAX_KEY_LENGTH + 1} characters)]`, message: `has ${MAX_KEY_LENGTH + 1} characters, more than the limit of ${MAX_KEY_LENGTH}`, hint: expect.any(String) },
      { path: "mcpServers[0].image", message: `has ${MAX_STRING_LENGTH + 1} characters, more than the limit of ${MAX_STRING_LENGTH}`, hint: expect.any(String) },
    ]);
  });

  test("deep nesting is refused without recursion: in JSON, in YAML, and in an object given directly", () => {
    const depth = 200_000;
    const json = write(".json", `{"tags": ${"[".repeat(depth)}${"]".repeat(depth)}}`);
    expect(refusal(() => loadEnvironmentFile(json)).problems[0].message).toBe(`is nested more than ${MAX_DEPTH} levels deep`);
    const yaml = write(".yaml", `tags: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
    expect(refusal(() => loadEnvironmentFile(yaml)).problems[0].message).toMatch(/nested more than 32 levels deep|invalid YAML/);
    let nested: unknown = "leaf";
    for (let i = 0; i < depth; i++) nested = { a: nested };
    const env = copy();
    env.tags = nested;
    expect(refusal(() => parseEnvironment(env)).problems).toContainEqual(expect.objectContaining({ message: `is nested more than ${MAX_DEPTH} levels deep` }));
  });

  test("secret recognition is linear on large adversarial strings (a quadratic pattern would not finish)", () => {
    const size = 300_000;
    const adversarial = [
      "a_".repeat(size / 2),
      "A+".repeat(size / 2),
      `a://${"b:".repeat(size / 2)}`,
      `password${" ".repeat(size)}`,
      `token=${"=".repeat(size)}`,
      "-".repeat(size),
      `eyJ${"a".repeat(size)}.`,
      "gh".repeat(size / 2),
      `x${"\t".repeat(size)}`,
    ];
    for (const value of adversarial) {
      secretKind(value, "password");
      secretKind(value, "name");
    }
    expect(secretKind(`${"a_".repeat(size / 2)}password=Hunter2Hunter2`)).toBe("a literal secret assignment");
  }, 30_000);

  test("the CLI prints no stack trace and no absolute path, even for an error it did not expect", () => {
    const deep = write(".json", "[".repeat(100_000) + "]".repeat(100_000));
    const result = cli("validate", deep);
    expect(result.code).toBe(2);
    expect(result.out).not.toMatch(/^\s+at /m);
    const install = path.resolve(__dirname, "..");
    jest.isolateModules(() => {
      jest.doMock("../environments/read-document", () => ({
        readDocumentWithLines: () => {
          throw new Error(`boom in ${path.join(install, "environments", "read-document.ts")}`);
        },
      }));
      const isolated = jest.requireActual<typeof import("../bin/cli")>("../bin/cli");
      const crashed = cli("validate", write(".json", "{}"), isolated.main);
      expect(crashed.code).toBe(3);
      expect(crashed.out).toBe("mcp-harden validate: internal error: boom in <mcp-harden>/environments/read-document.ts\nThis is a bug in mcp-harden, not in your input: please report it with the command you ran.\n");
    });
    jest.dontMock("../environments/read-document");
  });
});

describe("3. one parse semantics for YAML and JSON", () => {
  const problemOf = (extension: string, content: string | Buffer) => {
    const file = write(extension, content);
    return refusal(() => loadEnvironmentFile(file)).problems[0];
  };

  test("duplicate keys are refused in both", () => {
    expect(problemOf(".json", '{"name": "dev",\n "name": "prod"}')).toMatchObject({ message: "invalid JSON: Map keys must be unique", hint: "fix the JSON syntax at line 2, column 2" });
    expect(problemOf(".yaml", "name: dev\nname: prod\n")).toMatchObject({ message: "invalid YAML: Map keys must be unique", hint: "fix the YAML syntax at line 2, column 1" });
  });

  test("JSON is JSON: YAML-only syntax is refused, and the native message's quote of the text is not printed", () => {
    const { message, hint } = problemOf(".json", `{'name': '${GITHUB_TOKEN}'}`);
    expect(message).toMatch(/^invalid JSON: /);
    expect(message + hint).not.toContain(GITHUB_TOKEN);
    expect(hint).toBe("fix the JSON syntax at line 1, column 2");
  });

  test.each(["!!js/function 'function () {}'", "!custom value", "!!binary aGk=", "!!set {a}", "!!timestamp 2001-12-14"])("the tag of %s is refused", (value) => {
    expect(problemOf(".yaml", `name: dev\nregion: ${value}\n`).message).toMatch(/tag .* is not allowed|Unresolved tag/);
  });

  test("invalid UTF-8 is refused with its byte offset; a UTF-8 byte order mark is skipped; UTF-16 is refused", () => {
    const bytes = Buffer.concat([Buffer.from('{"name": "d\u00e9v\ufffd'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(problemOf(".json", bytes).message).toBe(`is not valid UTF-8: invalid byte sequence at byte offset ${Buffer.byteLength('{"name": "d\u00e9v\ufffd')}`);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(withLockFilesOf(dev)))]);
    expect(loadEnvironmentFile(write(".json", withBom)).name).toBe("dev");
    expect(problemOf(".yaml", Buffer.from([0xff, 0xfe, 0x6e, 0x00]))).toMatchObject({ message: "is encoded in UTF-16", hint: "save the file as UTF-8" });
  });

  test.each(["__proto__", "constructor", "prototype"])("the key %s is refused by name, in JSON and in YAML", (key) => {
    const env = JSON.parse(JSON.stringify(dev)) as Record<string, unknown>;
    const json = JSON.stringify(env).replace('"tags":{', `"tags":{"${key}":{"polluted":"yes"},`);
    for (const file of [write(".json", json), write(".yaml", json)]) {
      expect(refusal(() => loadEnvironmentFile(file)).problems).toEqual([{ path: `${file}: tags.${key}`, message: `the key "${key}" is refused`, hint: expect.stringContaining("prototype") }]);
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("4. validate ≡ synth for configuration problems", () => {
  test("an exception naming no rule or no resource is a validate error, with the nearest suggested", () => {
    const env = structuredClone(dev) as EnvironmentConfig & { exceptions: { rule: string; resource: string; justification: string }[] };
    env.exceptions.push(
      { rule: "net-01-egress-domain-allowlst", resource: "Namespace/github-tools", justification: "accepted by the platform team until 2027-01-01" },
      { rule: "no-such-rule", resource: "aws_vpc.nonexistent", justification: "accepted by the platform team until 2027-01-01" }
    );
    const problems = exceptionTargetProblems(parseEnvironment(env), "dev.yaml");
    expect(problems.map(({ path: at, hint }) => [at, hint])).toEqual([
      ["dev.yaml: exceptions[0].rule", expect.stringMatching(/^Did you mean "net-01-/)],
      ["dev.yaml: exceptions[1].rule", expect.stringContaining("mcp-harden controls")],
      ["dev.yaml: exceptions[1].resource", expect.stringMatching(/^Did you mean "aws_vpc\.|cdk\.tf\.json/)],
    ]);
    expect(() => synthesize([env], { outdir: path.join(dir, "never") })).toThrow(ConfigError);
    expect(fs.existsSync(path.join(dir, "never"))).toBe(false);
  }, 120_000);

  /** Broken or odd configurations: validate must refuse each, or synth must build it without throwing. */
  const MUTATIONS: [string, (env: Mutable) => void][] = [
    ["inet_aton egress", (env) => (env.mcpServers[0].egressDomains = ["0x8c.0x52.0x70.0x3"])],
    ["numeric top-level label", (env) => (env.mcpServers[0].egressDomains = ["api.1a"])],
    ["decimal IPv4", (env) => (env.mcpServers[0].egressDomains = ["2130706433"])],
    ["IPv4-mapped IPv6", (env) => (env.mcpServers[0].egressDomains = ["[::ffff:7f00:1]"])],
    ["Unicode egress", (env) => (env.mcpServers[0].egressDomains = ["bücher.example.com"])],
    ["punycode egress", (env) => {
      env.mcpServers[0].egressDomains = ["xn--bcher-kva.example.com"];
      env.mcpServers[0].egressCertificateAuthorities = { "xn--bcher-kva.example.com": [USERTRUST_ECC_ROOT] };
    }],
    ["longest label", (env) => {
      const name = `${"a".repeat(63)}.example.com`;
      env.mcpServers[0].egressDomains = [name];
      env.mcpServers[0].egressCertificateAuthorities = { [name]: [USERTRUST_ECC_ROOT] };
    }],
    ["highest port", (env) => (env.mcpServers[0].port = 65535)],
    ["tag value with quotes", (env) => ((env.tags as Record<string, string>).Note = 'a "quoted" value')],
    ["empty egress", (env) => (env.mcpServers[0].egressDomains = [])],
    ["unknown exception rule", (env) => (env.exceptions = [{ rule: "gw-01-no-such", resource: "aws_vpc.x", justification: "accepted by the platform team until 2027-01-01" }])],
    ["server name with dots", (env) => (env.mcpServers[0].name = "github.tools")],
    ["wildcard public suffix", (env) => (env.mcpServers[0].egressDomains = ["*.blogspot.com"])],
  ];

  test.each(MUTATIONS)("%s: validate refuses it, or synth builds it", (_, mutate) => {
    const env = copy();
    mutate(env);
    let config: EnvironmentConfig;
    try {
      config = parseEnvironment(env);
      const problems = exceptionTargetProblems(config, "env");
      if (problems.length > 0) throw new ConfigError(problems);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return;
    }
    const app = new App({ outdir: tempDir("validate-synth"), skipValidation: true });
    expect(() => {
      new McpEnvironmentStack(app, config);
      manifestFiles(buildWorkloads(config));
      app.synth();
    }).not.toThrow();
  }, 120_000);
});

describe("5. egress names judged by the Public Suffix List, in both forms", () => {
  const problemFor = (domain: string) => {
    const env = copy();
    env.mcpServers[0].egressDomains = [domain];
    return refusal(() => parseEnvironment(env)).problems.find((problem) => problem.path === "mcpServers[0].egressDomains[0]");
  };

  test.each(["*.me.uk", "*.blogspot.com", "*.github.io", "*.co.uk", "*.s3.amazonaws.com"])("the wildcard %s covers a public suffix", (domain) => {
    expect(problemFor(domain)?.message).toMatch(/matches a whole public suffix|anyone can create/);
  });

  test.each(["2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x8c.0x52.0x70.0x3", "[::1]", "::ffff:127.0.0.1", "[::ffff:7f00:1]", "https://10.0.0.1:443/x"])("the IP address %s is refused", (domain) => {
    expect(problemFor(domain)?.message).toBe(`${JSON.stringify(domain)} is an IP address`);
  });

  test.each(["api.svc.cluster.local", "*.svc.cluster.local", "localhost.localdomain", "metadata.google.internal", "db.test", "a.invalid", "www.example", "1.0.0.127.in-addr.arpa", "abc.onion"])("the reserved name %s is refused", (domain) => {
    expect(problemFor(domain)?.message).toMatch(/is a reserved or cluster-internal name/);
  });

  test("a top-level domain outside the Public Suffix List is refused", () => {
    expect(problemFor("api.github.notatld")?.message).toBe('"api.github.notatld" ends in "notatld", which is not a top-level domain of the Public Suffix List');
  });

  test("IDNs are shown in both forms: Unicode is written as punycode, mixed-script labels are refused", () => {
    expect(problemFor("аpple.com")).toEqual({
      path: "mcpServers[0].egressDomains[0]",
      message: '"xn--pple-43d.com" (Unicode "аpple.com") is written in Unicode',
      hint: 'write its ASCII form, which TLS SNI and DNS carry: Did you mean "xn--pple-43d.com"?',
    });
    expect(problemFor("xn--pple-43d.com")?.message).toBe('"xn--pple-43d.com" (Unicode "аpple.com") mixes scripts in one label (Cyrillic and Latin), so it can pass for another name');
    expect(problemFor("xn--zz.example.com")?.message).toBe('"xn--zz.example.com" is not valid punycode');
    const env = copy();
    env.mcpServers[0].egressDomains = ["xn--bcher-kva.example.com", "*.example.co.uk"];
    env.mcpServers[0].egressCertificateAuthorities = { "xn--bcher-kva.example.com": [USERTRUST_ECC_ROOT], "*.example.co.uk": [USERTRUST_ECC_ROOT] };
    expect(() => parseEnvironment(env)).not.toThrow();
  });
});

describe("6. fuzz: the reader never throws anything but a ConfigError, and never prints a seeded secret", () => {
  const secrets = Object.values(SECRET_SAMPLES);
  const leaks = (message: string) => secrets.some((secret) => message.includes(secret.slice(-12)));

  test("any value, or a secret, planted anywhere in a valid environment", () => {
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, at: (string | number)[]) => {
      paths.push(at);
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
      else if (typeof value === "object" && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
    };
    walk(dev, []);
    const planted = fc.oneof(fc.jsonValue(), fc.constantFrom(...secrets), fc.constantFrom(...secrets).map((secret) => ({ [secret]: secret })), fc.string().map((text) => `${text} ${GITHUB_TOKEN}`));
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((at) => at.length > 0)), planted, fc.boolean(), (at, value, asKey) => {
        const env = structuredClone(dev) as unknown as Record<string | number, unknown>;
        let parent = env;
        for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
        const last = at[at.length - 1];
        if (asKey && typeof value === "string" && !Array.isArray(parent)) parent[value] = parent[last];
        else parent[last] = value;
        try {
          parseEnvironment(env);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          if (leaks(error.message)) throw new Error(`leaked a secret: ${error.message}`);
        }
      }),
      { numRuns: 300, seed: 18 }
    );
  });

  test("any bytes, as JSON or YAML", () => {
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "null")),
      fc.constantFrom(...secrets).map((secret) => Buffer.from(`region: ${JSON.stringify(secret)}\n"${secret}": [1, {a: *x}]`))
    );
    fc.assert(
      fc.property(text, fc.constantFrom(".json", ".yaml"), (bytes, extension) => {
        const file = write(extension, bytes);
        try {
          loadEnvironmentFile(file);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          if (leaks(error.message)) throw new Error(`leaked a secret: ${error.message}`);
        } finally {
          fs.rmSync(file);
        }
      }),
      { numRuns: 300, seed: 18 }
    );
  });
});
