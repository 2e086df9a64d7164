/**
 * A tiny always-on assertion, in the TigerBeetle style: it throws with the state that broke.
 * Use it for invariants of the code under test; user input is validated with clear errors instead.
 */
export class AssertionError extends Error {
  readonly context: unknown;
  constructor(message: string, context?: unknown) {
    super(context === undefined ? message : `${message} ${safeStringify(context)}`);
    this.name = 'AssertionError';
    this.context = context;
  }
}

export function assert(cond: boolean, message: string, context?: unknown): asserts cond {
  if (!cond) throw new AssertionError(message, context);
}

/** Marks a branch that must be unreachable (exhaustive switch). */
export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(message, value);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  } catch {
    return String(value);
  }
}
