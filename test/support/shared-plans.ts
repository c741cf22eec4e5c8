/** Where test/global-setup.ts put the built-in environments' plans: `<dir>/cdktf.out` and `<dir>/k8s`. */
export const SHARED_PLANS_VARIABLE = "MCP_HARDENING_TEST_PLANS";
