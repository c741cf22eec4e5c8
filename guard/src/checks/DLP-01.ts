/** DLP-01 (DLP integration): secrets in results (cloud keys, VCS and chat tokens, private keys, JWTs, credentials in URLs) are masked or block the result. */
import { secretRules } from "../dlp/secrets";
import { resultFilterCheck } from "../dlp/filter";

export const DLP01 = resultFilterCheck("DLP-01-secrets", "DLP-01", "Secrets in tool results are masked (or the result blocked).", () => secretRules());
