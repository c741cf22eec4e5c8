/** LOG-01: one audit line per decision, a single line of JSON on stdout (the cluster's log pipeline ships it). */
import { GuardAuditRecord } from "../config/types";

export interface AuditWriter {
  write(record: GuardAuditRecord): void;
  /** Writes out every line still held, at once (on drain and on exit). @default nothing is held */
  flush?(): void;
}

/** Pending text above which the writer writes at once rather than at the end of the event loop's turn. */
const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Writes each record as one line of JSON to a stream (stdout by default). Records hold no message values by type.
 * The lines of one turn of the event loop (all the decisions of the calls that arrived together) go out in one write
 * when the turn ends (`setImmediate`), or at once past 64 KiB: one write per decision cost a system call and a pass
 * through the stream per call. `flush` writes what is held at once; the guard calls it when it drains and when the
 * process exits, and stdout on files and pipes is synchronous on Linux, so no line is lost on SIGTERM.
 */
export function streamAuditWriter(stream: NodeJS.WritableStream = process.stdout): Required<AuditWriter> {
  let pending = "";
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === "") return;
    const lines = pending;
    pending = "";
    stream.write(lines);
  };
  return {
    write: (record) => {
      pending += `${JSON.stringify(record)}\n`;
      if (pending.length >= MAX_PENDING_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
