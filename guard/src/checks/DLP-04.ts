/** DLP-04 (information-exposure prevention): stack traces, internal host names, private IPs and AWS account IDs in results are masked or block the result. */
import { INTERNAL_DETAIL_RULES } from "../dlp/internal-details";
import { resultFilterCheck } from "../dlp/filter";

export const DLP04 = resultFilterCheck("DLP-04-internal-details", "DLP-04", "Internal details in tool results are masked (or the result blocked).", () => INTERNAL_DETAIL_RULES);
