/**
 * DLP-02 personal data rules, each with a validator so that look-alike numbers are not masked:
 * - `DLP-02-payment-card`: 13-19 digits (spaces or hyphens allowed between), a known issuer prefix (Visa, Mastercard,
 *   American Express, Discover, JCB, Diners Club, UnionPay) and a valid Luhn checksum.
 * - `DLP-02-kr-rrn` (주민등록번호): `YYMMDD-GNNNNNN`. G (1-8) gives sex, nationality and century (1,2,5,6: 1900s;
 *   3,4,7,8: 2000s); the date must exist and not be in the future. Numbers issued before October 2020 carry a
 *   mod-11 check digit (weights 2,3,4,5,6,7,8,9,2,3,4,5; check = (11 - sum mod 11) mod 10): it must hold. Numbers
 *   issued since (birth dates from 2020-10-01) have no check digit: the date is then the evidence. Without the hyphen
 *   a 13-digit run counts only when the text names the number (주민, 등록번호, RRN, resident registration), so an
 *   arbitrary 13-digit number (an order ID, a timestamp) is never masked.
 * - `DLP-02-us-ssn`: `AAA-GG-SSSS` with the SSA's never-issued areas (000, 666, 900-999), group 00 and serial 0000
 *   excluded, and the two famous specimen numbers.
 * - PHI identifiers (HIPAA Safe Harbor §164.514(b)(2) items we can recognize in text): `DLP-02-phi-mrn` (medical
 *   record numbers), `DLP-02-phi-health-plan-id` (health plan member / beneficiary numbers), both by their label;
 *   `DLP-02-phi-medicare-mbi` (US Medicare Beneficiary Identifier, by its format); `DLP-02-phi-date-of-birth`
 *   (a date labelled as a date of birth). Names, addresses, phone numbers and e-mail addresses are not detected:
 *   they are too common in legitimate results to mask by pattern.
 */
import { TextRule } from "../patterns/text-rules";

const IIN = /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9])|35(?:2[89]|[3-8]\d)|3(?:0[0-5]|[68])|62)/;

/** Luhn checksum over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function cardAccepted(match: RegExpExecArray): boolean {
  const digits = match[0].replace(/[ -]/g, "");
  return digits.length >= 13 && digits.length <= 19 && IIN.test(digits) && luhnValid(digits);
}

const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
const RRN_CONTEXT = /주민|등록번호|\brrn\b|resident\s{0,3}registration/i;

/** Whether 13 digits are a plausible Korean resident registration number (see the module comment). */
export function rrnValid(digits: string, now: Date = new Date()): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const g = Number(digits[6]);
  if (g < 1 || g > 8) return false;
  const century = g === 1 || g === 2 || g === 5 || g === 6 ? 1900 : 2000;
  const year = century + Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getTime() > now.getTime()) return false;
  let sum = 0;
  for (let index = 0; index < 12; index++) sum += Number(digits[index]) * RRN_WEIGHTS[index];
  if ((11 - (sum % 11)) % 10 === Number(digits[12])) return true;
  return date.getTime() >= Date.UTC(2020, 9, 1);
}

function rrnAccepted(match: RegExpExecArray): boolean {
  const hyphenated = match[0].includes("-");
  if (!hyphenated && !RRN_CONTEXT.test(match.input)) return false;
  return rrnValid(match[0].replace("-", ""));
}

const SSN_SPECIMENS = new Set(["078051120", "219099999"]);

const MBI_LETTER = "AC-HJKMNP-RT-Y";

export const PERSONAL_DATA_RULES: readonly TextRule[] = [
  { id: "DLP-02-payment-card", regex: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, keywords: [], accept: cardAccepted },
  { id: "DLP-02-kr-rrn", regex: /(?<!\d)\d{6}-?[1-8]\d{6}(?!\d)/g, keywords: [], accept: rrnAccepted },
  {
    id: "DLP-02-us-ssn",
    regex: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
    keywords: ["-"],
    accept: (match) => !SSN_SPECIMENS.has(match[0].replace(/-/g, "")),
  },
  { id: "DLP-02-phi-mrn", regex: /\b(?:mrn|medical[ \t]record[ \t](?:number|no\.?|#))[ \t]{0,3}[:#]?[ \t]{0,3}[A-Z0-9][A-Z0-9-]{4,19}\b/gi, keywords: ["mrn", "medical record"] },
  {
    id: "DLP-02-phi-health-plan-id",
    regex: /\b(?:member|subscriber|beneficiary|health[ \t]plan|insurance|policy)[ \t]{0,3}(?:id|number|no\.?|#)[ \t]{0,3}[:#]?[ \t]{0,3}[A-Z0-9][A-Z0-9-]{4,19}\b/gi,
    keywords: ["member", "subscriber", "beneficiary", "health plan", "insurance", "policy"],
  },
  {
    id: "DLP-02-phi-medicare-mbi",
    regex: new RegExp(`\\b[1-9][${MBI_LETTER}][${MBI_LETTER}0-9]\\d-?[${MBI_LETTER}][${MBI_LETTER}0-9]\\d-?[${MBI_LETTER}]{2}\\d{2}\\b`, "g"),
    keywords: [],
  },
  {
    id: "DLP-02-phi-date-of-birth",
    regex: /\b(?:dob|date[ \t]of[ \t]birth|birth[ \t]?date)[ \t]{0,3}[:#]?[ \t]{0,3}\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b/gi,
    keywords: ["dob", "birth"],
  },
];
