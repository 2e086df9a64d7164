/**
 * The run's trace: one line per event. Every line feeds a 64-bit FNV-1a hash (two 32-bit halves),
 * so two runs agree iff their traces are byte-identical (up to hash collisions). Lines are kept
 * only when a sink asks for them (replay), to keep plain runs fast.
 */
export type TraceSink = (line: TraceLine) => void;

export interface TraceLine {
  readonly time: number;
  readonly who: string;
  readonly what: string;
}

export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  lines = 0;

  constructor(private readonly sink: TraceSink | null = null) {}

  get enabled(): boolean {
    return this.sink !== null;
  }

  event(time: number, who: string, what: string): void {
    this.lines += 1;
    // Hashes the line `${time} ${who} ${what}\n` part by part, without building it.
    if (Number.isInteger(time) && time >= 0 && time < 2 ** 31) this.mixUint(time);
    else this.mix(String(time));
    this.mixUnit(SPACE);
    this.mix(who);
    this.mixUnit(SPACE);
    this.mix(what);
    this.mixUnit(NEWLINE);
    if (this.sink !== null) this.sink({ time, who, what });
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
    for (; p >= 1; p /= 10) this.mixUnit(ZERO + (Math.floor(n / p) % 10));
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const ZERO = 0x30;
