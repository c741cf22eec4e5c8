/**
 * A reader of Python literals (the subset `ast.literal_eval` accepts, without sets, bytes or complex numbers) in
 * Python source, so that test fixtures written as Python dicts can be read by structure without running Python:
 * strings (single, double and triple quotes, `r` prefix, adjacent literals concatenated), numbers, `True`, `False`,
 * `None`, lists, tuples (read as arrays), parenthesised values and dicts with string keys. Anything else (an f-string,
 * an operator, a call, an unknown name) is not a literal and throws {@link NotALiteral}; names may be bound to
 * literals read before (`locals`). A reader made with `fStrings` also reads f-strings whose every substitution is a
 * bare name bound to a string (`f"[{MARKER}] text"`), for constants a module builds from other constants.
 *
 * Written by hand: Python's own `ast.literal_eval` would need a Python on every machine that rebuilds the corpus and
 * drops the comments that label medusa's fixtures (`# TP-001: ...`), which this reader keeps (`takeComments`); no
 * maintained npm package reads Python literals without a native parser.
 */

export type PyValue = string | number | boolean | null | readonly PyValue[] | { readonly [key: string]: PyValue };

/** The source at `at` is not a Python literal this reader accepts. */
export class NotALiteral extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at offset ${at}`);
    this.name = "NotALiteral";
  }
}

const ESCAPES: { readonly [char: string]: string } = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0" };

export class PythonLiteralReader {
  private pos: number;
  /** The `#` comments skipped since {@link takeComments} was last called, in order, without the `#`. */
  private comments: string[] = [];

  constructor(
    private readonly source: string,
    start: number,
    private readonly locals: ReadonlyMap<string, PyValue> = new Map(),
    private readonly fStrings = false,
  ) {
    this.pos = start;
  }

  /** Where the reader is in the source. */
  get offset(): number {
    return this.pos;
  }

  /** The comments skipped since the last call. */
  takeComments(): string[] {
    const taken = this.comments;
    this.comments = [];
    return taken;
  }

  /** Skips whitespace and comments; returns the next character (empty at the end). */
  peek(): string {
    for (;;) {
      const char = this.source[this.pos];
      if (char === undefined) return "";
      if (char === "#") {
        const end = this.source.indexOf("\n", this.pos);
        const stop = end < 0 ? this.source.length : end;
        this.comments.push(this.source.slice(this.pos + 1, stop).trim());
        this.pos = stop;
      } else if (/\s/.test(char) || (char === "\\" && this.source[this.pos + 1] === "\n")) {
        this.pos += char === "\\" ? 2 : 1;
      } else {
        return char;
      }
    }
  }

  /** Consumes `token` after whitespace and comments, or throws. */
  expect(token: string): void {
    this.peek();
    if (!this.source.startsWith(token, this.pos)) throw new NotALiteral(`expected ${JSON.stringify(token)}`, this.pos);
    this.pos += token.length;
  }

  /** An identifier (keyword argument or name) after whitespace and comments, or throws. */
  identifier(): string {
    this.peek();
    const match = /^[A-Za-z_]\w*/.exec(this.source.slice(this.pos, this.pos + 200));
    if (!match) throw new NotALiteral("expected a name", this.pos);
    this.pos += match[0].length;
    return match[0];
  }

  /** One literal value. */
  value(): PyValue {
    const char = this.peek();
    if (char === "{") return this.dict();
    if (char === "[") return this.sequence("[", "]");
    if (char === "(") return this.parenthesised();
    if (this.atString()) return this.strings();
    if (/[-\d.]/.test(char)) return this.number();
    const name = this.identifier();
    if (name === "True") return true;
    if (name === "False") return false;
    if (name === "None") return null;
    const bound = this.locals.get(name);
    if (bound === undefined) throw new NotALiteral(`unknown name ${name}`, this.pos - name.length);
    return bound;
  }

  private atString(): boolean {
    return (this.fStrings ? /^[rRuUfF]?["']/ : /^[rRuU]?["']/).test(this.source.slice(this.pos, this.pos + 2));
  }

  /** Adjacent string literals, concatenated. */
  private strings(): string {
    let out = "";
    do out += this.string();
    while (this.peek() !== "" && this.atString());
    return out;
  }

  private string(): string {
    let raw = false;
    let formatted = false;
    if (/[rRuUfF]/.test(this.source[this.pos])) {
      raw = /[rR]/.test(this.source[this.pos]);
      formatted = /[fF]/.test(this.source[this.pos]);
      this.pos++;
    }
    const quote = this.source.startsWith(this.source[this.pos].repeat(3), this.pos) ? this.source[this.pos].repeat(3) : this.source[this.pos];
    const start = this.pos;
    this.pos += quote.length;
    let out = "";
    for (;;) {
      if (this.pos >= this.source.length) throw new NotALiteral("unterminated string", start);
      if (this.source.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const char = this.source[this.pos];
      if (char === "\n" && quote.length === 1) throw new NotALiteral("newline in a string", this.pos);
      if (formatted && (char === "{" || char === "}")) {
        out += this.substitution(char);
        continue;
      }
      if (char !== "\\") {
        out += char;
        this.pos++;
        continue;
      }
      const next = this.source[this.pos + 1];
      if (raw) {
        out += char + next;
        this.pos += 2;
      } else if (next === "\n") {
        this.pos += 2;
      } else if (next in ESCAPES) {
        out += ESCAPES[next];
        this.pos += 2;
      } else if (next === "x" || next === "u" || next === "U") {
        const digits = next === "x" ? 2 : next === "u" ? 4 : 8;
        const hex = this.source.slice(this.pos + 2, this.pos + 2 + digits);
        if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw new NotALiteral(`bad \\${next} escape`, this.pos);
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += 2 + digits;
      } else {
        throw new NotALiteral(`unsupported escape \\${next}`, this.pos);
      }
    }
  }

  /** At a brace of an f-string: `{{` or `}}` is the brace, `{NAME}` the string bound to NAME; anything else throws. */
  private substitution(brace: string): string {
    if (this.source[this.pos + 1] === brace) {
      this.pos += 2;
      return brace;
    }
    const close = this.source.indexOf("}", this.pos);
    const name = brace === "{" && close > 0 ? this.source.slice(this.pos + 1, close) : "";
    const bound = /^[A-Za-z_]\w*$/.test(name) ? this.locals.get(name) : undefined;
    if (typeof bound !== "string") throw new NotALiteral("an f-string substitution that is not a name bound to a string", this.pos);
    this.pos = close + 1;
    return bound;
  }

  private number(): number {
    const match = /^-?(?:\d[\d_]*)?(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(this.source.slice(this.pos, this.pos + 64));
    if (!match || !/\d/.test(match[0])) throw new NotALiteral("expected a number", this.pos);
    this.pos += match[0].length;
    return Number(match[0].replace(/_/g, ""));
  }

  /** The separator after an element: a comma (consumed) or the closing token (left). */
  private separator(close: string): boolean {
    const char = this.peek();
    if (char === ",") {
      this.pos++;
      return true;
    }
    if (char === close) return false;
    throw new NotALiteral(`expected "," or ${JSON.stringify(close)}`, this.pos);
  }

  private sequence(open: string, close: string): PyValue[] {
    this.expect(open);
    const out: PyValue[] = [];
    while (this.peek() !== close) {
      out.push(this.value());
      if (!this.separator(close)) break;
    }
    this.expect(close);
    return out;
  }

  /** `( value )` is the value; `( a, b )` and `()` are tuples, read as arrays. */
  private parenthesised(): PyValue {
    const start = this.pos;
    this.expect("(");
    if (this.peek() === ")") {
      this.pos++;
      return [];
    }
    const first = this.value();
    if (this.peek() === ")") {
      this.pos++;
      return first;
    }
    this.pos = start;
    return this.sequence("(", ")");
  }

  private dict(): { [key: string]: PyValue } {
    this.expect("{");
    const out: { [key: string]: PyValue } = {};
    while (this.peek() !== "}") {
      const keyAt = this.pos;
      const key = this.value();
      if (typeof key !== "string") throw new NotALiteral("a dict key that is not a string", keyAt);
      this.expect(":");
      out[key] = this.value();
      if (!this.separator("}")) break;
    }
    this.expect("}");
    return out;
  }
}
