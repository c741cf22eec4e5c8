import { isSecretName, secretKind } from "../../shared/secret-patterns";
import { parsedText } from "../run-cache";
import { resources, violation } from "../terraform";
import { Artifacts, KubernetesObject, Rule, StackArtifact, Violation } from "../types";

/** Where a value sits in an artifact, as a chain of keys: joined into `a.b[0].c` only when a finding names it. */
interface Path {
  readonly parent: Path | undefined;
  /** `.key`, `[index]` or `<embedded>`. */
  readonly step: string;
}

function pathText(path: Path | undefined): string {
  let text = "";
  for (let at = path; at !== undefined; at = at.parent) text = at.step + text;
  return text.replace(/^\./, "");
}

/**
 * Results of pure functions of strings, kept across checks: plans repeat the same strings many times, and checks
 * repeat plans (`diff` checks two checkouts). Each map is emptied when it reaches {@link MAX_REMEMBERED} entries.
 */
interface Memo {
  /** The document a string embeds, parsed (shared: read only). */
  readonly documents: Map<string, unknown>;
  /** The kind of secret a value is whatever its name (credential formats, assignments). */
  readonly valueKinds: Map<string, string | undefined>;
  /** Whether a name says its value is a secret. */
  readonly secretNames: Map<string, boolean>;
  /** The kind of secret a value is under a secret-like name, by name and value. */
  readonly namedKinds: Map<string, string | undefined>;
}

const MAX_REMEMBERED = 200_000;

const MEMO: Memo = { documents: new Map(), valueKinds: new Map(), secretNames: new Map(), namedKinds: new Map() };

/** The value of `compute(key)`, computed once while the memo holds it. */
function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}

/** Parses a string that embeds a JSON or YAML document (a policy, a container definition, a config file). */
function embedded(value: string): unknown {
  const trimmed = value.trim();
  try {
    if (/^[[{]/.test(trimmed)) return JSON.parse(trimmed);
    if (trimmed.includes("\n") && trimmed.includes(":")) return parsedText(value);
  } catch {
    return undefined;
  }
  return undefined;
}

/** The kind of secret `value` looks like under `name` (see `secretKind`), each part computed once per memo. */
function kindOf(value: string, name: string | undefined, memo: Memo): string | undefined {
  const byValue = remembered(memo.valueKinds, value, () => secretKind(value));
  if (byValue !== undefined || name === undefined || !remembered(memo.secretNames, name, () => isSecretName(name))) return byValue;
  return remembered(memo.namedKinds, `${name}\u0000${value}`, () => secretKind(value, name));
}

/**
 * Calls `found` with every string in a value, the key it sits under, and its path. In a `{ name, value }` pair (a
 * Kubernetes `env` entry, a header) the value sits under the pair's name. Embedded JSON and YAML documents are read too.
 */
function visitStrings(value: unknown, path: Path | undefined, name: string | undefined, memo: Memo, found: (value: string, name: string | undefined, path: Path | undefined) => void): void {
  if (typeof value === "string") {
    found(value, name, path);
    const document = remembered(memo.documents, value, () => embedded(value));
    if (typeof document === "object" && document !== null) visitStrings(document, { parent: path, step: "<embedded>" }, name, memo, found);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => visitStrings(item, { parent: path, step: `[${index}]` }, name, memo, found));
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const pairName = typeof record["name"] === "string" ? record["name"] : undefined;
    for (const key of Object.keys(record)) {
      visitStrings(record[key], { parent: path, step: `.${key}` }, key === "value" && pairName !== undefined ? pairName : key, memo, found);
    }
  }
}

/** Each top-level block of a Terraform JSON document as `[address, attributes]`: resources, data, outputs, providers, backend. */
function terraformBlocks(stack: StackArtifact): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const [section, content] of Object.entries(stack.json)) {
    const entries = typeof content === "object" && content !== null && !Array.isArray(content) ? Object.entries(content as Record<string, unknown>) : [];
    if (section === "resource" || section === "data") {
      for (const [type, named] of entries) {
        for (const [name, values] of Object.entries((named ?? {}) as Record<string, unknown>)) {
          found.push([section === "data" ? `data.${type}.${name}` : `${type}.${name}`, values]);
        }
      }
    } else if (section === "terraform") {
      for (const [key, values] of entries) {
        if (key === "backend") for (const [type, config] of Object.entries(values as Record<string, unknown>)) found.push([`terraform.backend.${type}`, config]);
        else found.push([`terraform.${key}`, values]);
      }
    } else if (["output", "provider", "variable", "module"].includes(section)) {
      for (const [name, values] of entries) found.push([`${section}.${name}`, values]);
    } else {
      found.push([section, content]);
    }
  }
  return found;
}

/**
 * One finding per kind of secret in one string tree: a leak seen in a document string and again inside the
 * document it embeds is one leak, reported at its first path.
 */
function leaks(location: string, resource: string, values: unknown, memo: Memo): Violation[] {
  const kinds = new Map<string, string>();
  visitStrings(values, undefined, undefined, memo, (value, name, path) => {
    const kind = kindOf(value, name, memo);
    if (kind && !kinds.has(kind)) kinds.set(kind, pathText(path));
  });
  return [...kinds].map(([kind, path]) => ({ location, resource, message: `${path || "(value)"} holds what looks like ${kind}` }));
}

const VALUE_IN_STATE = "the value would be stored in Terraform state and in the synthesized plan";

/** Resources and data sources that put a secret value into state, whatever the value is. */
function valuesInState(artifacts: Artifacts): Violation[] {
  const findings: Violation[] = [];
  for (const version of resources(artifacts, "aws_secretsmanager_secret_version")) {
    for (const attribute of ["secret_string", "secret_binary"]) {
      if (version.values[attribute] !== undefined) findings.push(violation(version, `sets ${attribute}: ${VALUE_IN_STATE}`));
    }
    const writeOnly = version.values["secret_string_wo"];
    if (typeof writeOnly === "string" && !/^\$\{[^}]+\}$/.test(writeOnly)) findings.push(violation(version, "sets secret_string_wo to a literal: the value would be in the synthesized plan"));
  }
  for (const password of resources(artifacts, "random_password")) findings.push(violation(password, `generates a password: ${VALUE_IN_STATE}`));
  for (const type of ["kubernetes_secret", "kubernetes_secret_v1"]) {
    for (const secret of resources(artifacts, type)) {
      if (secret.values["data"] !== undefined || secret.values["binary_data"] !== undefined) findings.push(violation(secret, `holds Secret data: ${VALUE_IN_STATE}`));
    }
  }
  for (const parameter of resources(artifacts, "aws_ssm_parameter")) {
    if (parameter.values["type"] === "SecureString" && parameter.values["value"] !== undefined) findings.push(violation(parameter, `sets value of a SecureString: ${VALUE_IN_STATE}; use value_wo`));
  }
  for (const stack of artifacts.stacks) {
    const data = (stack.json["data"] ?? {}) as Record<string, Record<string, unknown>>;
    for (const name of Object.keys(data["aws_secretsmanager_secret_version"] ?? {})) {
      findings.push({ location: stack.name, resource: `data.aws_secretsmanager_secret_version.${name}`, message: `reads a secret value: ${VALUE_IN_STATE}` });
    }
    const outputs = (stack.json["output"] ?? {}) as Record<string, unknown>;
    for (const [name, output] of Object.entries(outputs)) {
      const expression = JSON.stringify(output);
      if (/\b(?:random_password|aws_secretsmanager_secret_version|kubernetes_secret(?:_v1)?)\./.test(expression)) {
        findings.push({ location: stack.name, resource: `output.${name}`, message: "outputs a secret value or attribute of a secret version" });
      }
    }
  }
  return findings;
}

/** How a Kubernetes object is named in findings (as the engine names it). */
function objectAddress(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

function kubernetesFindings(artifacts: Artifacts, memo: Memo): Violation[] {
  const findings: Violation[] = [];
  for (const file of artifacts.kubernetes) {
    for (const object of file.objects) {
      const address = objectAddress(object);
      if (object.kind === "Secret") {
        for (const field of ["data", "stringData"]) {
          const content = object[field];
          if (typeof content === "object" && content !== null && Object.keys(content).length > 0) {
            findings.push({ location: file.file, resource: address, message: `a Secret with ${field} in a manifest: mount the value from Secrets Manager (Secrets Store CSI driver) instead` });
          }
        }
      }
      findings.push(...leaks(file.file, address, object, memo));
    }
  }
  return findings;
}

function terraformFindings(artifacts: Artifacts, memo: Memo): Violation[] {
  return artifacts.stacks.flatMap((stack) => terraformBlocks(stack).flatMap(([address, values]) => leaks(stack.name, address, values, memo)));
}

/**
 * No secret value in anything synthesized (MSH-03): every string of every Terraform block (resources, data sources,
 * outputs, providers, backend) and of every Kubernetes object is scanned for credential formats, private keys,
 * JWTs, literal passwords and random-looking values under secret-like names; secret versions with a value,
 * generated passwords, Secret objects with data and outputs of secret values are refused outright. Findings name
 * the kind of secret and where it is, never the value.
 */
const rule: Rule = {
  id: "msh-03-no-secret-values",
  controls: ["MSH-03"],
  severity: "critical",
  description: "No secret value appears in any synthesized artifact or Terraform state-bound attribute.",
  remediation:
    "Remove the value, revoke it (it has been exposed), create only the secret container (aws_secretsmanager_secret) and put the value into Secrets Manager out of band; workloads read it through their own role.",
  check: (artifacts) => {
    return [...valuesInState(artifacts), ...terraformFindings(artifacts, MEMO), ...kubernetesFindings(artifacts, MEMO)];
  },
};

export default rule;
