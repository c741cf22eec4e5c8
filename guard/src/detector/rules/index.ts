/**
 * The detector's rule pack. Each rule is a pure function in its own file, named by its ID; adding one is one file and
 * one line here. `DETECTOR_RULES_VERSION` changes whenever a rule is added, removed or changes what it matches, so a
 * lock file records which rules it was reviewed against.
 */
import { DetectorRule } from "../types";
import tool05Html from "./TOOL-05-html";
import tool05EncodedInstructions from "./TOOL-05-encoded-instructions";
import tool05EncodedText from "./TOOL-05-encoded-text";
import tool05HiddenInstructions from "./TOOL-05-hidden-instructions";
import tool05HiddenUnicode from "./TOOL-05-hidden-unicode";
import tool05Identifier from "./TOOL-05-identifier";
import tool05Length from "./TOOL-05-length";
import tool05LookAlike from "./TOOL-05-look-alike";
import tool05Payload from "./TOOL-05-payload";
import tool05MarkdownLink from "./TOOL-05-markdown-link";
import tool05Markup from "./TOOL-05-markup";
import tool06Directive from "./TOOL-06-directive";
import tool06Coercion from "./TOOL-06-coercion";
import tool06CrossOrigin from "./TOOL-06-cross-origin";
import tool06Exfiltration from "./TOOL-06-exfiltration";
import tool06FakeNotice from "./TOOL-06-fake-notice";
import tool06LineJumping from "./TOOL-06-line-jumping";
import tool06MaliciousCommand from "./TOOL-06-malicious-command";
import tool06Secrecy from "./TOOL-06-secrecy";
import tool06Overreach from "./TOOL-06-overreach";
import tool06Persistence from "./TOOL-06-persistence";
import tool06Preference from "./TOOL-06-preference";
import tool06PrivilegeClaim from "./TOOL-06-privilege-claim";
import tool06ResourceAbuse from "./TOOL-06-resource-abuse";
import tool06SensitiveRead from "./TOOL-06-sensitive-read";
import tool06Shadowing from "./TOOL-06-shadowing";
import tool06Trigger from "./TOOL-06-trigger";
import tool06Urgency from "./TOOL-06-urgency";
import tool06UsageDirective from "./TOOL-06-usage-directive";
import tool07Annotations from "./TOOL-07-annotations";
import tool07OpenWorld from "./TOOL-07-open-world";
import tool07Scopes from "./TOOL-07-scopes";
import tool11Classifier from "./TOOL-11-classifier";

export const DETECTOR_RULES_VERSION = "2026.12.13";

export const DETECTOR_RULES: readonly DetectorRule[] = [
  tool05Length,
  tool05Identifier,
  tool05HiddenUnicode,
  tool05Html,
  tool05MarkdownLink,
  tool05Markup,
  tool05HiddenInstructions,
  tool05EncodedInstructions,
  tool05EncodedText,
  tool05LookAlike,
  tool05Payload,
  tool06Directive,
  tool06LineJumping,
  tool06UsageDirective,
  tool06Secrecy,
  tool06SensitiveRead,
  tool06Exfiltration,
  tool06Shadowing,
  tool06CrossOrigin,
  tool06Trigger,
  tool06Urgency,
  tool06FakeNotice,
  tool06Coercion,
  tool06Persistence,
  tool06Preference,
  tool06PrivilegeClaim,
  tool06MaliciousCommand,
  tool06ResourceAbuse,
  tool06Overreach,
  tool07Annotations,
  tool07OpenWorld,
  tool07Scopes,
  tool11Classifier,
];
