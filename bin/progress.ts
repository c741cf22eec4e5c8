/**
 * Progress of long commands (`synth` of every environment, `report --all`, `npm run bench`), shown on one
 * self-overwriting line of stderr when stderr is a terminal, and not at all otherwise: logs, pipes and CI output
 * stay exactly as they were.
 */

/** Where progress is written: `process.stderr`, or a fake stream in tests. */
export interface ProgressStream {
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Reports the steps of one command. */
export interface Progress {
  /** Shows the current step, replacing the previous one. */
  step(message: string): void;
  /** Clears the progress line; call it before the command's own output and when the command ends. */
  done(): void;
}

/** Carriage return, then "erase the whole line": the next text starts on a clean line. */
const CLEAR_LINE = "\r\u001b[2K";

const SILENT: Progress = { step: () => undefined, done: () => undefined };

/**
 * Progress of the command `name` on `stream`: on a terminal each step overwrites the line as `name: message`
 * (cut to the terminal's width when it is known); otherwise nothing is written.
 */
export function createProgress(name: string, stream: ProgressStream & { readonly columns?: number } = process.stderr): Progress {
  if (stream.isTTY !== true) return SILENT;
  let shown = false;
  return {
    step(message: string): void {
      const line = `${name}: ${message}`;
      const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : undefined;
      stream.write(`${CLEAR_LINE}${width !== undefined && line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    done(): void {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
