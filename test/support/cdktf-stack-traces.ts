/**
 * Jest setup (jest.config.js `setupFiles`): cdktf's tokens record the stack that created them, at unlimited depth, for
 * the message of a token that later fails to resolve. Under Jest every frame of that stack goes through Jest's
 * source-map support, which cost the suite about 23 s of CPU (most of the in-process synthesis time). Tests get an
 * empty creation stack instead. Plans are unchanged: test/synth.test.ts compares an in-process synthesis (stubbed)
 * byte for byte with global setup's (real capture, outside Jest's module registry). If cdktf moves this module, this
 * line fails and names it: drop the stub or point it at the new path.
 */
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({ captureStackTrace: (): string[] => [] }));
