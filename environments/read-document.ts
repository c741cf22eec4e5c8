/**
 * Reads an environment file (`.json`, `.yaml`, `.yml`) into plain data, before any validation. The file is untrusted
 * input, so it is read with one meaning and bounded work: a regular file only (a symbolic link, a device or a pipe is
 * refused without being read), at most `MAX_FILE_BYTES`, valid UTF-8 (a leading UTF-8 byte order mark is skipped; a
 * UTF-16 or UTF-32 one is refused), and JSON and YAML parsed by the same parser with the same rules: duplicate keys,
 * tags outside YAML's core schema and nesting deeper than `MAX_DEPTH` are refused. Messages name the line and
 * column, never the file's content.
 */
import { isUtf8 } from "buffer";
import * as fs from "fs";
import * as path from "path";
import { Alias, Document, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from "yaml";
import { ConfigError, ConfigProblem } from "./config-error";
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES } from "./input-limits";
import { fieldPath } from "./readers";

type Format = "json" | "yaml";

const FORMATS: Readonly<Record<string, Format>> = { ".json": "json", ".yaml": "yaml", ".yml": "yaml" };

/** The tags of YAML's core schema: anything else (`!!js/function`, `!!binary`, `!custom`) is refused. */
const CORE_TAGS: ReadonlySet<string> = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `tag:yaml.org,2002:${name}`)
);

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Byte order marks of encodings other than UTF-8, longest first. */
const OTHER_BOMS: readonly { readonly bytes: Buffer; readonly encoding: string }[] = [
  { bytes: Buffer.from([0xff, 0xfe, 0x00, 0x00]), encoding: "UTF-32" },
  { bytes: Buffer.from([0x00, 0x00, 0xfe, 0xff]), encoding: "UTF-32" },
  { bytes: Buffer.from([0xff, 0xfe]), encoding: "UTF-16" },
  { bytes: Buffer.from([0xfe, 0xff]), encoding: "UTF-16" },
];

/** What a failed open or read means, by error code; the message of the error itself names absolute paths. */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ELOOP: "it is a symbolic link",
};

/**
 * The line (1-based) where each key and list item of a document starts, by its field path as problems name it
 * (`mcpServers[2]`, `mcpServers[2].image`, `exceptions[0]`); JSON and YAML alike.
 */
export type SourceLines = ReadonlyMap<string, number>;

/**
 * The data in `file`, and the line of each key and list item in it. Throws `ConfigError` naming the file when its
 * extension is not `.json`, `.yaml` or `.yml`, or when it cannot be read or parsed (every syntax error is listed, with
 * its line and column).
 */
export function readDocumentWithLines(file: string): { readonly data: unknown; readonly lines: SourceLines } {
  const extension = path.extname(file).toLowerCase();
  const format = FORMATS[extension];
  if (format === undefined) {
    throw fileError(file, `unsupported file type ${JSON.stringify(extension || "(none)")}`, "write the environment as .json, .yaml or .yml");
  }
  return parse(decode(readBounded(file), file), format, file);
}

function fileError(file: string, message: string, hint: string): ConfigError {
  return new ConfigError([{ path: file, message, hint }]);
}

/** The bytes of `file`, a regular file of at most `MAX_FILE_BYTES`; anything else is refused before it is read. */
function readBounded(file: string): Buffer {
  const unreadable = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = READ_ERRORS[code];
    return fileError(file, `cannot read the file: ${code}${reason ? ` (${reason})` : ""}`, "check the path and the file's permissions");
  };
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    throw unreadable(error);
  }
  if (stat.isSymbolicLink()) throw fileError(file, "is a symbolic link, which is not followed", "give the path of the file itself");
  if (!stat.isFile()) throw fileError(file, "is not a regular file", "give the path of an environment file");
  let fd: number;
  try {
    // O_NOFOLLOW: a link swapped in after the check is still not followed; O_NONBLOCK: a FIFO cannot block the open.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw fileError(file, "is not a regular file", "give the path of an environment file");
    if (opened.size > MAX_FILE_BYTES) throw tooLarge(file, opened.size);
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_FILE_BYTES) throw tooLarge(file, length);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw unreadable(error);
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(file: string, size: number): ConfigError {
  return fileError(file, `is ${size} bytes, more than the limit of ${MAX_FILE_BYTES}`, "an environment file is a few kilobytes: check that this is the environment file");
}

/** The text of `bytes`: UTF-8, a leading UTF-8 byte order mark skipped. */
function decode(bytes: Buffer, file: string): string {
  const other = OTHER_BOMS.find(({ bytes: bom }) => bytes.subarray(0, bom.length).equals(bom));
  if (other) throw fileError(file, `is encoded in ${other.encoding}`, "save the file as UTF-8");
  const body = bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  const text = body.toString("utf8");
  if (isUtf8(body)) return text;
  const at = invalidUtf8Offset(body, text) + (body === bytes ? 0 : UTF8_BOM.length);
  throw fileError(file, `is not valid UTF-8: invalid byte sequence at byte offset ${at}`, "save the file as UTF-8");
}

/**
 * The byte offset of the first invalid UTF-8 sequence in `bytes`, which holds one. `text` is `bytes` decoded, where
 * each invalid sequence became U+FFFD; a U+FFFD written in the file itself is the valid bytes EF BF BD.
 */
function invalidUtf8Offset(bytes: Buffer, text: string): number {
  let offset = 0;
  let from = 0;
  for (let index = text.indexOf("\ufffd"); index !== -1; index = text.indexOf("\ufffd", index + 1)) {
    offset += Buffer.byteLength(text.slice(from, index));
    from = index + 1;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
    offset += 3;
  }
  return offset;
}

/** `line L, column C` of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    start = index + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/**
 * Parses `text` as one document. JSON is first checked against the JSON grammar (the native parser: no YAML-only
 * syntax passes), then read by the same YAML parser as YAML files, with the JSON schema, so both formats refuse
 * duplicate keys alike.
 */
function parse(text: string, format: Format, file: string): { readonly data: unknown; readonly lines: SourceLines } {
  checkSeparators(text, file);
  if (format === "json") {
    checkJsonDepth(text, file);
    checkJsonSyntax(text, file);
  }
  const lineCounter = new LineCounter();
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, { schema: format === "json" ? "json" : "core", uniqueKeys: true, prettyErrors: false, lineCounter });
  } catch (error) {
    // The YAML parser recurses into flow collections (`[[[...`): nesting deep enough to exhaust the stack.
    if (error instanceof RangeError) throw fileError(file, `is nested more than ${MAX_DEPTH} levels deep`, "an environment is a few levels deep: check that this is the environment file");
    throw error;
  }
  if (documents.length === 0) throw fileError(file, "the file is empty", "write the environment as one mapping");
  if (documents.length > 1) {
    throw fileError(file, `the file holds ${documents.length} YAML documents`, "keep one environment per file, without --- separators");
  }
  const [document] = documents;
  const problems: ConfigProblem[] = [...document.errors, ...document.warnings].map((error) => ({
    path: file,
    message: `invalid ${format === "json" ? "JSON" : "YAML"}: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").slice(0, 120)}`,
    hint: `fix the ${format === "json" ? "JSON" : "YAML"} syntax at ${lineAndColumn(text, error.pos[0])}`,
  }));
  if (problems.length > 0) throw new ConfigError(problems);
  checkNodes(document, text, file);
  try {
    return { data: document.toJS({ maxAliasCount: 100 }), lines: keyLines(document, lineCounter) };
  } catch (error) {
    throw fileError(file, `invalid YAML: ${(error as Error).message.split("\n")[0].slice(0, 120)}`, "write the values out instead of nesting aliases");
  }
}

/**
 * Refuses text with more line breaks and commas than `MAX_VALUES`, in one pass, before the parser builds a node for
 * each value: an environment has a few hundred lines, and parsing a megabyte of tiny values costs seconds.
 */
function checkSeparators(text: string, file: string): void {
  let separators = 0;
  for (let index = 0; index < text.length; index++) if (text[index] === "," || text[index] === "\n") separators++;
  if (separators > MAX_VALUES) throw fileError(file, `has more than ${MAX_VALUES} lines and commas`, "an environment has a few hundred lines: check that this is the environment file");
}

/** Refuses JSON nested deeper than `MAX_DEPTH`, in one pass over the text, before a parser recurses into it. */
function checkJsonDepth(text: string, file: string): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === "\\") index++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === "[" || character === "{") {
      if (++depth > MAX_DEPTH) throw fileError(file, `is nested more than ${MAX_DEPTH} levels deep`, `flatten the value at ${lineAndColumn(text, index)}: an environment is a few levels deep`);
    } else if (character === "]" || character === "}") {
      depth--;
    }
  }
}

/** Refuses text that is not JSON, naming where, without quoting the text (the native message does). */
function checkJsonSyntax(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = / at position (\d+)/.exec(message);
    const what = message.split(/[,"]| in JSON/)[0].trim();
    throw fileError(file, `invalid JSON: ${what}`, position ? `fix the JSON syntax at ${lineAndColumn(text, Number(position[1]))}` : "fix the JSON syntax");
  }
}

/**
 * Walks the document's nodes without recursion, aliases followed into what they name: refuses a tag outside the core
 * schema, nesting deeper than `MAX_DEPTH` and more than `MAX_VALUES` values, before any of it is built.
 */
function checkNodes(document: Document, text: string, file: string): void {
  const stack: { readonly node: Node | Alias; readonly depth: number }[] = [];
  if (document.contents) stack.push({ node: document.contents, depth: 0 });
  let values = 0;
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    const at = () => lineAndColumn(text, node.range?.[0] ?? 0);
    if (++values > MAX_VALUES) throw fileError(file, `holds more than ${MAX_VALUES} values, aliases expanded`, "write the environment without aliases: it holds a few hundred values");
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (target) stack.push({ node: target, depth });
      continue;
    }
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      throw fileError(file, `the tag ${JSON.stringify(node.tag.replace(/^tag:yaml\.org,2002:/, "!!").slice(0, 40))} is not allowed`, `remove it (${at()}): only plain values, lists and mappings are read`);
    }
    if (isScalar(node) || !isCollection(node)) continue;
    if (depth >= MAX_DEPTH) throw fileError(file, `is nested more than ${MAX_DEPTH} levels deep`, `flatten the value at ${at()}: an environment is a few levels deep`);
    for (const item of node.items) {
      for (const part of isPair(item) ? [item.key, item.value] : [item]) {
        if (isNode(part)) stack.push({ node: part, depth: depth + 1 });
      }
    }
  }
}

/**
 * The line of every key and list item of a document that `checkNodes` accepted, by field path (see `SourceLines`):
 * paths are spelled as problems spell them (`fieldPath`). Aliases are not followed: a value written once has one line.
 */
function keyLines(document: Document, lineCounter: LineCounter): SourceLines {
  const lines = new Map<string, number>();
  const stack: { readonly node: unknown; readonly path: string }[] = [{ node: document.contents, path: "" }];
  const lineOf = (node: unknown) => (isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined);
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, path: at } = entry;
    const record = (field: string, child: unknown, start: unknown) => {
      const line = lineOf(start);
      if (line !== undefined) lines.set(field, line);
      stack.push({ node: child, path: field });
    };
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined) record(fieldPath(at, key), pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => record(`${at}[${index}]`, item, item));
    }
  }
  return lines;
}

