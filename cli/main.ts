import { readFileSync } from 'node:fs';
import type { AnyCommand, Io } from './command.ts';
import { execute, processIo } from './execute.ts';
import { commandHelp, mainHelp } from './help.ts';

/**
 * The command table, in `raftsim help` order. A new command is one `lazyCommand({...})` in
 * cli/commands/ (its name, flags, help, examples: cli/command.ts), its handlers in their own
 * module, and one entry here. Each entry is imported only when asked for: `raftsim --version`
 * loads no command, `raftsim check` only check's, and a command's spec imports its handlers
 * (the simulator, the checker, fast-check) only when it runs, not for its help.
 */
const TABLE: ReadonlyArray<readonly [string, () => Promise<AnyCommand>]> = [
  ['list', async () => (await import('./commands/list.ts')).listCommand],
  ['run', async () => (await import('./commands/run.ts')).runCommand],
  ['replay', async () => (await import('./commands/replay.ts')).replayCommand],
  ['shrink', async () => (await import('./commands/shrink.ts')).shrinkCommand],
  ['explore', async () => (await import('./commands/explore.ts')).exploreCommand],
  ['check', async () => (await import('./commands/check.ts')).checkCommandSpec],
  ['init', async () => (await import('./init.ts')).initCommand],
];

/** The command names, in table order. */
export const COMMAND_NAMES: readonly string[] = TABLE.map(([name]) => name);

/** Every command's entry (for `raftsim help` and the tests). */
export function loadCommands(): Promise<AnyCommand[]> {
  return Promise.all(TABLE.map(([, load]) => load()));
}

function loadCommand(name: string | undefined): Promise<AnyCommand> | undefined {
  return TABLE.find(([n]) => n === name)?.[1]();
}

/** `raftsim ARGS...`: returns the exit code (see mainHelp). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    const names = COMMAND_NAMES.join(', ');
    io.err(`raftsim: give a command: ${names} (raftsim help says more)`);
    return 2;
  }
  if (name === '--version' || name === '-V') {
    io.out(`raftsim ${version()}`);
    return 0;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest.length === 0) {
      io.out(mainHelp(await loadCommands()));
      return 0;
    }
    const c = rest.length === 1 ? loadCommand(rest[0]) : undefined;
    if (c === undefined) return unknown(rest.join(' '), io);
    io.out(commandHelp(await c));
    return 0;
  }
  const command = loadCommand(name);
  return command === undefined ? unknown(name, io) : execute(await command, rest, io);
}

function unknown(name: string, io: Io): number {
  io.err(`raftsim: unknown command '${name}' (see raftsim help)`);
  return 2;
}

/** The package's version, from package.json next to cli/ (or to dist/cli/ when compiled). */
export function version(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8'));
      if (pkg.name === 'raftsim') return String(pkg.version);
    } catch {
      // not this level
    }
  }
  return 'unknown';
}
