/** Reads an environment file (`.json`, `.yaml`, `.yml`) into plain data, before any validation. */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, ConfigProblem } from "./config-error";

const FORMATS: Readonly<Record<string, (text: string, file: string) => unknown>> = {
  ".json": parseJson,
  ".yaml": parseYaml,
  ".yml": parseYaml,
};

/**
 * The data in `file`. Throws `ConfigError` naming the file when its extension is not `.json`, `.yaml` or `.yml`,
 * or when it cannot be read or parsed (every YAML syntax error is listed, with its line and column).
 */
export function readDocument(file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  const parse = FORMATS[extension];
  if (parse === undefined) {
    throw fileError(
      file,
      `unsupported file type "${extension || "(none)"}"`,
      "write the environment as .json, .yaml or .yml"
    );
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw fileError(
      file,
      `cannot read the file: ${(error as Error).message}`,
      "check the path and the file's permissions"
    );
  }
  return parse(text, file);
}

function fileError(file: string, message: string, hint: string): ConfigError {
  return new ConfigError([{ path: file, message, hint }]);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    throw fileError(
      file,
      `invalid JSON: ${message}`,
      position ? `fix the JSON syntax at ${lineAndColumn(text, Number(position[1]))}` : "fix the JSON syntax"
    );
  }
}

function lineAndColumn(text: string, offset: number): string {
  const lines = text.slice(0, offset).split("\n");
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}

function parseYaml(text: string, file: string): unknown {
  const documents = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  if (documents.length === 0) throw fileError(file, "the file is empty", "write the environment as one YAML mapping");
  if (documents.length > 1) {
    throw fileError(
      file,
      `the file holds ${documents.length} YAML documents`,
      "keep one environment per file, without --- separators"
    );
  }
  const [document] = documents;
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error): ConfigProblem => {
        const position = error.linePos?.[0];
        return {
          path: file,
          message: `invalid YAML: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
          hint: position
            ? `fix the YAML syntax at line ${position.line}, column ${position.col}`
            : "fix the YAML syntax",
        };
      })
    );
  }
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw fileError(
      file,
      `invalid YAML: ${(error as Error).message}`,
      "write the values out instead of nesting aliases"
    );
  }
}
