/**
 * Imported first by the entry points (`bin/cli.ts`, `bench/synth-child.ts`) for its side effect: turns on Node's
 * on-disk compile cache (Node ≥ 22.1), so a second run reuses the V8 code of the hundreds of modules a synthesis
 * loads instead of compiling them again. The cache lives where Node puts it by default (`NODE_COMPILE_CACHE`, else
 * `<os temp dir>/node-compile-cache`), is keyed by each file's content, and is only an optimization: Node reports a
 * failure to enable it instead of throwing, older Node versions lack it, and `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 */
import * as nodeModule from "module";

(nodeModule as Partial<Pick<typeof nodeModule, "enableCompileCache">>).enableCompileCache?.();
