/**
 * The environment files a SARIF report points into, shared by `check` and `synth`.
 */
import * as path from "path";
import { ConfigError } from "../../environments/config-error";
import { EnvironmentSource } from "../../environments/parse";
import { SarifSource } from "../../policies/sarif-locations";

/**
 * Loaded environment files as SARIF sources, relative to the working directory (the repository root: code scanning
 * places results relative to it). Throws `ConfigError` for a file outside it.
 */
export function sarifSources(sources: readonly EnvironmentSource[]): SarifSource[] {
  return sources.map(({ file, environment, lines }) => {
    const relative = path.relative(process.cwd(), path.resolve(file));
    if (relative.startsWith("..") || path.isAbsolute(relative)) {
      throw new ConfigError([{ path: file, message: "is outside the working directory", hint: "run from the repository root, which holds the environment files: code scanning places results relative to it" }]);
    }
    return { uri: relative.split(path.sep).join("/"), environment, lines };
  });
}
