import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RaftFactory } from '../core/raft/contract.ts';
import type { KnownBug } from '../scenarios/bugs/index.ts';
import type { KvServiceFactory } from '../sim/kv-service.ts';
import type { HostService } from '../sim/raft-host.ts';
import type { RunOptions } from '../sim/runner.ts';
import type { KvServiceFactory as PublicKvServiceFactory } from './api.ts';
import { UsageError } from './errors.ts';
import {
  checkedFactory, ContractError, describeValue, errorText, implFailure, probeRaft,
  type ImplIdentity,
} from './impl-check.ts';

/**
 * Which implementation a run uses, and the one path every implementation other than the real
 * code is loaded through: a user's module (`--impl FILE`, `--kv-impl FILE`) and a known-bad
 * variant (`--bug ID`, which is a module too: scenarios/bugs/index.ts gives each variant as
 * `{ createRaft }` or `{ createKvService }`). Either way the export is found and checked, one
 * node is built and checked (cli/impl-check.ts), and the factory the simulator gets checks the
 * contract on every call. run, replay, shrink (and explore) share `loadImplementation`.
 */

/** The export a module offers, by layer: `createRaft` (--impl), `createKvService` (--kv-impl). */
export const EXPORTS = { raft: 'createRaft', kv: 'createKvService' } as const;

/** A user's module, as loaded. */
export interface ImplModule {
  /** The path as given on the command line (it is what replay and shrink commands repeat). */
  readonly path: string;
  /** SHA-256 (16 hex digits) of its source: the file and every file it imports by a relative
   * path, transitively. A schedule file records it. */
  readonly hash: string;
}

export interface Implementation {
  /** The known-bad variant, if the run uses one. */
  readonly bug: KnownBug | null;
  /** The user's Raft module (--impl), if any. */
  readonly raft: ImplModule | null;
  /** The user's KV service module (--kv-impl), if any. */
  readonly kv: ImplModule | null;
  /** It replaces only the KV service: scenarios without one would run the real code. */
  readonly kvOnly: boolean;
  /** What runScenario needs (empty: the real code). */
  readonly run: Pick<RunOptions, 'nodeFactory' | 'kvServiceFactory' | 'clerkRules'>;
  /** The flags that select it, as typed (`--bug x`, `--impl ./raft.ts`), for printed commands. */
  readonly flags: readonly string[];
  /** One line for the start of a command's output, or null for the real code. */
  readonly banner: string | null;
}

/** The real implementation: nothing replaced. */
export const REAL: Implementation = {
  bug: null, raft: null, kv: null, kvOnly: false, run: {}, flags: [], banner: null,
};

/** What a command was asked to run on (flags), before anything is loaded. */
export interface ImplChoice {
  readonly bug?: KnownBug | null | undefined;
  readonly impl?: string | undefined;
  readonly kvImpl?: string | undefined;
}

/** True when the choice replaces only the KV service (known before loading anything). */
export function kvOnlyChoice(c: ImplChoice): boolean {
  return c.bug != null ? c.bug.layer !== 'raft'
    : c.kvImpl !== undefined && c.impl === undefined;
}

/**
 * Loads and checks what `choice` names; the real implementation when it names nothing. Every
 * problem with a module (no such file, it does not compile, a missing or wrong export, a node
 * without a contract method, a malformed first ready()) is a one-line UsageError.
 */
export async function loadImplementation(choice: ImplChoice): Promise<Implementation> {
  if (choice.bug != null) return implementationOfBug(choice.bug);
  if (choice.impl === undefined && choice.kvImpl === undefined) return REAL;
  const run: { nodeFactory?: RaftFactory; kvServiceFactory?: KvServiceFactory } = {};
  let raft: ImplModule | null = null;
  let kv: ImplModule | null = null;
  const flags: string[] = [];
  if (choice.impl !== undefined) {
    const loaded = await importModule('--impl', choice.impl);
    run.nodeFactory = raftFactoryOf(loaded.namespace, loaded.identity);
    raft = loaded.module;
    flags.push('--impl', choice.impl);
  }
  if (choice.kvImpl !== undefined) {
    const loaded = await importModule('--kv-impl', choice.kvImpl);
    run.kvServiceFactory = kvFactoryOf(loaded.namespace, loaded.identity);
    kv = loaded.module;
    flags.push('--kv-impl', choice.kvImpl);
  }
  const what = [raft === null ? null : `the Raft in ${raft.path}`,
    kv === null ? null : `the KV service in ${kv.path}`].filter((x) => x !== null).join(' and ');
  return { bug: null, raft, kv, kvOnly: raft === null, run, flags, banner: `running on ${what}` };
}

/** A known-bad variant, through the same checks as a user's module. */
export function implementationOfBug(bug: KnownBug): Implementation {
  const identity: ImplIdentity = { who: `the known-bad variant '${bug.id}'` };
  const run = bug.module === null ? bug.run
    : bug.layer === 'raft' ? { nodeFactory: raftFactoryOf(bug.module, identity) }
      : { kvServiceFactory: kvFactoryOf(bug.module, identity) };
  return {
    bug, raft: null, kv: null, kvOnly: bug.layer !== 'raft', run, flags: ['--bug', bug.id],
    banner: `running on the known-bad variant '${bug.id}' (${bug.layer} layer)`,
  };
}

interface Loaded {
  readonly namespace: Record<string, unknown>;
  readonly module: ImplModule;
  readonly identity: ImplIdentity;
}

/** Imports a user's module (TypeScript through tsx's loader, or JavaScript). */
async function importModule(flag: string, path: string): Promise<Loaded> {
  const abs = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    throw new UsageError(`${flag} ${path}: no such file`);
  }
  if (!isFile) throw new UsageError(`${flag} ${path}: not a file`);
  const files = sourceFiles(abs);
  const module: ImplModule = { path, hash: hashFiles(abs, files) };
  const dir = dirname(abs);
  const sources = new Set(files);
  const identity: ImplIdentity = {
    who: path,
    sourceOf: (url) => {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      return sources.has(file) ? relative(dir, file) : null;
    },
  };
  let namespace: Record<string, unknown>;
  try {
    const { tsImport } = await import('tsx/esm/api');
    namespace = await tsImport(pathToFileURL(abs).href, import.meta.url);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot load it: ${loadErrorText(e, identity)}`);
  }
  // Stack traces of its exceptions then name lines of its TypeScript source (tsx maps them).
  process.setSourceMapsEnabled(true);
  return { namespace, module, identity };
}

/** A load failure in one line: esbuild's `file:line:col: ERROR: what`, or the exception's. */
function loadErrorText(e: unknown, id: ImplIdentity): string {
  if (e instanceof Error && e.name === 'TransformError') {
    const line = e.message.split('\n').find((l) => l.includes('ERROR:'));
    if (line !== undefined) return line.replace(/^.*\//, '').replace(/ ERROR:/, '');
  }
  const text = errorText(e, id);
  if (/Cannot find (module|package) 'raftsim'/.test(text)) {
    return `${text.replace(/ imported from .*$/, '')} (its folder needs node_modules/raftsim: ` +
      '`raftsim init DIR` links it, or `npm install --save-dev <path to raftsim>`)';
  }
  return text;
}

/** The export `name` (or the default export) of a module, which must be a function. */
function exportOf(namespace: unknown, name: string, id: ImplIdentity, type: string): Function {
  const ns = (namespace ?? {}) as Record<string, unknown>;
  const own = name in ns ? ns[name] : undefined;
  if (own !== undefined) {
    if (typeof own === 'function') return own;
    throw new ContractError(`${id.who}: ${name} is ${describeValue(own)}, not a ${type}`);
  }
  if (typeof ns.default === 'function') return ns.default;
  const names = Object.keys(ns).filter((k) => k !== 'default' && k !== '__esModule');
  const has = names.length === 0 ? 'it exports nothing' : `it exports ${names.join(', ')}`;
  throw new ContractError(`${id.who}: no ${name} export (write \`export const ${name}: ` +
    `${type} = ...\`, or export the factory as default); ${has}`);
}

function raftFactoryOf(namespace: unknown, id: ImplIdentity): RaftFactory {
  return asUsage(() => {
    const f = exportOf(namespace, EXPORTS.raft, id, 'RaftFactory') as RaftFactory;
    probeRaft(f, id, EXPORTS.raft);
    return checkedFactory(f, id, EXPORTS.raft);
  });
}

/** A KV service factory: checked for its shape (its services need a running server). */
function kvFactoryOf(namespace: unknown, id: ImplIdentity): KvServiceFactory {
  return asUsage(() => {
    const f = exportOf(namespace, EXPORTS.kv, id, 'KvServiceFactory') as PublicKvServiceFactory;
    const factory: KvServiceFactory = f; // the public type accepts what the simulator passes
    return (host, maxRaftState) => {
      let service: HostService;
      try {
        service = factory(host, maxRaftState);
      } catch (e) {
        throw implFailure(id, `${EXPORTS.kv}() (building server ${host.id}'s service)`, e);
      }
      return checkedService(service, id, host.id);
    };
  });
}

/** ContractError -> UsageError (one line, exit 2). */
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ContractError) throw new UsageError(e.message);
    throw e;
  }
}

const SERVICE_METHODS = ['start', 'apply', 'handleCall', 'stop', 'statusChanged'] as const;

/** A KV service whose exceptions fail the run naming the implementation. */
function checkedService(service: unknown, id: ImplIdentity, server: number): HostService {
  const s = service as Record<string, unknown> | null;
  const problem = typeof s !== 'object' || s === null ? `returned ${describeValue(s)}`
    : typeof s.start !== 'function' || typeof s.apply !== 'function'
      ? 'returned a service without start() and apply()' : null;
  if (problem !== null) {
    throw implFailure(id, `${EXPORTS.kv}()`, new TypeError(`${problem} (a KvService has ` +
      'start, apply and optionally handleCall, stop, statusChanged)'));
  }
  const out: Record<string, unknown> = {};
  for (const m of SERVICE_METHODS) {
    const f = s![m];
    if (typeof f !== 'function') continue;
    out[m] = (...args: unknown[]) => {
      try {
        return f.apply(s, args);
      } catch (e) {
        throw implFailure(id, `server ${server}: service ${m}()`, e);
      }
    };
  }
  return out as unknown as HostService;
}

// ---- The module's source, for the hash a schedule file records. ----

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts',
  '/index.js'];

/** The module's file and every file it imports by a relative path, transitively, sorted. */
export function sourceFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const m of text.matchAll(IMPORT)) {
      const found = resolveImport(dirname(file), m[1]!);
      if (found !== null) visit(found);
    }
  };
  visit(entry);
  return [...seen].sort();
}

function resolveImport(dir: string, spec: string): string | null {
  const base = join(dir, spec);
  const stems = [base, base.replace(/\.(c|m)?js$/, '')];
  for (const stem of stems) {
    for (const ext of EXTENSIONS) {
      try {
        if (statSync(stem + ext).isFile()) return stem + ext;
      } catch {
        // not this one
      }
    }
  }
  return null;
}

function hashFiles(entry: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  const dir = dirname(entry);
  hash.update(basename(entry));
  for (const f of files) {
    hash.update('\0');
    hash.update(relative(dir, f));
    hash.update('\0');
    hash.update(readFileSync(f));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The hash of a module's source now (for a schedule file made on it). */
export function moduleHash(path: string): string {
  const abs = resolve(path);
  return hashFiles(abs, sourceFiles(abs));
}
