/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Shared fixtures made once per run (the built-in plans, cached across runs): use them, see the file.
  globalSetup: "<rootDir>/test/global-setup.ts",
  moduleNameMapper: { "^mcp-hardening$": "<rootDir>/constructs/index.ts" },
  testTimeout: 60000,
  // Every core: Jest's default (cores - 1) runs the suite in a single process on a 2-core machine, one core idle.
  maxWorkers: "100%",
};
