/**
 * Synthetic histories of any length for the checker's benchmarks: concurrent clients run
 * operations on a correct (atomic) register or key/value store, each taking effect at a random
 * instant inside its interval, so the history is linearizable by construction; `bad` then
 * corrupts the last read so that it is not. Seeded (seedrandom), so a shape, a length and a
 * seed always give the same history.
 */
import seedrandom from 'seedrandom';
import type { Operation } from '../checker/types.ts';

export type Shape = 'register' | 'register-pending' | 'kv' | 'kv-appends';

export interface HistorySpec {
  readonly shape: Shape;
  readonly ops: number;
  readonly seed: number;
  /** Make the last completed read return a value nobody wrote. */
  readonly bad?: boolean;
}

/** The model each shape is checked with (checker/models). */
export const MODEL_OF: Record<Shape, string> = {
  register: 'cas-register', 'register-pending': 'cas-register', kv: 'kv', 'kv-appends': 'kv',
};

/** Clients, and for kv the keys: etcd-like for registers, Porcupine's c10 / c50 for kv. */
const CLIENTS: Record<Shape, number> = {
  register: 5, 'register-pending': 5, kv: 10, 'kv-appends': 50,
};

interface Draft {
  op: Operation;
  effectAt: number;
  /** Applies the op to the store; sets its output. False: a crashed op that never applied. */
  apply: () => void;
}

export function generate(spec: HistorySpec): Operation[] {
  const random = seedrandom(`raftsim-bench-${spec.shape}-${spec.seed}`);
  const int = (n: number) => Math.floor(random() * n);
  const clients = CLIENTS[spec.shape];
  const free = Array.from({ length: clients }, () => int(10));
  const store = spec.shape.startsWith('kv') ? kvStore() : registerStore();
  const drafts: Draft[] = [];
  for (let i = 0; i < spec.ops; i++) {
    let c = 0;
    for (let k = 1; k < clients; k++) if (free[k]! < free[c]!) c = k;
    const call = free[c]! + int(3);
    const effectAt = call + int(11);
    const ret = effectAt + int(11);
    free[c] = ret + 1;
    const crashed = spec.shape === 'register-pending' && random() < 0.01;
    const applies = !crashed || random() < 0.5;
    drafts.push(store.draft(spec.shape, c, call, crashed ? null : ret, effectAt, applies, int));
  }
  const byEffect = [...drafts].sort((a, b) => a.effectAt - b.effectAt);
  for (const d of byEffect) d.apply();
  if (spec.bad) corruptLastRead(drafts);
  return drafts.map((d) => d.op);
}

function corruptLastRead(drafts: Draft[]): void {
  const kind = (d: Draft) => (d.op.input as { op: string }).op;
  const reads = drafts.filter((d) => d.op.return !== null
    && (kind(d) === 'read' || kind(d) === 'get'));
  const last = reads.sort((a, b) => a.op.return! - b.op.return!).at(-1);
  if (last === undefined) return;
  const read = last.op.input as { op: string };
  (last.op as { output: unknown }).output = { value: read.op === 'get' ? 'never written' : 99 };
}

interface Store {
  draft(shape: Shape, client: number, call: number, ret: number | null, effectAt: number,
    applies: boolean, int: (n: number) => number): Draft;
}

function registerStore(): Store {
  let value: number | null = null;
  return {
    draft(_shape, client, call, ret, effectAt, applies, int) {
      const x = int(10);
      const op: { -readonly [K in keyof Operation]: Operation[K] } = {
        client, call, return: ret, input: {}, output: null,
      };
      let apply: () => void;
      if (x < 4) {
        op.input = { op: 'read' };
        apply = () => { if (ret !== null) op.output = { value }; };
      } else if (x < 7) {
        const v = int(5);
        op.input = { op: 'write', value: v };
        apply = () => { if (applies) value = v; if (ret !== null) op.output = {}; };
      } else {
        const from = int(5);
        const to = int(5);
        op.input = { op: 'cas', from, to };
        apply = () => {
          const ok = applies && value === from;
          if (ok) value = to;
          if (ret !== null) op.output = { ok };
        };
      }
      return { op, effectAt, apply };
    },
  };
}

function kvStore(): Store {
  const values = new Map<string, string>();
  const sequence = new Map<number, number>();
  return {
    draft(shape, client, call, ret, effectAt, _applies, int) {
      const key = String(int(10));
      const x = int(100);
      const n = sequence.get(client) ?? 0;
      sequence.set(client, n + 1);
      const value = `x ${client} ${n} y`;
      // kv: mostly puts (Porcupine's gen: 45 % put, 5 % append); kv-appends: c50's mix.
      const puts = shape === 'kv' ? 95 : 55;
      const kind = x < 50 ? 'get' : x < puts ? 'put' : 'append';
      const op: { -readonly [K in keyof Operation]: Operation[K] } = {
        client, call, return: ret, input: { op: kind, key, value: kind === 'get' ? '' : value },
        output: null,
      };
      const apply = () => {
        const now = values.get(key) ?? '';
        if (kind === 'put') values.set(key, value);
        if (kind === 'append') values.set(key, now + value);
        op.output = kind === 'get' ? { value: now } : {};
      };
      return { op, effectAt, apply };
    },
  };
}
