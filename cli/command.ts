import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { OutputFile, planOutputs } from './output.ts';

export { UsageError };

/**
 * The command table's vocabulary. A command declares its positionals, its flags (type, help,
 * value name), its examples and a handler; `parseCommand` turns argv into typed values with
 * Node's own `util.parseArgs` (no dependency, stable since Node 20; it already knows `--x=v`,
 * `--x v`, `--` and short flags, and its tokens let us add the rules it lacks: a flag given twice
 * is an error, numbers are plain decimal digits everywhere, a value never silently swallows the
 * next flag). `--help`/`-h` comes with every command, `--force` with every command that writes a
 * file, and output files are validated before the handler runs (cli/output.ts).
 *
 * A new command is its spec in cli/commands/, its handlers in their own module, and one line
 * in the table (cli/main.ts); the spec imports the handlers only when the command runs:
 *
 *   export const shrinkCommand = lazyCommand({           // cli/commands/shrink.ts
 *     name: 'shrink', summary: 'one line', description: 'a paragraph',
 *     positionals: { name: '<id>', min: 1, max: 1 },
 *     flags: FLAGS,                          // { seed: SEED_FLAG, out: { type: 'output', ... } }
 *     examples: [{ run: 'npx raftsim shrink X --seed 3 --out s.json', does: 'what it shows' }],
 *     exits: '0 ..., 2 bad usage',
 *   }, async () => (await import('../shrink.ts')).shrinkHandlers);
 *
 *   export const shrinkHandlers: Handlers<ShrinkFlags> = {   // cli/shrink.ts
 *     validate: (p) => { ... },              // cross-flag rules: throw UsageError
 *     run: async (p, io) => {                // p.flags.seed: number | undefined, typed
 *       const progress = new Progress(io.tty, { total, unit: 'runs', now: io.clock });
 *       p.flags.out?.write(text, io.write);  // checked before run; atomic; '-' is stdout
 *       return 0;
 *     },
 *   };
 *
 * --help, raftsim help shrink, --force and the output checks come with it, and
 * test/cli-help.test.ts runs every example. A small command may be one `defineCommand({...})`
 * with its handlers inline (cli/init.ts).
 */

interface FlagBase {
  /** One line for --help. */
  readonly help: string;
  /** A one-letter alias (`-h`). */
  readonly short?: string;
}

export interface BooleanFlag extends FlagBase {
  readonly type: 'boolean';
}

export interface IntegerFlag extends FlagBase {
  readonly type: 'integer';
  /** The placeholder in --help (`N`). */
  readonly value: string;
  readonly min: number;
  readonly max: number;
  readonly required?: boolean;
}

export interface StringFlag<T = string> extends FlagBase {
  readonly type: 'string';
  readonly value: string;
  /** The accepted values, listed in --help and in the error for any other. */
  readonly choices?: readonly string[];
  /** Turns the text into the flag's value; throws UsageError (its message names the flag). */
  readonly parse?: (text: string, flag: string) => T;
  readonly required?: boolean;
}

/** A file the command writes: validated up front, written atomically; `-` is stdout. */
export interface OutputFlag extends FlagBase {
  readonly type: 'output';
  readonly value: string;
}

/** A file the command reads (`-` is stdin); no output may point at it. */
export interface InputFlag extends FlagBase {
  readonly type: 'input';
  readonly value: string;
  readonly required?: boolean;
}

/** `any`: each string flag's own `parse` decides its value type (see ValueOf). */
export type FlagSpec = BooleanFlag | IntegerFlag | StringFlag<any> | OutputFlag | InputFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type Req<S, T> = S extends { readonly required: true } ? T : T | undefined;

/** The value type of one flag. */
export type ValueOf<S extends FlagSpec> =
  S extends BooleanFlag ? boolean
    : S extends IntegerFlag ? Req<S, number>
      : S extends OutputFlag ? OutputFile | undefined
        : S extends InputFlag ? Req<S, string>
          : S extends { readonly parse: (text: string, flag: string) => infer T } ? Req<S, T>
            : S extends StringFlag ? Req<S, string>
              : never;

export type Values<F extends FlagSpecs> = { -readonly [K in keyof F]: ValueOf<F[K]> };

export interface Positionals {
  /** The placeholder in the usage line (`<id|glob>...`, `FILE...`, '' for none). */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** They name files the command reads: outputs may not point at them. */
  readonly inputs?: boolean;
}

export interface Example {
  /** The command line, as typed (`npx raftsim run '*3A' --seeds 1..5`). */
  readonly run: string;
  readonly does: string;
}

/** Where a command prints. The CLI uses the process's streams; tests pass their own. */
export interface Io {
  /** One line to stdout. */
  out(line: string): void;
  /** One line to stderr. */
  err(line: string): void;
  /** Raw text to stdout (an output file given as `-`). */
  write(text: string): void;
  /** Reads all of stdin (an input file given as `-`). */
  readStdin(): string;
  /** The terminal stderr is on, for a progress line; null when stderr is not a TTY. */
  readonly tty: Tty | null;
  /** The wall clock the progress line reads (ms); tests pass a fake one. Default: the real. */
  readonly clock?: () => number;
}

export interface Tty {
  write(text: string): unknown;
  readonly columns?: number;
}

export interface Parsed<F extends FlagSpecs> {
  readonly positionals: string[];
  readonly flags: Values<F>;
  /** The argv as given, for commands that print a command to resume. */
  readonly argv: readonly string[];
}

/** What a command is for `raftsim help` and for parsing: everything but its handlers. */
export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  readonly name: string;
  /** One line for `raftsim help`. */
  readonly summary: string;
  /** A few lines after the usage line in `raftsim help <name>`. */
  readonly description: string;
  readonly positionals: Positionals;
  readonly flags: F;
  /** Pairs of flags that may not be given together. */
  readonly exclusive?: ReadonlyArray<readonly [keyof F & string, keyof F & string]>;
  readonly examples: readonly Example[];
  /** The exit codes, one line (`0 every run passed, 1 ...`). */
  readonly exits: string;
}

/** What a command does with its parsed arguments. Method syntax: a table holds any F. */
export interface Handlers<F extends FlagSpecs = FlagSpecs> {
  /** Checks that involve several flags; runs before any output file is looked at. */
  validate?(p: Parsed<F>): void;
  /** Does the work; returns the exit code. */
  run(p: Parsed<F>, io: Io): number | Promise<number>;
}

export interface Command<F extends FlagSpecs = FlagSpecs> extends CommandSpec<F> {
  /**
   * The handlers, loaded once argv is more than --help: a command's implementation (the
   * simulator, the checker, fast-check) is imported only when it runs, so help and the other
   * commands start without compiling it (see lazyCommand).
   */
  load(): Promise<Handlers<F>>;
}

/**
 * A command of any flags, for the table and the dispatcher (`Command<F>` is invariant in F, as
 * its handler reads F's values; `any` erases F once the handler is bound to it).
 */
export type AnyCommand = Command<any>;

/** Declares a command with its handlers at hand, keeping each flag's value type (`Values`). */
export function defineCommand<const F extends FlagSpecs>(
  c: CommandSpec<F> & Handlers<F>): Command<F> {
  const { validate, run, ...spec } = c;
  const handlers: Handlers<F> = { run, ...(validate === undefined ? {} : { validate }) };
  return { ...spec, load: () => Promise.resolve(handlers) };
}

/**
 * Declares a command whose handlers live in another module, imported by `load` only when the
 * command runs: `lazyCommand(spec, async () => (await import('../run.ts')).runHandlers)`.
 */
export function lazyCommand<const F extends FlagSpecs>(spec: CommandSpec<F>,
  load: () => Promise<Handlers<F>>): Command<F> {
  let loaded: Promise<Handlers<F>> | null = null;
  return { ...spec, load: () => (loaded ??= load()) };
}

/** The flags every command has, or has when it writes files. */
export const HELP_FLAG: BooleanFlag = { type: 'boolean', short: 'h', help: 'show this help' };
export const FORCE_FLAG: BooleanFlag = {
  type: 'boolean', help: 'replace output files that already exist (never an input file)',
};

/** The flags a command accepts, with the implied ones added. */
export function allFlags(c: CommandSpec<any>): FlagSpecs {
  const flags: FlagSpecs = c.flags;
  const writes = Object.values(flags).some((f) => f.type === 'output');
  return { ...flags, ...(writes ? { force: FORCE_FLAG } : {}), help: HELP_FLAG };
}

/**
 * A non-negative integer written in decimal digits. One rule for every numeric flag: `1e3`,
 * `0x10`, `+5`, `1_000` and `' 7'` are refused, as `Number()` would take some and not others.
 */
export function parseInteger(text: string, flag: string, min: number, max: number): number {
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number in ${min}..${max} (decimal digits), ` +
      `got '${text}'`);
  }
  return n;
}

/** `--help` was asked for: the caller prints the command's help. */
export class HelpRequest {
  constructor(readonly command: CommandSpec<any>) {}
}

/**
 * argv -> typed values, or a UsageError whose message is the whole one-line complaint, or a
 * HelpRequest. Output files are validated here too (existing, a folder, a missing folder, an
 * input), so nothing runs when an output could not be written.
 */
export function parseCommand<F extends FlagSpecs>(c: CommandSpec<F>,
  argv: readonly string[], validate?: Handlers<F>['validate']): Parsed<F> | HelpRequest {
  const specs = allFlags(c);
  const tokens = tokensOf(specs, argv);
  if (asksHelp(tokens)) return new HelpRequest(c);
  const raw = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    else if (t.kind === 'option') {
      const name = t.name;
      const spec = specs[name];
      if (spec === undefined) throw new UsageError(`unknown flag ${t.rawName}`);
      if (raw.has(name)) throw new UsageError(`--${name} given twice (each flag once)`);
      raw.set(name, optionValue(name, spec, t.value, t.inlineValue));
    }
  }
  checkPositionals(c.positionals, positionals);
  const flags = convert(specs, raw);
  for (const [a, b] of c.exclusive ?? []) {
    if (raw.has(a) && raw.has(b)) throw new UsageError(`give --${a} or --${b}, not both`);
  }
  const parsed: Parsed<F> = { positionals, flags: flags as Values<F>, argv };
  validate?.(parsed);
  const outputs = Object.entries(flags).filter(([, v]) => v instanceof OutputFile)
    .map(([, v]) => v as OutputFile);
  const inputs = [...(c.positionals.inputs ? positionals : []),
    ...Object.keys(specs).filter((k) => specs[k]!.type === 'input' && raw.has(k))
      .map((k) => raw.get(k) as string)];
  planOutputs(outputs, { force: raw.has('force'), inputs });
  return parsed;
}

/** Whether argv asks for the command's help (--help or -h anywhere before `--`). */
export function helpRequested(c: CommandSpec<any>, argv: readonly string[]): boolean {
  return asksHelp(tokensOf(allFlags(c), argv));
}

function tokensOf(specs: FlagSpecs, argv: readonly string[]) {
  return parseArgs({
    args: [...argv], options: parserOptions(specs), allowPositionals: true, strict: false,
    tokens: true,
  }).tokens;
}

function asksHelp(tokens: ReturnType<typeof tokensOf>): boolean {
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

function parserOptions(specs: FlagSpecs) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, s] of Object.entries(specs)) {
    options[name] = { type: s.type === 'boolean' ? 'boolean' : 'string',
      ...(s.short === undefined ? {} : { short: s.short }) };
  }
  return options;
}

function optionValue(name: string, spec: FlagSpec, value: string | undefined,
  inline: boolean | undefined): string | true {
  if (spec.type === 'boolean') {
    if (value !== undefined) throw new UsageError(`--${name} takes no value`);
    return true;
  }
  // `--trace --force` would write a file named --force; `--seed -1` is a bad number instead.
  const swallowed = !inline && value !== undefined && value !== '-' &&
    (value.startsWith('--') || (value.startsWith('-') && spec.type !== 'integer'));
  if (value === undefined || value === '' || swallowed) {
    const hint = spec.type === 'integer' ? '' : ` (for a value that starts with '-', --${name}=-x)`;
    throw new UsageError(`--${name} needs a value ${spec.value}${hint}`);
  }
  return value;
}

function checkPositionals(p: Positionals, given: readonly string[]): void {
  if (given.length < p.min) {
    throw new UsageError(p.min === 1 && p.max === 1 ? `give one ${p.name}`
      : `give at least ${p.min} ${p.name}`);
  }
  if (given.length > p.max) {
    throw new UsageError(p.max === 0 ? `unexpected argument '${given[0]}'`
      : `unexpected argument '${given[p.max]}' (at most ${p.max} ${p.name})`);
  }
}

function convert(specs: FlagSpecs, raw: ReadonlyMap<string, string | true>):
  Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(specs)) {
    const v = raw.get(name);
    const flag = `--${name}`;
    if (s.type === 'boolean') out[name] = v === true;
    else if (v === undefined || v === true) {
      if ('required' in s && s.required === true) {
        throw new UsageError(`${flag} ${s.value} is required`);
      }
      out[name] = undefined;
    } else if (s.type === 'integer') out[name] = parseInteger(v, flag, s.min, s.max);
    else if (s.type === 'output') out[name] = new OutputFile(flag, v);
    else if (s.type === 'input') out[name] = v;
    else {
      if (s.choices !== undefined && !s.choices.includes(v)) {
        throw new UsageError(`unknown ${flag} '${v}'; known: ${s.choices.join(', ')}`);
      }
      out[name] = s.parse === undefined ? v : s.parse(v, flag);
    }
  }
  return out;
}
