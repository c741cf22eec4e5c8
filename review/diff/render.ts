/**
 * Formats a security diff for people (text), for a pull-request comment (Markdown) and for scripts (JSON).
 * Every format is deterministic: the same diff gives byte-identical output.
 */
import { canonicalJson } from "./structural";
import { ControlResource, EntityDiff, ExceptionChange, FindingChange, NoiseChange, SecurityChange, SecurityDiff, ValueChange } from "./types";

/** The output formats of a diff. */
export type DiffFormat = "text" | "markdown" | "json";

/** Every diff format, for argument validation and help text. */
export const DIFF_FORMATS: readonly DiffFormat[] = ["text", "markdown", "json"];

/** Longest value shown in text and Markdown; JSON has every value in full. */
const MAX_VALUE_LENGTH = 200;

/** Most noise lines in Markdown, which must fit a pull-request comment (65,536 characters). */
const MAX_MARKDOWN_NOISE_LINES = 150;

/** Formats a diff in the given format; the result ends with a newline. */
export function formatDiff(diff: SecurityDiff, format: DiffFormat): string {
  switch (format) {
    case "text":
      return formatText(diff);
    case "markdown":
      return formatMarkdown(diff);
    case "json":
      return formatJson(diff);
  }
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = canonicalJson(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** How one format writes a change of two values. */
interface ChangeStyle {
  readonly arrow: string;
  readonly value: (text: string) => string;
}

const TEXT_STYLE: ChangeStyle = { arrow: "->", value: (text) => text };

/** A change of two values: the elements added and removed when both are lists of plain values, else both values. */
function showChange(before: unknown, after: unknown, style: ChangeStyle): string {
  const plain = (value: unknown): value is unknown[] => Array.isArray(value) && value.every((element) => typeof element !== "object" || element === null);
  if (plain(before) && plain(after)) {
    const [was, is] = [before.map(canonicalJson), after.map(canonicalJson)];
    const listed = (texts: string[]) => style.value(show(texts.map((text) => JSON.parse(text) as unknown)));
    const added = is.filter((element) => !was.includes(element));
    const removed = was.filter((element) => !is.includes(element));
    const parts = [...(added.length > 0 ? [`added ${listed(added)}`] : []), ...(removed.length > 0 ? [`removed ${listed(removed)}`] : [])];
    if (parts.length > 0) return parts.join(", ");
  }
  return `${style.value(show(before))} ${style.arrow} ${style.value(show(after))}`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** Entities whose changes the table does not map, or that map to no control. */
function unmapped(diff: SecurityDiff): { entity: EntityDiff; security: SecurityChange[] }[] {
  return diff.entities
    .map((entity) => ({ entity, security: entity.security.filter((change) => change.controls.length === 0) }))
    .filter(({ entity, security }) => entity.other.length > 0 || security.length > 0);
}

function noisy(diff: SecurityDiff): EntityDiff[] {
  return diff.entities.filter((entity) => entity.noise.length > 0);
}

function noiseCount(diff: SecurityDiff): number {
  return noisy(diff).reduce((sum, entity) => sum + entity.noise.length, 0);
}

function noiseReasons(diff: SecurityDiff): string {
  return [...new Set(noisy(diff).flatMap((entity) => entity.noise.map((change) => change.reason.replace(/^moved from .*/, "moved"))))].sort().join(", ");
}

/** A changed resource as shown once: its security changes (each with the controls it touches) and the rules it made fail or pass. */
interface ChangedResource {
  readonly entity: EntityDiff;
  readonly changes: readonly SecurityChange[];
  readonly findingsAdded: readonly string[];
  readonly findingsResolved: readonly string[];
}

/** Every resource with a mapped change or a finding it caused, once, in the diff's resource order. */
function changedResources(diff: SecurityDiff): ChangedResource[] {
  const key = (resource: Pick<EntityDiff, "kind" | "location" | "address">) => `${resource.kind}\u0000${resource.location}\u0000${resource.address}`;
  const caused = new Map<string, { added: Set<string>; resolved: Set<string> }>();
  for (const resource of diff.controls.flatMap((section) => section.resources)) {
    const entry = caused.get(key(resource)) ?? { added: new Set<string>(), resolved: new Set<string>() };
    resource.findingsAdded.forEach((rule) => entry.added.add(rule));
    resource.findingsResolved.forEach((rule) => entry.resolved.add(rule));
    caused.set(key(resource), entry);
  }
  return diff.entities.flatMap((entity) => {
    const changes = entity.security.filter((change) => change.controls.length > 0);
    const entry = caused.get(key(entity));
    if (changes.length === 0 && entry === undefined) return [];
    return [{ entity, changes, findingsAdded: [...(entry?.added ?? [])].sort(), findingsResolved: [...(entry?.resolved ?? [])].sort() }];
  });
}

function headline(diff: SecurityDiff): string {
  const weaker = diff.controls.filter((section) => section.effect === "weaker").map((section) => section.id);
  if (diff.weaker) {
    const which = weaker.length > 0 ? `${plural(weaker.length, "control")} weaker (${weaker.join(", ")})` : "a policy exception for an unknown rule added";
    return `WEAKER: ${which}.`;
  }
  if (!diff.securityChanged) return `No security-relevant change (${plural(noiseCount(diff), "noise change")}).`;
  const count = (effect: string) => diff.controls.filter((section) => section.effect === effect).length;
  return `No control weaker: ${plural(count("changed"), "control")} changed, ${count("stronger")} stronger.`;
}

function changeLine(change: SecurityChange): string {
  const where = change.path === "" ? "the resource itself" : change.path;
  const values = change.path === "" || change.details.length > 0 ? "" : `: ${showChange(change.before, change.after, TEXT_STYLE)}`;
  const controls = change.controls.length > 0 ? ` [${change.controls.join(", ")}]` : "";
  return `${change.effect}: ${change.phrase} (${where})${values}${controls}`;
}

function detailLine(detail: ValueChange): string {
  return `${detail.path}: ${showChange(detail.before, detail.after, TEXT_STYLE)}`;
}

function findingLine(finding: FindingChange): string {
  return `${finding.rule} (${finding.severity}) on ${finding.resource} in ${finding.location}: ${finding.message} [${finding.controls.join(", ")}]`;
}

function exceptionLine(exception: ExceptionChange): string {
  return `${findingLine(exception)}; justification: ${exception.justification}`;
}

function resourceTitle(resource: Pick<ControlResource, "address" | "location" | "status">): string {
  return `${resource.address} in ${resource.location} (${resource.status})`;
}

function causeLine(resource: Pick<ControlResource, "findingsAdded" | "findingsResolved">): string[] {
  return [
    ...(resource.findingsAdded.length > 0 ? [`now fails: ${resource.findingsAdded.join(", ")}`] : []),
    ...(resource.findingsResolved.length > 0 ? [`no longer fails: ${resource.findingsResolved.join(", ")}`] : []),
  ];
}

function noiseLine(change: NoiseChange): string {
  return change.path === "" ? change.reason : `${change.path} (${change.reason})`;
}

/**
 * Human-readable text: the verdict, one line per control moved, then each finding, exception and change once with
 * the controls it touches, unmapped changes, and noise.
 */
export function formatText(diff: SecurityDiff): string {
  const lines = [`Security diff: ${headline(diff)}`, ""];
  if (diff.controls.length > 0) {
    lines.push("Controls:", ...diff.controls.map((section) => `  ${`${section.id} ${section.title}`.trim()}: ${section.effect.toUpperCase()}`), "");
  }
  const block = (title: string, items: readonly string[]) => (items.length > 0 ? lines.push(`${title}:`, ...items.map((item) => `  ${item}`), "") : 0);
  block("New findings", diff.findingsAdded.map(findingLine));
  block("Resolved findings", diff.findingsResolved.map(findingLine));
  block("Exceptions added", diff.exceptionsAdded.map(exceptionLine));
  block("Exceptions removed", diff.exceptionsRemoved.map(exceptionLine));
  const resources = changedResources(diff);
  if (resources.length > 0) {
    lines.push("Changed resources:");
    for (const resource of resources) {
      lines.push(`  ${resourceTitle(resource.entity)}`);
      for (const cause of causeLine(resource)) lines.push(`    ${cause}`);
      for (const change of resource.changes) {
        lines.push(`    ${changeLine(change)}`);
        for (const detail of change.details) lines.push(`      ${detailLine(detail)}`);
      }
    }
    lines.push("");
  }
  const others = unmapped(diff);
  if (others.length > 0) {
    lines.push("Not mapped to a control:");
    for (const { entity, security } of others) {
      lines.push(`  ${resourceTitle(entity)}`);
      for (const change of security) lines.push(`    ${changeLine(change)}`);
      for (const change of entity.other) if (change.path !== "") lines.push(`    ${detailLine(change)}`);
    }
    lines.push("");
  }
  const noise = noisy(diff);
  if (noise.length > 0) {
    lines.push(`Noise: ${plural(noiseCount(diff), "change")} in ${plural(noise.length, "resource")} (${noiseReasons(diff)}):`);
    for (const entity of noise) lines.push(`  ${entity.address} in ${entity.location}: ${entity.noise.map(noiseLine).join("; ")}`);
    lines.push("");
  }
  return lines.join("\n").replace(/\n+$/, "") + "\n";
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

const MARKDOWN_STYLE: ChangeStyle = { arrow: "→", value: code };

function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, "\\$1");
}

function markdownChange(change: SecurityChange): string[] {
  const where = change.path === "" ? "the resource itself" : code(change.path);
  const values = change.path === "" || change.details.length > 0 ? "" : `: ${showChange(change.before, change.after, MARKDOWN_STYLE)}`;
  const effect = change.effect === "weaker" ? "**weaker**" : change.effect;
  const controls = change.controls.length > 0 ? ` (${change.controls.join(", ")})` : "";
  return [`  - ${effect}: ${markdownText(change.phrase)} at ${where}${values}${controls}`, ...change.details.map((detail) => `    - ${code(detail.path)}: ${showChange(detail.before, detail.after, MARKDOWN_STYLE)}`)];
}

function markdownFinding(finding: FindingChange): string {
  return `- ${code(finding.rule)} (${finding.severity}) on ${code(finding.resource)} in ${code(finding.location)} (${finding.controls.join(", ")}): ${markdownText(finding.message)}`;
}

function markdownException(exception: ExceptionChange): string {
  return `${markdownFinding(exception)}. Justification: ${markdownText(exception.justification)}`;
}

function markdownResource(resource: Pick<ControlResource, "address" | "location" | "status">): string {
  return `- ${code(resource.address)} in ${code(resource.location)} (${resource.status})`;
}

/** The findings, exceptions and changed resources, each once with the controls it touches. */
function markdownBody(diff: SecurityDiff): string[] {
  const list = (title: string, items: string[]) => (items.length > 0 ? [`### ${title}`, "", ...items, ""] : []);
  const resources = changedResources(diff).flatMap((resource) => [
    markdownResource(resource.entity),
    ...causeLine(resource).map((cause) => `  - ${cause.replace(/: (.*)$/, (_, rules: string) => `: ${rules.split(", ").map(code).join(", ")}`)}`),
    ...resource.changes.flatMap(markdownChange),
  ]);
  return [
    ...list("New findings", diff.findingsAdded.map(markdownFinding)),
    ...list("Resolved findings", diff.findingsResolved.map(markdownFinding)),
    ...list("Exceptions added", diff.exceptionsAdded.map(markdownException)),
    ...list("Exceptions removed", diff.exceptionsRemoved.map(markdownException)),
    ...list("Changed resources", resources),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/**
 * Markdown for a pull-request comment: verdict, a summary table per control, then each finding, exception and
 * changed resource once with the controls it touches, unmapped changes, and noise folded.
 */
export function formatMarkdown(diff: SecurityDiff): string {
  const lines = [`## Security diff: ${markdownText(headline(diff))}`, ""];
  if (diff.controls.length > 0) {
    lines.push("| Control | Effect | New findings | Resolved findings | Exceptions added | Resources |", "|---|---|---:|---:|---:|---:|");
    for (const section of diff.controls) {
      const effect = section.effect === "weaker" ? "**weaker**" : section.effect;
      const counts = [section.findingsAdded, section.findingsResolved, section.exceptionsAdded, section.resources].map((list) => String(list.length));
      lines.push(`| ${cell(`${section.id} ${section.title}`.trim())} | ${effect} | ${counts.join(" | ")} |`);
    }
    lines.push("");
  }
  lines.push(...markdownBody(diff));
  const others = unmapped(diff);
  if (others.length > 0) {
    lines.push("### Not mapped to a control", "");
    for (const { entity, security } of others) {
      lines.push(markdownResource(entity), ...security.flatMap(markdownChange));
      for (const change of entity.other) if (change.path !== "") lines.push(`  - ${code(change.path)}: ${showChange(change.before, change.after, MARKDOWN_STYLE)}`);
    }
    lines.push("");
  }
  const noise = noisy(diff);
  if (noise.length > 0) {
    const entries = noise.flatMap((entity) => entity.noise.map((change) => `- ${code(entity.address)} in ${code(entity.location)}: ${change.path === "" ? "" : `${code(change.path)} `}(${markdownText(change.reason)})`));
    const shown = entries.slice(0, MAX_MARKDOWN_NOISE_LINES);
    const more = entries.length - shown.length;
    lines.push(
      "<details>",
      `<summary>Noise: ${plural(noiseCount(diff), "change")} in ${plural(noise.length, "resource")} (${markdownText(noiseReasons(diff))})</summary>`,
      "",
      ...shown,
      ...(more > 0 ? [`- … and ${more} more; run \`mcp-harden diff\` locally for the full list.`] : []),
      "",
      "</details>",
      "",
    );
  }
  return lines.join("\n").replace(/\n+$/, "") + "\n";
}

/** Sorts object keys recursively, so values read from either side print the same way. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, sortedKeys(record[key])]));
}

function valueJson(change: ValueChange): Record<string, unknown> {
  return { path: change.path, ...(change.before === undefined ? {} : { before: sortedKeys(change.before) }), ...(change.after === undefined ? {} : { after: sortedKeys(change.after) }) };
}

function securityJson(change: SecurityChange): Record<string, unknown> {
  return {
    path: change.path,
    phrase: change.phrase,
    effect: change.effect,
    controls: [...change.controls],
    ...(change.before === undefined ? {} : { before: sortedKeys(change.before) }),
    ...(change.after === undefined ? {} : { after: sortedKeys(change.after) }),
    details: change.details.map(valueJson),
  };
}

function findingJson(finding: FindingChange): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    controls: [...finding.controls],
    location: finding.location,
    resource: finding.resource,
    message: finding.message,
  };
}

function exceptionJson(exception: ExceptionChange): Record<string, unknown> {
  return { ...findingJson(exception), justification: exception.justification };
}

function entityJson(entity: Pick<EntityDiff, "kind" | "location" | "address" | "type" | "status">): Record<string, unknown> {
  return { kind: entity.kind, location: entity.location, address: entity.address, type: entity.type, status: entity.status };
}

/**
 * JSON with a fixed key order: verdict, summary counts, a section per control (findings, exceptions, resources with
 * their security changes, for scripts that select by control), every changed resource once with each change's
 * controls, unmapped changes, and noise. Attribute values are given in full, keys sorted.
 */
export function formatJson(diff: SecurityDiff): string {
  const count = (status: EntityDiff["status"]) => diff.entities.filter((entity) => entity.status === status).length;
  const json = {
    weaker: diff.weaker,
    securityChanged: diff.securityChanged,
    weakerControls: diff.controls.filter((section) => section.effect === "weaker").map((section) => section.id),
    summary: {
      controls: diff.controls.length,
      findingsAdded: diff.findingsAdded.length,
      findingsResolved: diff.findingsResolved.length,
      exceptionsAdded: diff.exceptionsAdded.length,
      exceptionsRemoved: diff.exceptionsRemoved.length,
      resourcesAdded: count("added"),
      resourcesRemoved: count("removed"),
      resourcesChanged: count("changed"),
      noiseChanges: noiseCount(diff),
    },
    controls: diff.controls.map((section) => ({
      id: section.id,
      title: section.title,
      effect: section.effect,
      findingsAdded: section.findingsAdded.map(findingJson),
      findingsResolved: section.findingsResolved.map(findingJson),
      exceptionsAdded: section.exceptionsAdded.map(exceptionJson),
      exceptionsRemoved: section.exceptionsRemoved.map(exceptionJson),
      resources: section.resources.map((resource) => ({
        ...entityJson(resource),
        findingsAdded: [...resource.findingsAdded],
        findingsResolved: [...resource.findingsResolved],
        changes: resource.changes.map((change) => securityJson(change)),
      })),
    })),
    resources: changedResources(diff).map((resource) => ({
      ...entityJson(resource.entity),
      findingsAdded: [...resource.findingsAdded],
      findingsResolved: [...resource.findingsResolved],
      changes: resource.changes.map((change) => securityJson(change)),
    })),
    unmapped: unmapped(diff).map(({ entity, security }) => ({
      ...entityJson(entity),
      security: security.map((change) => securityJson(change)),
      changes: entity.other.map((change) => valueJson(change)),
    })),
    noise: noisy(diff).map((entity) => ({ ...entityJson(entity), changes: entity.noise.map((change) => ({ path: change.path, reason: change.reason })) })),
  };
  return JSON.stringify(json, null, 2) + "\n";
}
