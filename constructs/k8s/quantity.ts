/**
 * Arithmetic on Kubernetes resource quantities ("500m", "1", "512Mi", "1Gi"), for sizing quotas from per-container
 * resources. Only the forms the blueprint writes: cores or millicores, and byte counts with a binary or decimal
 * suffix.
 */

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const BYTES = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const BYTE_MULTIPLIERS: Readonly<Record<string, number>> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Millicores of a CPU quantity ("500m" → 500, "1.5" → 1500); throws for anything else. */
export function millicores(cpu: string): number {
  const match = CPU.exec(cpu);
  if (!match) throw new Error(`"${cpu}" is not a CPU quantity in cores or millicores, e.g. "500m" or "1"`);
  const value = match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
  if (!Number.isInteger(value)) throw new Error(`"${cpu}" is finer than 1m, the smallest CPU unit`);
  return value;
}

/** Bytes of a memory or storage quantity ("512Mi" → 536870912); throws for anything else. */
export function bytes(quantity: string): number {
  const match = BYTES.exec(quantity);
  if (!match) throw new Error(`"${quantity}" is not a byte quantity, e.g. "512Mi" or "1Gi"`);
  return Number(match[1]) * BYTE_MULTIPLIERS[match[2] ?? ""];
}

/** A CPU quantity: whole cores as a plain number ("2"), otherwise millicores ("2100m"). */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** A byte quantity in the largest binary unit that divides it ("3Gi", "1536Mi"). */
export function formatBytes(count: number): string {
  for (const [suffix, size] of [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) {
    if (count % size === 0) return `${count / size}${suffix}`;
  }
  return String(count);
}
