import { OpShapeError, type Model, type Operation } from '../types.ts';
import { HistoryFormatError } from './error.ts';

interface OpenOp {
  client: number;
  call: number;
  ret: number | null;
  input: unknown;
  output: unknown;
  line: number;
  /** Jepsen :f of the invocation, to check that a completion matches it. */
  f: string;
  dropped: boolean;
  /** Completed by an :info: outcome unknown, stays open for ever. */
  crashed: boolean;
}

/**
 * Turns a log of invocations and completions (Jepsen's and Porcupine's text formats) into
 * operations. Log order is real-time order, so the time of an event is its ordinal in the log.
 * Each process has at most one operation open; a completion closes it.
 */
export class EventLog {
  private readonly ops: OpenOp[] = [];
  private readonly open = new Map<number, OpenOp>();
  private time = 0;

  constructor(private readonly file: string) {}

  invoke(process: number, f: string, input: unknown, line: number): void {
    const prior = this.open.get(process);
    if (prior) {
      this.fail(line, `process ${process} invokes while its op from line ${prior.line} is open`);
    }
    const op: OpenOp = {
      client: process, call: this.time++, ret: null, input, output: null, line, f, dropped: false,
      crashed: false,
    };
    this.ops.push(op);
    this.open.set(process, op);
  }

  /** Closes the process's open operation with `output` (null: result unknown). */
  complete(process: number, f: string, output: unknown, line: number): void {
    const op = this.take(process, f, line);
    op.ret = this.time++;
    op.output = output;
  }

  /** The operation definitely did not happen: it is removed from the history. */
  discard(process: number, f: string, line: number): void {
    this.take(process, f, line).dropped = true;
  }

  /** Outcome unknown (Jepsen :info): the operation stays open for ever (return null). */
  crash(process: number, f: string, line: number): void {
    this.take(process, f, line).crashed = true;
  }

  /**
   * The operations, validated and normalized by `model`. `unfinished` says what an operation
   * with neither a completion nor an :info at the end of the log means: 'pending' (the format's
   * end is explicit, so the log is whole: its outcome is unknown) or 'cut' (the log may have
   * been cut short: an error whose message ends with `hint`). A log without any operation is
   * an error unless `emptyOk` (a closed, explicitly empty list).
   */
  finish(model: Model, unfinished: { cut: false } | { cut: true; hint: string },
    emptyOk = false): Operation[] {
    const open = this.ops.find((op) => op.ret === null && !op.crashed && !op.dropped);
    if (unfinished.cut && open !== undefined) {
      this.fail(open.line, `process ${open.client}'s :${open.f} never completes: the log ends `
        + `before it (cut short?); ${unfinished.hint}`);
    }
    if (!emptyOk && this.ops.length === 0) {
      this.fail(0, 'no operations: nothing to check (a cut file or a run that never started?)');
    }
    const out: Operation[] = [];
    for (const op of this.ops) {
      if (op.dropped) continue;
      try {
        const { input, output } = model.parseOp(op.input, op.ret === null ? null : op.output);
        const { client, call, ret, line } = op;
        out.push({ client, call, return: ret, input, output, line });
      } catch (e) {
        if (!(e instanceof OpShapeError)) throw e;
        this.fail(op.line, `${e.message} (model ${model.name})`);
      }
    }
    return out;
  }

  fail(line: number, reason: string): never {
    throw new HistoryFormatError(this.file, line, reason);
  }

  private take(process: number, f: string, line: number): OpenOp {
    const op = this.open.get(process);
    if (op === undefined) this.fail(line, `process ${process} completes an op it never invoked`);
    if (op.f !== f) {
      this.fail(line, `process ${process} completes :${f} but invoked :${op.f} on line ${op.line}`);
    }
    this.open.delete(process);
    return op;
  }
}

/** The lines of text, 1-based, without their \n or \r\n, and without a final empty line. One
 * at a time: a large log is never held as an array of every line besides its text. */
export function* numberedLines(text: string): Generator<{ line: number; text: string }> {
  let line = 0;
  for (let at = 0; at < text.length; line++) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const cr = end > at && text.charCodeAt(end - 1) === 13; // '\r'
    yield { line: line + 1, text: text.slice(at, cr ? end - 1 : end) };
    at = end + 1;
  }
}
