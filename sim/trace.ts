/**
 * The run's trace: one line per event. Every line feeds a 64-bit FNV-1a hash (two 32-bit halves),
 * so two runs agree iff their traces are byte-identical (up to hash collisions). Lines are kept
 * only when a sink asks for them (replay), to keep plain runs fast.
 */
export type TraceSink = (line: TraceLine) => void;

export interface TraceLine {
  /**
   * The number of the simulator event that wrote the line (1 for the first event the queue ran,
   * 0 before any): the "event N" of a failure. Several lines may share one. Not hashed: it is
   * implied by the order of the lines, and hashes stay comparable with older runs.
   */
  readonly event: number;
  readonly time: number;
  readonly who: string;
  readonly what: string;
}

/**
 * Text written in parts (strings and numbers, each as `${n}` would print it). A trace line can
 * be written this way (Trace.begin ... end): its parts are hashed as they come, and the line is
 * built as a string only when a sink asks for lines. Writers of message descriptions and the
 * like target this, so a plain run hashes its hottest lines without building them.
 */
export interface TextOut {
  str(s: string): TextOut;
  num(n: number): TextOut;
}

/** A TextOut that builds the string (describing a message for a log or a test). */
export class StringOut implements TextOut {
  text = '';

  str(s: string): this {
    this.text += s;
    return this;
  }

  num(n: number): this {
    this.text += String(n);
    return this;
  }
}

export class Trace implements TextOut {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  lines = 0;
  /** The line being written (begin ... end), kept only for a sink. */
  private line: { event: number; time: number; who: string; what: string } | null = null;

  /** `eventNumber` says which event is running (read only when a sink wants lines). */
  constructor(private readonly sink: TraceSink | null = null,
    private readonly eventNumber: () => number = () => 0) {}

  get enabled(): boolean {
    return this.sink !== null;
  }

  /** One whole line: `${time} ${who} ${what}`. */
  event(time: number, who: string, what: string): void {
    this.begin(time, who);
    this.str(what);
    this.end();
  }

  /**
   * Start a line, whose text is then written with str() and num() and finished with end().
   * Hashes the line `${time} ${who} ${what}\n` part by part, without building it.
   */
  begin(time: number, who: string): TextOut {
    this.lines += 1;
    this.num(time);
    this.mixUnit(SPACE);
    this.mix(who);
    this.mixUnit(SPACE);
    if (this.sink !== null) this.line = { event: this.eventNumber(), time, who, what: '' };
    return this;
  }

  str(s: string): this {
    this.mix(s);
    if (this.line !== null) this.line.what += s;
    return this;
  }

  num(n: number): this {
    if (Number.isInteger(n) && n >= 0 && n < 2 ** 31) this.mixUint(n);
    else this.mix(String(n));
    if (this.line !== null) this.line.what += String(n);
    return this;
  }

  end(): void {
    this.mixUnit(NEWLINE);
    const line = this.line;
    if (line === null) return;
    this.line = null;
    this.sink!(line);
  }

  hash(): string {
    const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
    return hex(this.h1) + hex(this.h2);
  }

  private mix(s: string): void {
    let a = this.h1;
    let b = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.h1 = a;
    this.h2 = b;
  }

  private mixUnit(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ c, 0x5bd1e995) ^ (this.h2 >>> 15);
  }

  /** The decimal digits of `n` (a non-negative int32), as String(n) would give them. */
  private mixUint(n: number): void {
    let p = 1;
    while (p * 10 <= n) p *= 10;
    // The halves in locals and integer division: this runs for every number of every line.
    let a = this.h1;
    let b = this.h2;
    for (; p >= 1; p = (p / 10) | 0) {
      const c = ZERO + (((n / p) | 0) % 10);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.h1 = a;
    this.h2 = b;
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const ZERO = 0x30;
