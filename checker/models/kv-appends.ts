import type { Decision, Operation } from '../types.ts';
import type { KvInput, KvOutput } from './kv.ts';

type KvOp = Operation<KvInput, KvOutput>;

const ILLEGAL: Decision = { verdict: 'illegal' };

/**
 * The kv model's fast path for one key (Model.decide): a key whose history is concurrent
 * Appends of distinct values, read by Gets, as in the course's TestUnreliableOneKey. The search
 * tries every interleaving of Appends no Get separates; here the Gets' values fix the order.
 *
 * The shape: at most one Put, which returned, and before every Get that saw a value (a Get with
 * a known output) was called; the initial value v0 is the Put's value ("" without a Put);
 * Appends with non-empty, pairwise distinct values, none a prefix of another. Anything else:
 * undefined (the search decides).
 *
 * The argument. In any linearization the Put comes before every such Get, and a Get sees v0
 * followed by the values of the Appends linearized between the Put (or the start) and it, each
 * at most once. As no Append value is a prefix of another, a string splits into v0 and Append
 * values in at most one way, so a Get that returned w saw exactly the Appends S(w), in that
 * order; if w does not split so, or repeats an Append: illegal. Every S(w) is a prefix of the
 * sequence of Appends after the Put: the longest, M, must extend every other, or illegal. So the
 * Put, M and those Gets have a forced order (rank): the Put, M[0], the Gets that saw 1 Append,
 * M[1], ..., the Gets that saw all of M. Real time must agree: if an op returned before another
 * of lower rank was called: illegal. Otherwise the Appends not in M are placed (after all that,
 * or before the Put if they must precede a ranked op; if neither fits, illegal: placeUnseen),
 * and sorting by rank, then call time (a linear extension of real time within a rank), gives a
 * linearization; Gets with unknown output go right after the last op that returned before their
 * call. That order is the 'ok' witness, and the checker replays it before trusting it
 * (checker/decide.ts).
 */
export function decideAppends(part: readonly KvOp[]): Decision | undefined {
  const shape = recognise(part);
  if (shape === undefined) return undefined;
  const seen = new Map<number, number[]>();
  let longest: number[] = [];
  for (let k = 0; k < part.length; k++) {
    const op = part[k]!;
    if (!observes(op)) continue;
    const seq = split(op.output!.value, shape);
    if (seq === undefined) return ILLEGAL;
    seen.set(k, seq);
    if (seq.length > longest.length) longest = seq;
  }
  for (const seq of seen.values()) {
    if (seq.some((k, i) => longest[i] !== k)) return ILLEGAL;
  }
  const rank = forcedRanks(part, seen, longest);
  if (againstRealTime(part, rank)) return ILLEGAL;
  if (!placeUnseen(part, rank, shape.put, 2 * longest.length + 1)) return ILLEGAL;
  // Cannot hold after the above; the witness is replayed anyway.
  if (againstRealTime(part, rank)) return undefined;
  return { verdict: 'ok', order: witness(part, rank) };
}

function observes(op: KvOp): boolean {
  return op.input.op === 'get' && op.return !== null && op.output !== null;
}

interface Shape {
  readonly initial: string;
  readonly put: boolean;
  /** Append value -> index in the part. */
  readonly appends: ReadonlyMap<string, number>;
  /** The distinct lengths of the Append values. */
  readonly lengths: readonly number[];
}

function recognise(part: readonly KvOp[]): Shape | undefined {
  if (part.some((op) => op.input.key !== part[0]!.input.key)) return undefined;
  const puts = part.filter((op) => op.input.op === 'put');
  if (puts.length > 1) return undefined;
  const put = puts[0];
  if (put !== undefined) {
    const end = put.return;
    if (end === null || part.some((op) => observes(op) && op.call <= end)) return undefined;
  }
  const appends = new Map<string, number>();
  for (let k = 0; k < part.length; k++) {
    const { op, value } = part[k]!.input;
    if (op !== 'append') continue;
    if (value === '' || appends.has(value)) return undefined;
    appends.set(value, k);
  }
  const values = [...appends.keys()].sort();
  for (let i = 0; i + 1 < values.length; i++) {
    if (values[i + 1]!.startsWith(values[i]!)) return undefined;
  }
  const lengths = [...new Set(values.map((v) => v.length))];
  return { initial: put?.input.value ?? '', put: put !== undefined, appends, lengths };
}

/** The Appends (part indices) whose values follow the initial value in `value`, in order;
 * undefined if it does not split so or repeats an Append. Unique: the values are prefix-free. */
function split(value: string, shape: Shape): number[] | undefined {
  if (!value.startsWith(shape.initial)) return undefined;
  const seq: number[] = [];
  const used = new Set<number>();
  let at = shape.initial.length;
  while (at < value.length) {
    let found: number | undefined;
    let length = 0;
    for (const l of shape.lengths) {
      if (at + l > value.length) continue;
      found = shape.appends.get(value.slice(at, at + l));
      length = l;
      if (found !== undefined) break;
    }
    if (found === undefined || used.has(found)) return undefined;
    used.add(found);
    seq.push(found);
    at += length;
  }
  return seq;
}

/** The forced rank of the Put, the Appends in `longest` and the Gets that saw a value (see
 * decideAppends); NaN for the other ops. */
function forcedRanks(part: readonly KvOp[], seen: ReadonlyMap<number, number[]>,
  longest: readonly number[]): number[] {
  const position = new Map(longest.map((k, i) => [k, i]));
  return part.map((op, k) => {
    if (op.input.op === 'put') return -1;
    if (op.input.op === 'append') {
      const i = position.get(k);
      return i !== undefined ? 2 * i + 1 : NaN;
    }
    const seq = seen.get(k);
    return seq === undefined ? NaN : 2 * seq.length;
  });
}

/**
 * Ranks the Appends no Get saw: after everything (`top`; pending ones last) if no ranked op was
 * called after they returned. Else one must precede a ranked op, hence a Get that saw a value
 * (the Put, and M's Appends, precede one): as it is not in what that Get saw, it is before the
 * Put, so there must be a Put, and no ranked op (all after the Put) may have returned before it
 * was called. False if not: no linearization exists.
 */
function placeUnseen(part: readonly KvOp[], rank: number[], put: boolean, top: number): boolean {
  let lastCall = -Infinity;
  let firstReturn = Infinity;
  part.forEach((op, k) => {
    if (Number.isNaN(rank[k]!)) return;
    lastCall = Math.max(lastCall, op.call);
    firstReturn = Math.min(firstReturn, op.return ?? Infinity);
  });
  for (let k = 0; k < part.length; k++) {
    const op = part[k]!;
    if (op.input.op !== 'append' || !Number.isNaN(rank[k]!)) continue;
    if (op.return === null) rank[k] = top + 1;
    else if (op.return >= lastCall) rank[k] = top;
    else if (put && op.call <= firstReturn) rank[k] = -2;
    else return false;
  }
  return true;
}

/** Whether some op returned before another of lower rank was called. */
function againstRealTime(part: readonly KvOp[], rank: readonly number[]): boolean {
  const byRank = part.map((_, k) => k).filter((k) => !Number.isNaN(rank[k]!))
    .sort((a, b) => rank[b]! - rank[a]!);
  let minReturn = Infinity;
  for (let g = 0; g < byRank.length;) {
    let e = g;
    while (e < byRank.length && rank[byRank[e]!] === rank[byRank[g]!]) e++;
    for (let j = g; j < e; j++) {
      if (part[byRank[j]!]!.call > minReturn) return true;
    }
    for (let j = g; j < e; j++) {
      minReturn = Math.min(minReturn, part[byRank[j]!]!.return ?? Infinity);
    }
    g = e;
  }
  return false;
}

/** The linearization: ranked ops by (rank, call); each free op after the last ranked op that
 * returned before its call. */
function witness(part: readonly KvOp[], rank: readonly number[]): number[] {
  const byCall = (a: number, b: number) => part[a]!.call - part[b]!.call || a - b;
  const ranked = part.map((_, k) => k).filter((k) => !Number.isNaN(rank[k]!))
    .sort((a, b) => rank[a]! - rank[b]! || byCall(a, b));
  // suffixMin[j]: the earliest return among ranked[j..]; non-decreasing in j.
  const suffixMin = new Array<number>(ranked.length + 1).fill(Infinity);
  for (let j = ranked.length - 1; j >= 0; j--) {
    suffixMin[j] = Math.min(suffixMin[j + 1]!, part[ranked[j]!]!.return ?? Infinity);
  }
  const key = new Map<number, number>(ranked.map((k, j) => [k, j]));
  part.forEach((op, k) => {
    if (!Number.isNaN(rank[k]!)) return;
    let lo = 0;
    let hi = ranked.length; // the first j with suffixMin[j] >= call
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (suffixMin[mid]! < op.call) lo = mid + 1;
      else hi = mid;
    }
    key.set(k, lo - 0.5);
  });
  return part.map((_, k) => k).sort((a, b) => key.get(a)! - key.get(b)! || byCall(a, b));
}
