import { readFileSync } from 'node:fs';
import { checkCommandSpec } from './check.ts';
import type { AnyCommand, Io } from './command.ts';
import { execute, processIo } from './execute.ts';
import { exploreCommand } from './explore.ts';
import { commandHelp, mainHelp } from './help.ts';
import { initCommand } from './init.ts';
import { listCommand } from './list.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { shrinkCommand } from './shrink.ts';

/**
 * The command table. A new command is one `defineCommand({...})` in its own file and one entry
 * here: its flags, help, examples and validation come from the entry (cli/command.ts).
 */
export const COMMANDS: readonly AnyCommand[] = [
  listCommand, runCommand, replayCommand, shrinkCommand, exploreCommand, checkCommandSpec,
  initCommand,
];

/** `raftsim ARGS...`: returns the exit code (see mainHelp). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    const names = COMMANDS.map((c) => c.name).join(', ');
    io.err(`raftsim: give a command: ${names} (raftsim help says more)`);
    return 2;
  }
  if (name === '--version' || name === '-V') {
    io.out(`raftsim ${version()}`);
    return 0;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest.length === 0) {
      io.out(mainHelp(COMMANDS));
      return 0;
    }
    const c = COMMANDS.find((x) => x.name === rest[0]);
    if (c === undefined || rest.length > 1) return unknown(rest.join(' '), io);
    io.out(commandHelp(c));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  return command === undefined ? unknown(name, io) : execute(command, rest, io);
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
