/** DLP-02 (pattern-based masking): payment cards, Korean RRNs, US SSNs and PHI identifiers in results are masked or block the result. */
import { PERSONAL_DATA_RULES } from "../dlp/personal-data";
import { resultFilterCheck } from "../dlp/filter";

export const DLP02 = resultFilterCheck("DLP-02-personal-data", "DLP-02", "Personal data in tool results is masked (or the result blocked).", () => PERSONAL_DATA_RULES);
