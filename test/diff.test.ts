/**
 * `mcp-harden diff`: the security diff of two synthesized checkouts, on the real synthesized plans of the built-in
 * environments against variants weakened in each control family, a harmless variant, and improvements.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import { main } from "../bin/cli";
import { CONTROLS } from "../policies/catalog";
import { ATTRIBUTE_CONTROLS, NOISE_PATHS } from "../review/diff/attribute-controls";
import { classifyEntity } from "../review/diff/classify";
import { isJudge, judge } from "../review/diff/judges";
import { pathPattern } from "../review/diff/path-pattern";
import { diffValues, displayPath } from "../review/diff/structural";
import { Entity } from "../review/diff/types";
import { policyReport } from "../review/diff/policy-reports";
import { Artifacts, Rule } from "../policies/types";
import { copySharedOutput, tempDir } from "./support/plans";

/** The JSON of a synthesized plan or report, read and edited freely by the tests. */
type Json = any;

const work = tempDir("diff");
const base = path.join(work, "base");
copySharedOutput(base);

function stackFile(root: string, stack: string): string {
  return path.join(root, "cdktf.out", "stacks", stack, "cdk.tf.json");
}

/** Edits one stack's cdk.tf.json under a checkout root, as a hand edit (or a code change) would. */
function editStack(root: string, stack: string, edit: (json: Json) => void): void {
  const json = JSON.parse(fs.readFileSync(stackFile(root, stack), "utf8"));
  edit(json);
  fs.writeFileSync(stackFile(root, stack), JSON.stringify(json, null, 2));
}

/** A copy of a checkout root (default: the synthesized base), edited. */
function variant(name: string, edit: (root: string) => void, from = base): string {
  const root = path.join(work, name);
  fs.cpSync(from, root, { recursive: true });
  edit(root);
  return root;
}

/** Runs `mcp-harden diff` in process, capturing its output. */
function diff(...args: string[]): { status: number; stdout: string; stderr: string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  try {
    return { status: main(["diff", ...args]) as number, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The JSON report and exit code of `diff <from> <to>`. */
function report(from: string, to: string, ...flags: string[]): { status: number; json: Json } {
  const result = diff(from, to, "--format", "json", ...flags);
  expect(result.stderr).toBe("");
  return { status: result.status, json: JSON.parse(result.stdout) };
}

function section(json: Json, id: string): Json {
  const found = json.controls.find((candidate: Json) => candidate.id === id);
  if (!found) throw new Error(`No section ${id} in ${json.controls.map((candidate: Json) => candidate.id).join(", ")}`);
  return found;
}

/** Every security change of a section, flattened with its resource's address. */
function changes(sectionJson: Json): Json[] {
  return sectionJson.resources.flatMap((resource: Json) => resource.changes.map((change: Json) => ({ address: resource.address, ...change })));
}

function named(json: Json, type: string, predicate: (values: Json) => boolean = () => true): [string, Json] {
  const found = Object.entries(json.resource[type] as Record<string, Json>).find(([, values]) => predicate(values));
  if (!found) throw new Error(`No ${type} matches`);
  return found;
}

const sshRule = (values: Json) => typeof values.cidr_ipv4 === "string" && String(values.description).startsWith("SSH from admin network");

describe("mcp-harden diff: weakened variants exit 1 and name the control", () => {
  test("identical checkouts: exit 0, nothing to report", () => {
    const { status, json } = report(base, base);
    expect(status).toBe(0);
    expect(json).toMatchObject({ weaker: false, securityChanged: false, controls: [], unmapped: [], noise: [] });
  });

  test("NET-01: SSH ingress opened to 0.0.0.0/0", () => {
    let address = "";
    const head = variant("net-01-open-ssh", (root) =>
      editStack(root, "mcp-prod", (json) => {
        const [name, rule] = named(json, "aws_vpc_security_group_ingress_rule", sshRule);
        address = `aws_vpc_security_group_ingress_rule.${name}`;
        rule.cidr_ipv4 = "0.0.0.0/0";
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    expect(json.weakerControls).toEqual(expect.arrayContaining(["NET-01", "PUB-06", "PUB-04"]));
    const net01 = section(json, "NET-01");
    expect(net01.effect).toBe("weaker");
    expect(net01.findingsAdded).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "net-01-no-open-ingress", location: "mcp-prod", resource: address })]));
    expect(net01.resources).toEqual([expect.objectContaining({ address, status: "changed", findingsAdded: expect.arrayContaining(["net-01-no-open-ingress"]) })]);
    expect(changes(net01)).toEqual([expect.objectContaining({ path: "cidr_ipv4", phrase: "CIDR", effect: "weaker", before: "203.0.113.0/24", after: "0.0.0.0/0" })]);
  });

  test("NET-01, PUB-06: SSH moved from 2222 to 22 is weaker, not stronger, and the change shows once", () => {
    const head = variant("net-01-ssh-port-22", (root) =>
      editStack(root, "mcp-prod", (json) => {
        const [, rule] = named(json, "aws_vpc_security_group_ingress_rule", sshRule);
        rule.from_port = 22;
        rule.to_port = 22;
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    expect(json.weakerControls).toEqual(expect.arrayContaining(["NET-01", "PUB-06", "PUB-04"]));
    expect(json.resources.flatMap((resource: Json) => resource.changes)).toEqual([
      { path: "from_port..to_port", phrase: "port range", effect: "weaker", controls: ["NET-01", "PUB-06", "PUB-04"], before: "2222", after: "22", details: [] },
    ]);
    const text = diff(base, head).stdout;
    expect(text).not.toContain("stronger");
    expect(text.split("weaker: port range (from_port..to_port): \"2222\" -> \"22\" [NET-01, PUB-06, PUB-04]\n")).toHaveLength(2);
    const back = report(head, base);
    expect(back.json.resources.flatMap((resource: Json) => resource.changes)).toEqual([expect.objectContaining({ effect: "changed", before: "22", after: "2222" })]);
  });

  test("LOG-02: the flow log removed shows under the control whose rule now fails", () => {
    const head = variant("log-02-no-flow-log", (root) =>
      editStack(root, "mcp-prod", (json) => {
        delete json.resource.aws_flow_log;
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    const log02 = section(json, "LOG-02");
    expect(log02.effect).toBe("weaker");
    expect(log02.findingsAdded.map((finding: Json) => finding.rule)).toEqual(["log-02-vpc-flow-logs"]);
    const flowLog = log02.resources.find((resource: Json) => resource.type === "aws_flow_log");
    expect(flowLog).toMatchObject({ status: "removed", findingsAdded: ["log-02-vpc-flow-logs"], changes: [{ path: "", phrase: "VPC flow log", effect: "weaker" }] });
  });

  test("AUTH-05: KMS key rotation turned off", () => {
    const head = variant("auth-05-no-rotation", (root) =>
      editStack(root, "mcp-test", (json) => {
        named(json, "aws_kms_key")[1].enable_key_rotation = false;
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    const auth05 = section(json, "AUTH-05");
    expect(auth05.findingsAdded).toEqual([expect.objectContaining({ rule: "auth-05-kms-key-rotation", location: "mcp-test" })]);
    expect(changes(auth05)).toEqual([expect.objectContaining({ path: "enable_key_rotation", phrase: "automatic key rotation", effect: "weaker", before: true, after: false })]);
  });

  test("ISO-03: state backend encryption removed", () => {
    const head = variant("iso-03-unencrypted-state", (root) =>
      editStack(root, "mcp-dev", (json) => {
        delete json.terraform.backend.s3.encrypt;
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    const iso03 = section(json, "ISO-03");
    expect(iso03.findingsAdded).toEqual([expect.objectContaining({ rule: "iso-03-encrypted-state-backend", location: "mcp-dev", resource: "terraform.backend" })]);
    expect(iso03.resources).toEqual([
      expect.objectContaining({
        address: "terraform.backend",
        findingsAdded: ["iso-03-encrypted-state-backend"],
        changes: [expect.objectContaining({ path: "s3.encrypt", phrase: "state encryption", effect: "weaker", before: true })],
      }),
    ]);
  });

  test("an exception that accepts a new weakening is listed under its controls and exits 1", () => {
    const justification = "Break-glass SSH for incident INC-7, approved by the CISO until 2026-12-01.";
    const head = variant("exception-accepts-open-ssh", (root) =>
      editStack(root, "mcp-prod", (json) => {
        const [, rule] = named(json, "aws_vpc_security_group_ingress_rule", sshRule);
        rule.cidr_ipv4 = "0.0.0.0/0";
        rule["//"].exceptions = [{ rule: "net-01-no-open-ingress", justification }];
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    const net01 = section(json, "NET-01");
    expect(net01.effect).toBe("weaker");
    expect(net01.exceptionsAdded).toEqual([expect.objectContaining({ rule: "net-01-no-open-ingress", justification })]);
    expect(net01.findingsAdded.map((finding: Json) => finding.rule)).not.toContain("net-01-no-open-ingress");
    expect(changes(net01).map((change) => [change.path, change.effect])).toEqual([
      ["cidr_ipv4", "weaker"],
      ["//.exceptions", "weaker"],
    ]);
    expect(diff(base, head).stdout).toContain(`Exceptions added:\n  net-01-no-open-ingress (critical)`);
  });

  test("an exception added to a resource's metadata alone still exits 1", () => {
    const head = variant("exception-only", (root) =>
      editStack(root, "mcp-prod", (json) => {
        named(json, "aws_kms_key")[1]["//"].exceptions = [{ rule: "auth-05-kms-key-rotation", justification: "Rotation handled by an external HSM process, approved by the CISO." }];
      }),
    );
    const { status, json } = report(base, head);
    expect(status).toBe(1);
    expect(json.summary).toMatchObject({ findingsAdded: 0, exceptionsAdded: 0 });
    expect(changes(section(json, "AUTH-05"))).toEqual([
      expect.objectContaining({ path: "//.exceptions", phrase: "policy exception for rule auth-05-kms-key-rotation", effect: "weaker" }),
    ]);
  });
});

describe("mcp-harden diff: WAF changes (NET-03, GW-01, GW-03)", () => {
  const visibility = (metric: string) => ({ cloudwatch_metrics_enabled: true, metric_name: metric, sampled_requests_enabled: true });
  const webAcl = (options: { commonRuleSet?: "none" | "count"; rateLimit?: number; withRateRule?: boolean } = {}) => ({
    name: "mcp-prod-review",
    scope: "REGIONAL",
    default_action: { allow: {} },
    rule: [
      {
        name: "managed-common-rule-set",
        priority: 0,
        override_action: { [options.commonRuleSet ?? "none"]: {} },
        statement: { managed_rule_group_statement: { name: "AWSManagedRulesCommonRuleSet", vendor_name: "AWS" } },
        visibility_config: visibility("managed-common-rule-set"),
      },
      ...(options.withRateRule === false
        ? []
        : [
            {
              name: "rate-per-ip",
              priority: 10,
              action: { block: {} },
              statement: { rate_based_statement: { aggregate_key_type: "IP", evaluation_window_sec: 300, limit: options.rateLimit ?? 2000 } },
              visibility_config: visibility("rate-per-ip"),
            },
          ]),
    ],
    visibility_config: visibility("mcp-prod-review"),
  });
  const withAcl = (name: string, acl: Json, from = base) =>
    variant(name, (root) =>
      editStack(root, "mcp-prod", (json) => {
        (json.resource.aws_wafv2_web_acl ??= {})["review-acl"] = acl;
      }),
      from,
    );
  const wafBase = withAcl("waf-base", webAcl());

  test("a managed rule group switched to count", () => {
    const { status, json } = report(wafBase, withAcl("waf-count", webAcl({ commonRuleSet: "count" })));
    expect(status).toBe(1);
    for (const id of ["NET-03", "GW-01", "GW-03"]) {
      expect(changes(section(json, id))).toEqual([
        expect.objectContaining({
          address: "aws_wafv2_web_acl.review-acl",
          path: "rule[name=managed-common-rule-set].override_action",
          effect: "weaker",
          before: { none: {} },
          after: { count: {} },
        }),
      ]);
    }
  });

  test("a rate limit raised, and a rule removed", () => {
    const raised = report(wafBase, withAcl("waf-rate-raised", webAcl({ rateLimit: 20000 })));
    expect(raised.status).toBe(1);
    expect(changes(section(raised.json, "GW-03"))).toEqual([
      expect.objectContaining({ path: "rule[name=rate-per-ip].statement.rate_based_statement.limit", phrase: "rate limit", effect: "weaker", before: 2000, after: 20000 }),
    ]);
    const removed = report(wafBase, withAcl("waf-rule-removed", webAcl({ withRateRule: false })));
    expect(removed.status).toBe(1);
    expect(changes(section(removed.json, "GW-03"))).toEqual([expect.objectContaining({ path: "rule[name=rate-per-ip]", phrase: "web ACL rule", effect: "weaker" })]);
  });

  test("a tightened rate limit is stronger and exits 0", () => {
    const { status, json } = report(wafBase, withAcl("waf-rate-lowered", webAcl({ rateLimit: 500 })));
    expect(status).toBe(0);
    expect(json.weaker).toBe(false);
    expect(section(json, "GW-03").effect).toBe("stronger");
  });
});

describe("mcp-harden diff: Kubernetes objects", () => {
  const deployment = (capabilities: Json) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "weather", namespace: "mcp-weather", labels: { "app.kubernetes.io/name": "weather" }, annotations: { "mcp-hardening.io/owner": "platform" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "app.kubernetes.io/name": "weather" } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "weather" } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "server",
              image: "registry.example.com/weather@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities },
              resources: { limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
            },
          ],
        },
      },
    },
  });
  const withWorkload = (name: string, object: Json, from = base) =>
    variant(
      name,
      (root) => {
        fs.mkdirSync(path.join(root, "dist", "k8s", "prod"), { recursive: true });
        fs.writeFileSync(path.join(root, "dist", "k8s", "prod", "review-workload.yaml"), stringify(object));
      },
      from,
    );
  const k8sBase = withWorkload("k8s-base", deployment({ drop: ["ALL"] }));

  test("a capability added to a container is CTR-02 weaker and exits 1", () => {
    const { status, json } = report(k8sBase, withWorkload("k8s-net-admin", deployment({ drop: ["ALL"], add: ["NET_ADMIN"] })));
    expect(status).toBe(1);
    expect(json.weakerControls).toContain("CTR-02");
    expect(changes(section(json, "CTR-02"))).toEqual([
      expect.objectContaining({
        address: "Deployment/mcp-weather/weather",
        path: "spec.template.spec.containers[name=server].securityContext.capabilities.add",
        phrase: "added Linux capabilities",
        effect: "weaker",
        after: ["NET_ADMIN"],
      }),
    ]);
  });

  test("a raised limit is CTR-03 weaker; an annotation change is noise", () => {
    const raised = deployment({ drop: ["ALL"] });
    raised.spec.template.spec.containers[0].resources.limits.memory = "4Gi";
    raised.metadata.annotations["mcp-hardening.io/owner"] = "another-team";
    const { status, json } = report(k8sBase, withWorkload("k8s-more-memory", raised));
    expect(status).toBe(1);
    expect(changes(section(json, "CTR-03"))).toEqual([
      expect.objectContaining({ path: "spec.template.spec.containers[name=server].resources.limits", phrase: "resource limits", effect: "weaker" }),
    ]);
    expect(json.noise).toEqual([expect.objectContaining({ address: "Deployment/mcp-weather/weather", changes: [{ path: "metadata.annotations.mcp-hardening.io/owner", reason: "annotation" }] })]);
  });

  test("an object moved to another file is noise", () => {
    const moved = variant("k8s-moved", (root) => {
      fs.renameSync(path.join(root, "dist", "k8s", "prod", "review-workload.yaml"), path.join(root, "dist", "k8s", "prod", "review-workload-moved.yaml"));
    }, k8sBase);
    const { status, json } = report(k8sBase, moved);
    expect(status).toBe(0);
    expect(json.securityChanged).toBe(false);
    expect(json.noise).toEqual([expect.objectContaining({ location: "prod/review-workload-moved.yaml", changes: [{ path: "", reason: "moved from prod/review-workload.yaml" }] })]);
  });
});

describe("mcp-harden diff: harmless changes and improvements exit 0", () => {
  const reversedKeys = (object: Json) => Object.fromEntries(Object.entries(object).reverse());
  const harmless = variant("harmless", (root) => {
    for (const stack of ["mcp-dev", "mcp-test", "mcp-prod"]) {
      editStack(root, stack, (json) => {
        for (const [type, ofType] of Object.entries(json.resource as Record<string, Record<string, Json>>)) {
          for (const [name, values] of Object.entries(ofType)) {
            if (values.tags) values.tags = { ...values.tags, CostCenter: "4711", Name: `${values.tags.Name ?? name}-renamed` };
            if (typeof values.description === "string") values.description = `${values.description} (reviewed)`;
            if (Array.isArray(values.subnet_ids)) values.subnet_ids = [...values.subnet_ids].reverse();
            if (typeof values.policy === "string") values.policy = JSON.stringify(reversedKeys(JSON.parse(values.policy)), null, 1);
            ofType[name] = reversedKeys(values);
          }
          json.resource[type] = reversedKeys(ofType);
        }
        json.provider.aws[0].default_tags[0].tags.Team = "mcp-platform";
        json.resource = reversedKeys(json.resource);
      });
    }
    const k8s = path.join(root, "dist", "k8s");
    const files = fs.existsSync(k8s) ? (fs.readdirSync(k8s, { recursive: true }) as string[]).filter((file) => file.endsWith(".yaml")) : [];
    for (const file of files) {
      const objects = parseAllDocuments(fs.readFileSync(path.join(k8s, file), "utf8")).map((document) => document.toJS() as Json);
      const edited = objects.map((object) => ({ ...reversedKeys(object), metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, "example.com/reviewed-by": "platform" } } }));
      fs.writeFileSync(path.join(k8s, file), edited.map((object) => stringify(object)).join("---\n"));
    }
  });

  test("tags, descriptions, annotations, key order, array order and JSON formatting only: exit 0, all noise", () => {
    const { status, json } = report(base, harmless);
    expect(status).toBe(0);
    expect(json).toMatchObject({ weaker: false, securityChanged: false, controls: [], unmapped: [] });
    const reasons = new Set(json.noise.flatMap((entity: Json) => entity.changes.map((change: Json) => change.reason)));
    expect([...reasons].sort()).toEqual(expect.arrayContaining(["description", "formatting", "ordering", "tags"]));
    expect([...reasons].every((reason) => ["annotation", "description", "formatting", "ordering", "tags"].includes(reason as string))).toBe(true);
    expect(reasons.has("annotation")).toBe(fs.existsSync(path.join(base, "dist", "k8s")));
    expect(report(base, harmless, "--fail-on", "any").status).toBe(0);
  });

  test("the harmless change in Markdown: the noise is folded in <details>", () => {
    const { status, stdout } = diff(base, harmless, "--format", "markdown");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^## Security diff: No security-relevant change \(\d+ noise changes\)\.\n/);
    expect(stdout).toContain("<details>\n<summary>Noise: ");
    expect(stdout).toContain("</details>\n");
    expect(stdout).not.toContain("### ");
  });

  test("fixing a weakened base is stronger: resolved findings, exit 0", () => {
    const weakened = variant("weakened-base", (root) =>
      editStack(root, "mcp-prod", (json) => {
        named(json, "aws_vpc_security_group_ingress_rule", sshRule)[1].cidr_ipv4 = "0.0.0.0/0";
      }),
    );
    const { status, json } = report(weakened, base);
    expect(status).toBe(0);
    const net01 = section(json, "NET-01");
    expect(net01).toMatchObject({ effect: "stronger", findingsAdded: [], findingsResolved: [expect.objectContaining({ rule: "net-01-no-open-ingress" })] });
    expect(changes(net01)).toEqual([expect.objectContaining({ path: "cidr_ipv4", effect: "stronger" })]);
  });

  test("--fail-on any exits 1 on a security-relevant change that is not weaker", () => {
    const longer = variant("kms-longer-deletion-window", (root) =>
      editStack(root, "mcp-prod", (json) => {
        named(json, "aws_kms_key")[1].deletion_window_in_days = 30 + 1;
      }),
    );
    expect(report(base, longer).status).toBe(0);
    expect(report(base, longer, "--fail-on", "any").status).toBe(1);
  });
});

describe("mcp-harden diff: output formats", () => {
  const head = variant("formats", (root) =>
    editStack(root, "mcp-prod", (json) => {
      named(json, "aws_vpc_security_group_ingress_rule", sshRule)[1].cidr_ipv4 = "0.0.0.0/0";
      named(json, "aws_kms_key")[1].description = "renamed key";
    }),
  );
  /**
   * The output of `diff base head --format <format>`, made once: the tests below read it, and the last compares it with
   * a second run. Text, the default, is run without --format (the second run gives it, so the default is shown to be text).
   */
  const firstRuns = new Map<string, ReturnType<typeof diff>>();
  const firstRun = (format: string): ReturnType<typeof diff> => {
    let result = firstRuns.get(format);
    if (!result) {
      result = format === "text" ? diff(base, head) : diff(base, head, "--format", format);
      firstRuns.set(format, result);
    }
    return result;
  };

  test("Markdown: verdict, summary table per control, each change once with its controls, noise folded", () => {
    const { status, stdout } = firstRun("markdown");
    expect(status).toBe(1);
    expect(stdout).toMatch(/^## Security diff: WEAKER: \d+ controls weaker \(NET-01, [^)]*\bPUB-06\b[^)]*\)\.\n/);
    expect(stdout).toContain("| Control | Effect | New findings | Resolved findings | Exceptions added | Resources |\n|---|---|---:|---:|---:|---:|\n");
    expect(stdout).toMatch(/\n\| NET-01 Dedicated MCP security zone \| \*\*weaker\*\* \| [1-9]\d* \| 0 \| 0 \| [1-9]\d* \|\n/);
    expect(stdout).toContain("### New findings\n\n- `net-01-no-open-ingress` (critical) on `aws_vpc_security_group_ingress_rule.");
    expect(stdout).toContain("### Changed resources\n\n- `aws_vpc_security_group_ingress_rule.");
    expect(stdout.split('  - **weaker**: CIDR at `cidr_ipv4`: `"203.0.113.0/24"` → `"0.0.0.0/0"` (NET-01, PUB-06, PUB-04)\n')).toHaveLength(2);
    expect(stdout.split("net-01-no-open-ingress` (critical) on")).toHaveLength(2);
    expect(stdout).toMatch(/<details>\n<summary>Noise: 1 change in 1 resource \(description\)<\/summary>\n\n- `aws_kms_key\.[^`]+` in `mcp-prod`: `description` \(description\)\n\n<\/details>\n$/);
  });

  test("text names the verdict, the controls, then each finding and change once with the controls it touches", () => {
    const { status, stdout } = firstRun("text");
    expect(status).toBe(1);
    expect(stdout.split("\n")[0]).toMatch(/^Security diff: WEAKER: \d+ controls weaker \(NET-01, [^)]*\bPUB-06\b[^)]*\)\.$/);
    expect(stdout).toContain("Controls:\n  NET-01 Dedicated MCP security zone: WEAKER\n");
    expect(stdout).toContain("New findings:\n  net-01-no-open-ingress (critical) on aws_vpc_security_group_ingress_rule.");
    expect(stdout.split("net-01-no-open-ingress (critical) on")).toHaveLength(2);
    expect(stdout.split('    weaker: CIDR (cidr_ipv4): "203.0.113.0/24" -> "0.0.0.0/0" [NET-01, PUB-06, PUB-04]\n')).toHaveLength(2);
  });

  test("JSON keeps a fixed key order and every format is deterministic", () => {
    const first = firstRun("json");
    expect(first.stderr).toBe("");
    const json = JSON.parse(first.stdout);
    expect(Object.keys(json)).toEqual(["weaker", "securityChanged", "weakerControls", "summary", "controls", "resources", "unmapped", "noise"]);
    expect(json.resources.map((resource: Json) => resource.address)).toEqual([...new Set(json.resources.map((resource: Json) => resource.address))]);
    expect(json.resources.flatMap((resource: Json) => resource.changes)).toEqual([expect.objectContaining({ path: "cidr_ipv4", effect: "weaker", controls: ["NET-01", "PUB-06", "PUB-04"] })]);
    expect(Object.keys(json.controls[0])).toEqual(["id", "title", "effect", "findingsAdded", "findingsResolved", "exceptionsAdded", "exceptionsRemoved", "resources"]);
    expect(Object.keys(json.controls[0].resources[0])).toEqual(["kind", "location", "address", "type", "status", "findingsAdded", "findingsResolved", "changes"]);
    for (const format of ["text", "markdown", "json"]) expect(diff(base, head, "--format", format).stdout).toBe(firstRun(format).stdout);
  });
});

describe("mcp-harden diff: bad input exits 2", () => {
  test("wrong number of roots, unknown flag, bad format", () => {
    for (const args of [[base], [base, base, base], [base, base, "--colour", "on"], [base, base, "--format", "html"]]) {
      const result = diff(...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Usage: mcp-harden diff <base> <head>");
    }
  });

  test("a root without cdktf.out, or with an unreadable plan", () => {
    const empty = path.join(work, "empty");
    fs.mkdirSync(empty, { recursive: true });
    const missing = diff(base, empty);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`head "${empty}" has no cdktf.out`);
    const broken = variant("broken", (root) => fs.writeFileSync(stackFile(root, "mcp-dev"), "{ not json"));
    const unreadable = diff(broken, base);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toContain("cdk.tf.json");
  });
});

describe("the structural diff", () => {
  test("ignores key order and null-versus-absent, matches blocks by identity, reads JSON strings", () => {
    expect(diffValues({ a: 1, b: null }, { a: 1 })).toBeUndefined();
    const node = diffValues(
      { rule: [{ name: "x", priority: 0 }, { name: "y", priority: 1 }], policy: '{"Statement":[{"Sid":"A","Action":"s3:Get*"}]}' },
      { rule: [{ name: "new", priority: 5 }, { name: "y", priority: 1 }, { name: "x", priority: 0 }], policy: '{"Statement":[{"Sid":"A","Action":"s3:*"}]}' },
    );
    const leavesOf = (tree: Json): Json[] => (tree.children.length === 0 ? [tree] : tree.children.flatMap(leavesOf));
    expect(leavesOf(node).map((leaf) => [displayPath(leaf.path), leaf.kind])).toEqual([
      ["policy.Statement[Sid=A].Action", "changed"],
      ["rule[name=new]", "added"],
    ]);
    expect(diffValues(["a", "b"], ["b", "a"])?.kind).toBe("reordered");
    expect(diffValues('{"a":1,"b":2}', '{ "b": 2, "a": 1 }')?.kind).toBe("reformatted");
  });
});

describe("the classification of one resource", () => {
  const rule = (values: Json): Entity => ({ kind: "terraform", location: "mcp-prod", address: "aws_vpc_security_group_ingress_rule.new", type: "aws_vpc_security_group_ingress_rule", values });
  const summary = (diffJson: Json) => diffJson?.security.map((change: Json) => [change.path, change.phrase, change.effect]);

  test("a new resource is judged as a whole, plus what is weak in itself (the internet, a weak value)", () => {
    const open = { cidr_ipv4: "0.0.0.0/0", from_port: 443, to_port: 443, ip_protocol: "tcp" };
    expect(summary(classifyEntity(undefined, rule(open), []))).toEqual([
      ["", "security group or rule", "changed"],
      ["cidr_ipv4", "CIDR", "weaker"],
    ]);
    expect(summary(classifyEntity(undefined, rule({ ...open, cidr_ipv4: "10.0.0.0/16", ip_protocol: "-1" }), []))).toEqual([
      ["", "security group or rule", "changed"],
      ["ip_protocol", "protocol", "weaker"],
    ]);
  });

  test("a resource in a stack base does not have (a new environment) is judged as a whole only", () => {
    expect(summary(classifyEntity(undefined, rule({ cidr_ipv4: "0.0.0.0/0" }), [], undefined, true))).toEqual([["", "security group or rule", "changed"]]);
  });

  test("a new block inside a resource is judged as a whole when mapped, plus its parts weak in themselves", () => {
    const pod = (...containers: Json[]): Entity => ({ kind: "kubernetes", location: "prod/x.yaml", address: "Pod/ns/x", type: "Pod", values: { kind: "Pod", metadata: { name: "x", namespace: "ns" }, spec: { containers } } });
    const before = pod({ name: "app" });
    const after = pod({ name: "app", securityContext: { privileged: true, readOnlyRootFilesystem: true } });
    expect(summary(classifyEntity(before, after, []))).toEqual([
      ["spec.containers[name=app].securityContext", "security context", "stronger"],
      ["spec.containers[name=app].securityContext.privileged", "privileged container", "weaker"],
    ]);
    const sidecar = pod({ name: "app" }, { name: "sidecar", securityContext: { capabilities: { add: ["NET_ADMIN"] } } });
    expect(summary(classifyEntity(before, sidecar, []))).toEqual([
      ["spec.containers[name=sidecar].securityContext", "security context", "stronger"],
      ["spec.containers[name=sidecar].securityContext.capabilities.add", "added Linux capabilities", "weaker"],
    ]);
  });
});

describe("the direction of a change, per control, both ways", () => {
  const entity = (type: string, values: Json, kind: Entity["kind"] = "terraform"): Entity => ({ kind, location: "mcp-prod", address: `${type}.x`, type, values });
  /** The one security change between two versions of a resource, as [path, effect, before, after]. */
  const change = (type: string, before: Json, after: Json, kind: Entity["kind"] = "terraform") => {
    const security = classifyEntity(entity(type, before, kind), entity(type, after, kind), [])?.security ?? [];
    expect(security).toHaveLength(1);
    return [security[0].path, security[0].effect, security[0].before, security[0].after];
  };
  const SG = "aws_vpc_security_group_ingress_rule";
  const ssh = (from: number, to = from) => ({ ip_protocol: "tcp", from_port: from, to_port: to, cidr_ipv4: "203.0.113.0/24" });

  test("ports: newly covering SSH or RDP is weaker, a wider range weaker, a narrower one stronger, a move only changed", () => {
    expect(change(SG, ssh(2222), ssh(22))).toEqual(["from_port..to_port", "weaker", "2222", "22"]);
    expect(change(SG, ssh(22), ssh(2222))).toEqual(["from_port..to_port", "changed", "22", "2222"]);
    expect(change(SG, ssh(443), ssh(443, 8443))).toEqual(["from_port..to_port", "weaker", "443", "443-8443"]);
    expect(change(SG, ssh(443, 8443), ssh(443))).toEqual(["from_port..to_port", "stronger", "443-8443", "443"]);
    expect(change(SG, ssh(443), ssh(8443))).toEqual(["from_port..to_port", "changed", "443", "8443"]);
    expect(change(SG, ssh(3390, 65535), ssh(1024, 65535))).toEqual(["from_port..to_port", "weaker", "3390-65535", "1024-65535"]);
    const acl = (from: number, to: number) => ({ ingress: [{ rule_no: 100, action: "allow", protocol: "tcp", cidr_block: "0.0.0.0/0", from_port: from, to_port: to }] });
    expect(change("aws_network_acl", acl(1024, 65535), acl(1024, 3388))).toEqual(["ingress[rule_no=100].from_port..to_port", "stronger", "1024-65535", "1024-3388"]);
    expect(change("aws_network_acl", acl(1024, 3388), acl(1024, 65535))).toEqual(["ingress[rule_no=100].from_port..to_port", "weaker", "1024-3388", "1024-65535"]);
  });

  test("CIDR: a wider range is weaker, a narrower one stronger", () => {
    expect(change(SG, { ...ssh(22), cidr_ipv4: "10.0.0.0/24" }, { ...ssh(22), cidr_ipv4: "10.0.0.0/16" })).toEqual(["cidr_ipv4", "weaker", "10.0.0.0/24", "10.0.0.0/16"]);
    expect(change(SG, { ...ssh(22), cidr_ipv4: "10.0.0.0/16" }, { ...ssh(22), cidr_ipv4: "10.0.0.0/24" })).toEqual(["cidr_ipv4", "stronger", "10.0.0.0/16", "10.0.0.0/24"]);
  });

  test("TLS policy: leaving the restricted policies is weaker, entering them stronger", () => {
    const listener = (policy: string) => ({ port: 443, protocol: "HTTPS", ssl_policy: policy });
    expect(change("aws_lb_listener", listener("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"), listener("ELBSecurityPolicy-2016-08"))).toEqual(["ssl_policy", "weaker", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-2016-08"]);
    expect(change("aws_lb_listener", listener("ELBSecurityPolicy-2016-08"), listener("ELBSecurityPolicy-TLS13-1-3-2021-06"))).toEqual(["ssl_policy", "stronger", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-3-2021-06"]);
  });

  test("log retention: shorter is weaker, longer stronger, and 0 or absent means forever", () => {
    const group = (days?: number) => ({ name: "/mcp/prod/x", ...(days === undefined ? {} : { retention_in_days: days }) });
    expect(change("aws_cloudwatch_log_group", group(365), group(30))[1]).toBe("weaker");
    expect(change("aws_cloudwatch_log_group", group(30), group(365))[1]).toBe("stronger");
    expect(change("aws_cloudwatch_log_group", group(365), group(0))[1]).toBe("stronger");
    expect(change("aws_cloudwatch_log_group", group(0), group(365))[1]).toBe("weaker");
    expect(change("aws_cloudwatch_log_group", group(), group(30))[1]).toBe("weaker");
  });

  test("token and session lifetimes: longer is weaker, shorter stronger, absent is the default", () => {
    const role = (seconds?: number) => ({ name: "mcp-prod-admin", ...(seconds === undefined ? {} : { max_session_duration: seconds }) });
    expect(change("aws_iam_role", role(3600), role(43200))[1]).toBe("weaker");
    expect(change("aws_iam_role", role(43200), role(3600))[1]).toBe("stronger");
    expect(change("aws_iam_role", role(), role(43200))[1]).toBe("weaker");
    const guard = (auth: Json) => ({ kind: "ConfigMap", metadata: { name: "mcp-guard-config", namespace: "mcp-gateway" }, data: { "guard-config.json": JSON.stringify({ version: 1, auth }) } });
    expect(change("ConfigMap", guard({ maxTokenLifetimeSeconds: 300 }), guard({ maxTokenLifetimeSeconds: 3600 }), "kubernetes")).toEqual(["data.guard-config.json.auth.maxTokenLifetimeSeconds", "weaker", 300, 3600]);
    expect(change("ConfigMap", guard({ maxTokenLifetimeSeconds: 3600 }), guard({ maxTokenLifetimeSeconds: 300 }), "kubernetes")[1]).toBe("stronger");
    expect(change("ConfigMap", guard({}), guard({ maxTokenLifetimeSeconds: 900 }), "kubernetes")[1]).toBe("weaker");
    const vpn = (hours: number) => ({ session_timeout_hours: hours });
    expect(change("aws_ec2_client_vpn_endpoint", vpn(8), vpn(24))[1]).toBe("weaker");
    expect(change("aws_ec2_client_vpn_endpoint", vpn(24), vpn(8))[1]).toBe("stronger");
  });
});

describe("the control table", () => {
  test("every mapping names catalog controls, a known judge and a compilable pattern; no mapping is repeated", () => {
    const known = new Set(CONTROLS.map((control) => control.id));
    for (const mapping of ATTRIBUTE_CONTROLS) {
      expect({ mapping: `${mapping.type} ${mapping.path}`, unknown: mapping.controls.filter((id) => !known.has(id)) }).toEqual({ mapping: `${mapping.type} ${mapping.path}`, unknown: [] });
      expect(isJudge(mapping.judge)).toBe(true);
      expect(() => pathPattern(mapping.path)).not.toThrow();
    }
    const keys = ATTRIBUTE_CONTROLS.map((mapping) => `${mapping.type} ${mapping.path}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    for (const [pattern] of NOISE_PATHS) expect(() => pathPattern(pattern)).not.toThrow();
  });

  test("path patterns", () => {
    expect(pathPattern("**.tags").test("tags")).toBe(true);
    expect(pathPattern("**.tags").test("default_tags[].tags")).toBe(true);
    expect(pathPattern("**.tags").test("xtags")).toBe(false);
    expect(pathPattern("rule[].statement.**.limit").test("rule[].statement.rate_based_statement.limit")).toBe(true);
    expect(pathPattern("rule[].statement.**.limit").test("rule[].statement.limit")).toBe(true);
    expect(pathPattern("*.encrypt").test("s3.encrypt")).toBe(true);
    expect(pathPattern("*.encrypt").test("a.s3.encrypt")).toBe(false);
    expect(pathPattern("").test("")).toBe(true);
    expect(pathPattern("").test("x")).toBe(false);
  });

  test("judges", () => {
    expect(judge("cidr", "10.0.0.0/24", "10.0.0.0/16")).toBe("weaker");
    expect(judge("cidr", "10.0.0.0/16", "10.0.1.0/24")).toBe("stronger");
    expect(judge("cidr", ["10.0.0.0/24"], ["10.0.0.0/24", "::/0"])).toBe("weaker");
    expect(judge("raised", { cpu: "500m", memory: "512Mi" }, { cpu: "1", memory: "512Mi" })).toBe("weaker");
    expect(judge("raised", { cpu: "500m" }, { cpu: "250m" })).toBe("stronger");
    expect(judge("raised", { cpu: "500m" }, undefined)).toBe("weaker");
    expect(judge("lowered", 365, 30)).toBe("weaker");
    expect(judge("retention", 30, undefined)).toBe("stronger");
    expect(judge("lifetime:300", undefined, 300)).toBe("changed");
    expect(judge("ports", { from_port: 22, to_port: 22 }, { ip_protocol: "-1" })).toBe("weaker");
    expect(judge("strong:true", true, undefined)).toBe("weaker");
    expect(judge("weak:count", { none: {} }, { count: {} })).toBe("weaker");
    expect(judge("order:DISABLE,PERMISSIVE,STRICT", "STRICT", "PERMISSIVE")).toBe("weaker");
    expect(judge("list-grows", ["A"], ["A", "B"])).toBe("weaker");
    expect(judge("list-shrinks", ["ALL"], [])).toBe("weaker");
    expect(judge("required", {}, undefined)).toBe("weaker");
    expect(judge("permissive", undefined, {})).toBe("weaker");
    expect(judge("review", 1, 2)).toBe("changed");
  });
});

describe("the rule pack's report on a side, remembered by content", () => {
  test("the same content is checked once per rule set; an edited copy, or other rules, are checked afresh", () => {
    let runs = 0;
    const rule: Rule = { id: "count-runs", controls: ["NET-01"], severity: "low", description: "counts its runs", remediation: "none", check: () => (runs++, []) };
    const rules = [rule];
    const side = (bucket = "logs"): Artifacts => ({ stacks: [{ name: "mcp-dev", file: "stacks/mcp-dev/cdk.tf.json", json: { resource: { aws_s3_bucket: { logs: { bucket } } } } }], kubernetes: [] });
    const first = policyReport(side(), rules);
    expect(policyReport(side(), rules)).toBe(first);
    expect(runs).toBe(1);
    policyReport(side("other"), rules);
    expect(runs).toBe(2);
    policyReport(side(), [rule]);
    expect(runs).toBe(3);
  });
});
