/**
 * Types shared by the linearizability checker (Wing & Gong's search with Lowe's memoization, as
 * in Porcupine; see docs/checker.md).
 *
 * Interval rule: an operation occupies the CLOSED interval [call, return]. An operation that
 * returns at time t is concurrent with one called at time t, so either may be linearized first.
 * When call and return entries share a time, calls sort before returns; ties among calls (or
 * among returns) keep the order of the input (stable sort), so every report is deterministic.
 *
 * Unknown outcomes: `return: null` marks an operation that never returned (crashed client, lost
 * reply). It may take effect at any point after its call, or never. The search gives it a return
 * after every other event (+infinity) and steps it with `output: null`; linearizing it last is
 * the same as "it never happened". An operation with a return time but `output: null` (e.g. a
 * read that timed out) is also stepped with `output: null`: it happened inside its interval, but
 * its result is unknown.
 */

/** One operation of a client history. Times are integers (any unit); call <= return. */
export interface Operation<I = unknown, O = unknown> {
  readonly client: number;
  readonly call: number;
  /** null: the operation never returned (unknown outcome, see the file comment). */
  readonly return: number | null;
  readonly input: I;
  /** null: the result is unknown; the model must accept any result (and apply the effect). */
  readonly output: O | null;
  /** Line of the input file the operation came from (for reports); absent for built histories. */
  readonly line?: number;
}

/** A group of operations that can be checked on its own (P-compositionality). */
export interface Part {
  /** Human label, e.g. `key "x"`; stable across runs. */
  readonly label: string;
  /** Indices into the history, in history order. */
  readonly ops: readonly number[];
  /**
   * The model to check this part with, if not the history's own: a part may use a smaller state
   * (kv: one key's value instead of a map), as Porcupine's per-key kv model does.
   */
  readonly model?: Model;
}

/**
 * A sequential specification. A plain object of pure functions: `step` must never mutate
 * `state`, because the memo table keeps references to every state it has seen.
 */
export interface Model<S = any, I = any, O = any> {
  readonly name: string;
  init(): S;
  /**
   * The state after applying `input` with the recorded `output`, or `undefined` if that output is
   * impossible in `state`. With `output === null` (unknown result) the step must be legal in every
   * state. States are never `undefined`.
   */
  step(state: S, input: I, output: O | null): S | undefined;
  /** Equal states must behave the same for every future operation (reporting "not equal" for
   * equivalent states is safe, only slower). */
  equal(a: S, b: S): boolean;
  /** A 32-bit integer; equal states must have equal hashes. */
  hash(state: S): number;
  /**
   * True if states are already small integers (0 <= s < 2^31) that are equal exactly when ===:
   * the search then uses them as its state numbers instead of interning them.
   */
  readonly numberedStates?: boolean;
  /**
   * Split a history into parts such that the history is linearizable iff every part is, each
   * part checked from `init()`. Absent: one part holding everything.
   */
  partition?(ops: readonly Operation<I, O>[]): Part[];
  /**
   * True if the pending operation `op` (return null) can have no visible effect in this part, so
   * the search may drop it (e.g. a read that never returned). Must be sound: dropping it may not
   * change the verdict.
   */
  pendingHasNoEffect?(op: Operation<I, O>, part: readonly Operation<I, O>[]): boolean;
  /**
   * A verdict-preserving simplification of one part from facts the whole part proves: per op
   * (same order), whether a pending op may be dropped, and the output the search should step it
   * with (e.g. kv-versioned: an ErrMaybe Put known to be a no-op is searched as ErrVersion).
   * Reports still show the recorded outputs.
   */
  simplify?(part: readonly Operation<I, O>[]): Simplified<O>;
  /**
   * A fast path for parts of a shape the model recognises (kv: one key's concurrent Appends of
   * distinct values, see checker/models/kv-appends.ts): 'illegal' only with a proof that no
   * linearization exists; 'ok' with a linearization (part indices; pending ops may be left out)
   * that the checker replays before trusting it. Undefined: not decided, the search goes on.
   */
  decide?(part: readonly Operation<I, O>[]): Decision | undefined;
  /**
   * True if the operation, with this output, never changes the state when it is legal (a read;
   * a cas that failed). Optional; lets the search skip reorderings: such an op, legal now and
   * movable to the front by real time, may be linearized now without trying alternatives (any
   * linearization of the rest can be rearranged to start with it).
   */
  readOnly?(input: I, output: O | null): boolean;
  /**
   * Optional pruning for states that only grow until a reset (kv: a key's value only gets longer
   * until a Put). See Growth and checker/growth.ts.
   */
  readonly growth?: Growth<S, I, O>;
  /** Validates and normalizes an operation read from a JSON history; throws OpShapeError. */
  parseOp(input: unknown, output: unknown): { input: I; output: O | null };
  describeOperation(input: I, output: O | null): string;
  describeState(state: S): string;
}

/**
 * Model.growth: lets the search abandon a prefix as soon as an observation still to come can no
 * longer hold. An observation is an op that readOnly() says never changes the state, with a known
 * output (a Get that returned a value). Take the earliest-returning observation still to
 * linearize. Either no reset comes between now and it, so `canGrowTo` from the current state
 * must allow it; or the last reset before it is one still to linearize that real time lets
 * come before it (called before it returned), so `canGrowFrom` that reset must allow it. If
 * neither can, the prefix is a dead end.
 */
export interface Growth<S, I, O> {
  /** Whether the op may take the state somewhere non-reset ops cannot (kv: a Put). */
  isReset(input: I): boolean;
  /**
   * False only if no sequence of non-reset ops from `state` makes the observation legal (kv: the
   * Get's value does not start with the current value). Must be sound: true when unsure.
   */
  canGrowTo(state: S, input: I, output: O): boolean;
  /**
   * False only if no sequence of non-reset ops after the reset `reset` makes the observation
   * legal (kv: the Get's value does not start with the Put's value). Must be sound. Absent:
   * after a reset anything may happen.
   */
  canGrowFrom?(reset: I, input: I, output: O): boolean;
}

/** What Model.simplify returns: one entry per op of the part, in order. */
export interface Simplified<O> {
  readonly drop: readonly boolean[];
  readonly outputs: readonly (O | null)[];
}

/** What Model.decide returns: a verdict, with its witness when linearizable. */
export type Decision =
  | { readonly verdict: 'ok'; readonly order: readonly number[] }
  | { readonly verdict: 'illegal' };

/** Thrown by Model.parseOp for an input or output that does not fit the model. */
export class OpShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpShapeError';
  }
}

export type Verdict = 'ok' | 'illegal' | 'unknown';

/** What the search knows about one part when the check ends. */
export interface PartResult {
  readonly label: string;
  /** Indices into the history of the part's operations (after dropping, see `dropped`). */
  readonly ops: readonly number[];
  /** Pending operations dropped because they can have no visible effect. */
  readonly dropped: readonly number[];
  /** 'unknown' also covers parts never finished because another part was illegal. */
  readonly verdict: Verdict;
  readonly steps: number;
  /** The longest legal linearization found (history indices); all of `ops` when 'ok'. */
  readonly longest: readonly number[];
}

export interface CheckResult {
  readonly verdict: Verdict;
  /** Whether the model's partition function was used (explain() splits the same way). */
  readonly partitioned: boolean;
  /** Index into `parts` of the illegal part, or -1. */
  readonly illegalPart: number;
  readonly parts: readonly PartResult[];
  /** Search steps spent over all parts. */
  readonly steps: number;
  /** Why the verdict is 'unknown': the step budget or the caller's stop callback. */
  readonly stoppedBy: 'steps' | 'callback' | null;
}

export interface CheckOptions {
  /** Total search steps over all parts; exhausted -> 'unknown'. Default: no limit. */
  readonly maxSteps?: number;
  /** Asked between slices; returning true stops the search with 'unknown' (e.g. a deadline). */
  readonly shouldStop?: () => boolean;
  /** Use the model's partition function (default true). */
  readonly partition?: boolean;
  /** Steps a part runs before the next part gets its turn (default 1000). */
  readonly sliceSteps?: number;
  /**
   * Search steps a part runs before its model's `decide` fast path is tried (default 1000, so
   * parts the search settles at once keep its verdict and longest prefix; 0: try it first;
   * Infinity: never).
   */
  readonly decideAfter?: number;
  /**
   * Extend an illegal part's longest prefix to the op that really fails (checker/extend.ts;
   * default true). explain()'s trials need only the verdict and turn it off.
   */
  readonly extendPrefix?: boolean;
}
