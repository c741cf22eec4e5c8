/** LOG-01: one audit line per decision, a single line of JSON on stdout (the cluster's log pipeline ships it). */
import { GuardAuditRecord } from "../config/types";

export interface AuditWriter {
  write(record: GuardAuditRecord): void;
}

/** Writes each record as one line of JSON to a stream (stdout by default). Records hold no message values by type. */
export function streamAuditWriter(stream: NodeJS.WritableStream = process.stdout): AuditWriter {
  return { write: (record) => void stream.write(`${JSON.stringify(record)}\n`) };
}
