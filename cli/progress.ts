import { performance } from 'node:perf_hooks';
import type { Io, Tty } from './command.ts';

/**
 * One progress line on the terminal, for long work (`run` over many seeds, `check` on a large
 * history; later `shrink` and `explore`). A few lines of our own rather than a library: the
 * work here is synchronous between updates, so a spinner's timer would never fire, and all we
 * need is a throttled `\r` line that steps aside for the lines the command prints.
 *
 * It draws on stderr only when stderr is a terminal (`Io.tty`) and the command was not asked
 * for --json; otherwise every method is a no-op. It waits `delayMs` before the first draw, so
 * quick commands never flash one, redraws at most every `everyMs`, fits the terminal's width,
 * and `end()` erases it for good.
 */
export interface ProgressState {
  readonly done: number;
  /** Failures so far (failed runs, histories that are not linearizable). */
  readonly failed: number;
  /** A short note on the current unit of work (`c50-ok.txt: 120k steps`). */
  readonly note?: string;
}

export interface ProgressOptions {
  /** Units of work in all (runs, files); the estimate needs it. Infinity: not known. */
  readonly total: number;
  /** What a unit is called in the line (`runs`, `files`). */
  readonly unit: string;
  readonly delayMs?: number;
  readonly everyMs?: number;
  /** The wall clock in ms (tests pass a fake one). */
  readonly now?: () => number;
}

const ERASE = '\r\x1b[K';

export class Progress {
  private readonly started: number;
  private shownAt = -Infinity;
  private shown = false;
  private last: ProgressState = { done: 0, failed: 0 };

  constructor(private readonly tty: Tty | null, private readonly opts: ProgressOptions) {
    this.started = this.now();
  }

  /** Records the state; redraws if the line is due. */
  update(state: ProgressState): void {
    this.last = state;
    if (this.tty === null) return;
    const t = this.now();
    if (t - this.started < (this.opts.delayMs ?? 300)) return;
    if (this.shown && t - this.shownAt < (this.opts.everyMs ?? 100)) return;
    this.draw(t);
  }

  /**
   * Prints through `print` with the line out of the way, then puts it back (with the state of
   * the last `update`, so update first, then print).
   */
  above(print: () => void): void {
    if (!this.shown) {
      print();
      return;
    }
    this.tty!.write(ERASE);
    print();
    this.draw(this.now());
  }

  /** The same Io, with every line printed `above` the progress line. */
  around(io: Io): Io {
    return {
      ...io,
      out: (l) => this.above(() => io.out(l)),
      err: (l) => this.above(() => io.err(l)),
    };
  }

  /** Erases the line for good. */
  end(): void {
    if (this.shown) this.tty!.write(ERASE);
    this.shown = false;
  }

  private draw(t: number): void {
    const text = progressText(this.last, this.opts, t - this.started);
    const width = Math.max(20, (this.tty!.columns || 80) - 1);
    this.tty!.write(ERASE + (text.length > width ? `${text.slice(0, width - 1)}…` : text));
    this.shown = true;
    this.shownAt = t;
  }

  private now(): number {
    return this.opts.now === undefined ? performance.now() : this.opts.now();
  }
}

/** `37/580 runs, 2 failed, 12.3 s, about 2 min 50 s left: c50-ok.txt` */
export function progressText(s: ProgressState, o: ProgressOptions, elapsedMs: number): string {
  const done = Number.isFinite(o.total) ? `${s.done}/${o.total}` : `${s.done}`;
  const parts = [`${done} ${o.unit}`, `${s.failed} failed`, duration(elapsedMs)];
  if (s.done > 0 && s.done < o.total && Number.isFinite(o.total)) {
    parts.push(`about ${duration((elapsedMs / s.done) * (o.total - s.done))} left`);
  }
  return parts.join(', ') + (s.note === undefined ? '' : `: ${s.note}`);
}

/** 0.4 s, 12.3 s, 2 min 05 s, 1 h 02 min */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
