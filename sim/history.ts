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

/** Bound on recorded ops per run (a limit on everything). */
export const MAX_HISTORY_OPS = 200_000;

export class History {
  readonly ops: HistoryOp[] = [];

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
