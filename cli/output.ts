import {
  chmodSync, closeSync, fsyncSync, linkSync, lstatSync, openSync,
  realpathSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError, UsageError } from './errors.ts';

/**
 * Files the user owns are never overwritten by surprise nor left half-written. One rule for
 * every command that writes (check --html, replay --trace/--history, and later shrink --out,
 * explore --corpus):
 *
 * - every output path is validated before any work starts (`planOutputs`, called by the
 *   command framework): an existing file is refused unless --force; a folder, a missing folder,
 *   something that is not a regular file (a device, a pipe) and a file the command reads are
 *   refused even with --force; two outputs may not name the same file; and an empty file is
 *   made and removed in the folder, which proves a file can be written there;
 * - `-` means stdout (at most one output per command);
 * - a write goes to a temporary file in the same folder (`.NAME.PID.N.tmp`), flushed to disk,
 *   then renamed into place: readers see the old file or the whole new one, never a part.
 *   Without --force the temporary file is hard-linked into place instead, which fails if the
 *   name appeared since the check (no race can overwrite it).
 */
export class OutputFile {
  private target: string | null = null;
  private replace = false;
  private mode: number | undefined;

  constructor(readonly flag: string, readonly path: string) {}

  /** `-`: the output goes to stdout. */
  get toStdout(): boolean {
    return this.path === '-';
  }

  /** Where the text lands, for messages (`stdout` or the path as given). */
  get name(): string {
    return this.toStdout ? 'stdout' : this.path;
  }

  /** Validates the path (see the class comment); throws UsageError. */
  plan(force: boolean, inputs: readonly Identity[]): void {
    if (this.toStdout) return;
    const where = `${this.flag} ${this.path}`;
    const abs = resolve(this.path);
    const folder = dirname(abs);
    const dir = statOrNull(folder, where);
    if (dir === null) throw new UsageError(`${where}: no such folder ${dirname(this.path)}`);
    if (!dir.isDirectory()) throw new UsageError(`${where}: ${dirname(this.path)} is not a folder`);
    const link = lstatOrNull(abs);
    const st = link === null ? null : statOrNull(abs, where);
    if (link !== null && st === null) throw new UsageError(`${where}: a link to nothing`);
    if (st?.isDirectory()) throw new UsageError(`${where}: is a folder`);
    if (st !== null && !st.isFile()) {
      throw new UsageError(`${where}: not a regular file (use - for stdout)`);
    }
    if (st !== null && inputs.some((i) => i.dev === st.dev && i.ino === st.ino)) {
      throw new UsageError(`${where}: is also an input; refusing to write over it`);
    }
    if (st !== null && !force) {
      throw new UsageError(`${where}: already exists; pass --force to replace it`);
    }
    this.target = st === null ? abs : realpathSync(abs);
    probe(dirname(this.target), `${where}: cannot write in ${dirname(this.path)}`);
    this.replace = st !== null;
    this.mode = st === null ? undefined : st.mode & 0o7777;
  }

  /** The file that will be written (a link's target), once planned. */
  get resolved(): string | null {
    return this.target;
  }

  /**
   * Writes `text` whole (to stdout for `-`). Throws OutputError (exit 2, one line) if the disk
   * refuses; the temporary file is removed and the old file, if any, is untouched.
   */
  write(text: string, stdout: (text: string) => void): void {
    if (this.toStdout) {
      stdout(text);
      return;
    }
    if (this.target === null) throw new Error(`output ${this.flag} written before it was planned`);
    const tmp = tmpName(this.target);
    try {
      const fd = openSync(tmp, 'wx', 0o666);
      try {
        writeFileSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (this.mode !== undefined) chmodSync(tmp, this.mode);
      this.commit(tmp);
    } catch (e) {
      removeQuietly(tmp);
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      const why = code === 'EEXIST' ? 'appeared while raftsim ran; not replaced' : code;
      throw new OutputError(`${this.flag} ${this.path}: cannot write: ${why}`);
    }
  }

  private commit(tmp: string): void {
    if (this.replace) {
      renameSync(tmp, this.target!);
      return;
    }
    try {
      linkSync(tmp, this.target!);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw e;
      // A file system without hard links: the up-front check has to do.
      if (lstatOrNull(this.target!) !== null) throw Object.assign(new Error(), { code: 'EEXIST' });
      renameSync(tmp, this.target!);
      return;
    }
    unlinkSync(tmp);
  }
}

let serial = 0;

function tmpName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${++serial}.tmp`);
}

/**
 * Creates and removes an empty temporary file in `folder`: the only sure test that a file can be
 * made there (permissions, a read-only mount, /proc), done before any work.
 */
function probe(folder: string, what: string): void {
  const tmp = tmpName(join(folder, 'probe'));
  try {
    closeSync(openSync(tmp, 'wx', 0o666));
  } catch (e) {
    throw new UsageError(`${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  removeQuietly(tmp);
}

/** A file's identity (device, inode): catches the same file under another name or a link. */
export interface Identity {
  readonly dev: number;
  readonly ino: number;
}

/** Validates all outputs of one command together (see OutputFile). */
export function planOutputs(outputs: readonly OutputFile[],
  opts: { force: boolean; inputs: readonly string[] }): void {
  const toStdout = outputs.filter((o) => o.toStdout);
  if (toStdout.length > 1) {
    throw new UsageError(`${toStdout[0]!.flag} and ${toStdout[1]!.flag} cannot both be - ` +
      '(stdout)');
  }
  const inputs = opts.inputs.filter((p) => p !== '-').map((p) => statOrNull(p, p))
    .filter((s): s is Stats => s !== null);
  for (const o of outputs) o.plan(opts.force, inputs);
  const seen = new Map<string, OutputFile>();
  for (const o of outputs) {
    const t = o.resolved;
    if (t === null) continue;
    const other = seen.get(t);
    if (other !== undefined) {
      throw new UsageError(`${other.flag} and ${o.flag} name the same file ${o.path}`);
    }
    seen.set(t, o);
  }
}

/** The file's stats; null if it does not exist; a UsageError naming `where` otherwise. */
function statOrNull(path: string, where: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return null;
    throw new UsageError(`${where}: cannot use: ${code ?? String(e)}`);
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or never created
  }
}
