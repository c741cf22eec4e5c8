import { dev } from "./dev";
import { prod } from "./prod";
import { EnvironmentConfig } from "./schema";
import { test } from "./test";

/** The built-in environments, synthesized by `npm run synth`. Add an environment here. */
export const BUILT_IN_ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, test, prod];
