/** The day the test suite judges re-certification on (set as MCP_HARDEN_TODAY by test/global-setup.ts). */
export const TEST_REVIEW_DAY = "2026-12-07";
