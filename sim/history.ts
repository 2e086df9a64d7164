/**
 * A client history in the checker's JSON format: one op per client call, with call and return
 * times in virtual milliseconds. An op still in flight when the run ends has `return: null` and
 * `output: null` (it may or may not have taken effect).
 */
export interface HistoryOp {
  readonly client: number;
  readonly call: number;
  return: number | null;
  readonly input: Record<string, unknown>;
  output: Record<string, unknown> | null;
}

/**
 * A verdict a linearizability check reached on the history, as the scenario that ran the check
 * recorded it (scenarios/kv/history-check.ts): tests read verdicts here, not from trace text.
 */
export interface HistoryCheck {
  /** Which check of the run, e.g. 'check 1' or 'at the end'. */
  readonly when: string;
  /** The checker's verdict ('unknown': undecided within its step budget). */
  readonly verdict: 'ok' | 'illegal' | 'unknown';
  /** Operations checked, and how many of them were still pending. */
  readonly ops: number;
  readonly pending: number;
  readonly steps: number;
}

/** Bound on recorded ops per run (a limit on everything). */
export const MAX_HISTORY_OPS = 200_000;

export class History {
  readonly ops: HistoryOp[] = [];
  /** The checks run on this history so far, in order (not part of the exported JSON). */
  readonly checks: HistoryCheck[] = [];

  constructor(readonly model: string) {}

  begin(client: number, call: number, input: Record<string, unknown>): HistoryOp {
    if (this.ops.length >= MAX_HISTORY_OPS) {
      throw new Error(`history: more than ${MAX_HISTORY_OPS} operations in one run`);
    }
    const op: HistoryOp = { client, call, return: null, input, output: null };
    this.ops.push(op);
    return op;
  }

  end(op: HistoryOp, time: number, output: Record<string, unknown>): void {
    op.return = time;
    op.output = output;
  }

  toJSON(): { model: string; ops: HistoryOp[] } {
    return { model: this.model, ops: this.ops };
  }
}
