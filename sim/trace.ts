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

export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  lines = 0;

  /** `eventNumber` says which event is running (read only when a sink wants lines). */
  constructor(private readonly sink: TraceSink | null = null,
    private readonly eventNumber: () => number = () => 0) {}

  get enabled(): boolean {
    return this.sink !== null;
  }

  event(time: number, who: string, what: string): void {
    this.lines += 1;
    this.mix(`${time} ${who} ${what}\n`);
    if (this.sink !== null) this.sink({ event: this.eventNumber(), time, who, what });
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
}
