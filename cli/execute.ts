import { readFileSync } from 'node:fs';
import {
  helpRequested, HelpRequest, parseCommand, UsageError, type AnyCommand, type Io,
} from './command.ts';
import { commandHelp } from './help.ts';

/** The process's own streams; the progress line only when stderr is a terminal. */
export function processIo(): Io {
  return {
    out: (line) => { process.stdout.write(`${line}\n`); },
    err: (line) => { process.stderr.write(`${line}\n`); },
    write: (text) => { process.stdout.write(text); },
    readStdin: () => readFileSync(0, 'utf8'),
    tty: process.stderr.isTTY ? process.stderr : null,
  };
}

/** Streams that print nowhere (a base for tests' partial Io). */
export function quietIo(): Io {
  return { out: () => {}, err: () => {}, write: () => {}, readStdin: () => '', tty: null };
}

/**
 * Parses and runs one command: its help for --help, its exit code otherwise. A UsageError
 * (bad flag, bad input, an output that may not be written) is one line on stderr and exit 2;
 * anything else is a bug: the stack trace and exit 70.
 */
export async function execute(c: AnyCommand, argv: readonly string[],
  io: Io): Promise<number> {
  try {
    // Help needs only the command's spec: its implementation is not loaded for it.
    if (helpRequested(c, argv)) {
      io.out(commandHelp(c));
      return 0;
    }
    const handlers = await c.load();
    const parsed = parseCommand(c, argv, handlers.validate);
    if (parsed instanceof HelpRequest) throw new Error('help after helpRequested said none');
    return await handlers.run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`raftsim ${c.name}: ${e.message}`);
      return 2;
    }
    io.err(`raftsim ${c.name}: internal error: ${e instanceof Error ? e.stack : String(e)}`);
    return 70;
  }
}
