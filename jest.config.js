/** @type {import('jest').Config} */
module.exports = {
  // Jest's Node environment with an ordinary global object: global lookups off V8's interceptors (see the file).
  testEnvironment: "<rootDir>/test/support/environment.ts",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
    // ESM-only packages (panva's jose, oauth4webapi, dpop): Jest on Node 20 cannot require(esm), so they are compiled too.
    "/node_modules/(jose|oauth4webapi|dpop)/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(jose|oauth4webapi|dpop)/)"],
  // Shared fixtures made once per run (the built-in plans, cached across runs): use them, see the file.
  globalSetup: "<rootDir>/test/global-setup.ts",
  // cdktf's token creation stacks, which Jest source-maps frame by frame: see the file.
  setupFiles: ["<rootDir>/test/support/cdktf-stack-traces.ts"],
  moduleNameMapper: { "^mcp-hardening$": "<rootDir>/index.ts" },
  testTimeout: 60000,
  // Every core: Jest's default (cores - 1) runs the suite in a single process on a 2-core machine, one core idle.
  maxWorkers: "100%",
};
