/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
    // ESM-only packages (panva's jose, oauth4webapi, dpop): Jest on Node 20 cannot require(esm), so they are compiled too.
    "/node_modules/(jose|oauth4webapi|dpop)/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(jose|oauth4webapi|dpop)/)"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  moduleNameMapper: { "^mcp-hardening$": "<rootDir>/constructs/index.ts" },
  testTimeout: 60000,
};
