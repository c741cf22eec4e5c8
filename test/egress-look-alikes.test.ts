/**
 * Egress names judged in both forms (issue 18): a label written wholly in Cyrillic or Greek letters that all look
 * like Latin ones (a whole-script confusable, UTS #39) is refused among Latin labels, like a label that mixes
 * scripts; a name written in its own script, and a non-Latin label that does not pass for a Latin one, are not.
 */
import { domainToASCII } from "url";
import { checkEgressDomain } from "../environments/network-checks";

/** The allowlist entry as it must be written: its ASCII (punycode) form, keeping a leading `*.`. */
const ascii = (name: string): string => (name.startsWith("*.") ? `*.${domainToASCII(name.slice(2))}` : domainToASCII(name));

test.each([
  ["рау.example.com", "Cyrillic", "pay"],
  ["ѕсоре.example.com", "Cyrillic", "scope"],
  ["api.ԁосѕ.io", "Cyrillic", "docs"],
  ["*.аррӏе.com", "Cyrillic", "appie"],
  ["αρρ.example.com", "Greek", "app"],
  ["ορρο.net", "Greek", "oppo"],
])("%s, all %s look-alikes of %s among Latin labels, is refused naming both forms", (unicode, script, latin) => {
  const entry = ascii(unicode);
  expect(entry).toMatch(/xn--/);
  const issue = checkEgressDomain(entry);
  expect(issue?.message).toContain(`in ${script} letters that look like the Latin "${latin}"`);
  expect(issue?.message).toContain(entry);
  expect(issue?.message).toContain(unicode.replace(/^\*\./, ""));
});

test.each(["пример.рф", "сосо.рф", "пример.com", "ελλάδα.gr", "münchen.de", "例え.jp"])("%s is not a look-alike", (unicode) => {
  expect(checkEgressDomain(ascii(unicode))).toBeUndefined();
});
