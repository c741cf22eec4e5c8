/**
 * One JavaScript file for a Lambda function, bundled by esbuild from an entry's source text (Node.js 22, CommonJS, the
 * AWS SDK left to the runtime), and kept in a cache between processes: a cached bundle is used only while every file
 * it was built from still has the same SHA-256, so synthesis pays esbuild's cost once per change of its inputs.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";

/** Properties of {@link lambdaBundle}. */
export interface LambdaBundleProps {
  /** The entry's source text (CommonJS); its `require`s resolve from `root`. */
  readonly entry: string;
  /** The entry's file name in the bundle's comments, e.g. `recovery-entry.js`. */
  readonly entryName: string;
  /** The directory requires resolve from; bundle comments name files relative to it. */
  readonly root: string;
  /** Where bundles are kept between processes. @default `<root>/node_modules/.cache/mcp-hardening/bundles` */
  readonly cacheDirectory?: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

interface CachedBundle {
  /** SHA-256 of each input file, by path relative to the root. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly code: string;
}

function fromCache(file: string, root: string): string | undefined {
  try {
    const cached = JSON.parse(fs.readFileSync(file, "utf8")) as CachedBundle;
    return Object.entries(cached.inputs).every(([input, digest]) => sha256(fs.readFileSync(path.join(root, input))) === digest) ? cached.code : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle of `entry`: from the cache while its inputs are unchanged, else built and cached (best effort). */
export function lambdaBundle(props: LambdaBundleProps): Buffer {
  const options: esbuild.BuildOptions = {
    stdin: { contents: props.entry, resolveDir: props.root, sourcefile: props.entryName, loader: "js" },
    absWorkingDir: props.root,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    external: ["@aws-sdk/*"],
    legalComments: "none",
    logLevel: "silent",
  };
  const directory = props.cacheDirectory ?? path.join(props.root, "node_modules", ".cache", "mcp-hardening", "bundles");
  // The lockfile is in the key: a reinstall can change how a module resolves without changing any input file.
  const lockfile = path.join(props.root, "package-lock.json");
  const installed = fs.existsSync(lockfile) ? sha256(fs.readFileSync(lockfile)) : "";
  const file = path.join(directory, `${sha256(JSON.stringify({ esbuild: esbuild.version, options, installed }))}.json`);
  const cached = fromCache(file, props.root);
  if (cached !== undefined) return Buffer.from(cached, "utf8");
  const result = esbuild.buildSync({ ...options, write: false, metafile: true });
  const code = result.outputFiles[0].text;
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .filter((input) => fs.existsSync(path.join(props.root, input)))
      .sort()
      .map((input) => [input, sha256(fs.readFileSync(path.join(props.root, input)))])
  );
  try {
    fs.mkdirSync(directory, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, JSON.stringify({ inputs, code } satisfies CachedBundle));
    fs.renameSync(partial, file);
  } catch {
    // A read-only installation bundles on every synthesis: slower, same bytes.
  }
  return Buffer.from(code, "utf8");
}
