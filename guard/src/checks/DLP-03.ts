/**
 * DLP-03 (response-size monitoring): a result larger than the server's `dlp.maxResultBytes` is refused
 * (RESOURCE_EXHAUSTED, JSON-RPC -32003) before any other output check reads it; the audit line records its size.
 */
import { Check, PASS, deny } from "../pipeline/check";

export const DLP03: Check = {
  id: "DLP-03-result-size",
  control: "DLP-03",
  description: "Results larger than the server's maxResultBytes are refused.",
  phase: "response",
  methods: ["*"],
  repeatable: true,
  compile: () => (ctx) =>
    ctx.bytes > ctx.serverConfig.dlp.maxResultBytes
      ? deny("RESOURCE_EXHAUSTED", "DLP-03-result-size", `the result is larger than ${ctx.serverConfig.dlp.maxResultBytes} bytes (DLP-03)`)
      : PASS,
};
