/** Kubernetes resource quantities ("500m", "512Mi", "1Gi"): parsing, and the checks of the quota fields. */
import { didYouMean } from "./did-you-mean";
import { Check, issue } from "./readers";
import { quote } from "./quote";

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Readonly<Record<string, number>> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const MEBIBYTE = 2 ** 20;
const GIBIBYTE = 2 ** 30;

/** A parsed non-negative quantity: its number, its suffix as written, and its value in base units. */
export interface Quantity {
  /** The number as written: 512 for "512Mi". */
  readonly number: number;
  /** The suffix as written: "Mi" for "512Mi", "" for none, "e3" for an exponent. */
  readonly suffix: string;
  /** The value in base units (cores or bytes): 536870912 for "512Mi". */
  readonly value: number;
}

/** Parses a non-negative Kubernetes quantity ("1.5", "500m", "512Mi", "1e3"); undefined when malformed. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? "";
  const multiplier = MULTIPLIERS[suffix] ?? 10 ** Number(suffix.slice(1));
  return { number, suffix, value: number * multiplier };
}

/** A CPU limit: cores ("1", "0.5") or millicores ("500m"), at least 1m. */
export const checkCpu: Check<string> = (cpu) => {
  const fix = 'write cores such as "1" or "0.5", or millicores such as "500m"';
  const quantity = parseQuantity(cpu);
  if (!quantity) return issue(`${quote(cpu)} is not a Kubernetes CPU quantity`, fix);
  if (quantity.suffix !== "" && quantity.suffix !== "m") {
    return issue(
      `${quote(cpu)} is not in cores or millicores`,
      quantity.suffix === "M" ? didYouMean(cpu.replace(/M$/, "m")) : fix
    );
  }
  if (quantity.value < 1e-3) return issue(`${quote(cpu)} is less than 1m, the smallest CPU unit`, fix);
  return undefined;
};

/** A memory limit: a byte quantity of at least 1Mi ("512Mi", "2Gi"). */
export const checkMemory: Check<string> = (memory) => {
  const fix = 'write a size such as "512Mi" or "2Gi"';
  const quantity = parseQuantity(memory);
  if (!quantity) return issue(`${quote(memory)} is not a Kubernetes memory quantity`, fix);
  if (quantity.suffix === "m") return issue(`${quote(memory)} is in milli-bytes ("m")`, didYouMean(`${quantity.number}Mi`));
  if (quantity.value < MEBIBYTE) {
    return issue(`${quote(memory)} is less than 1Mi`, quantity.suffix === "" ? didYouMean(`${quantity.number}Mi`) : fix);
  }
  return undefined;
};

/** Ephemeral storage: a whole number of GiB ("1Gi"). */
export const checkEphemeralStorage: Check<string> = (storage) => {
  if (/^[1-9]\d*Gi$/.test(storage)) return undefined;
  const quantity = parseQuantity(storage);
  const gib = quantity ? quantity.value / GIBIBYTE : 0;
  return issue(
    `${quote(storage)} is not a whole number of GiB`,
    Number.isInteger(gib) && gib > 0 ? didYouMean(`${gib}Gi`) : 'write whole GiB, e.g. "1Gi"'
  );
};
