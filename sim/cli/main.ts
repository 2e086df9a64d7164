import { allScenarios } from '../../scenarios/index.ts';
import { UsageError } from './args.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';

const USAGE = `raftsim: deterministic simulation of a Raft KV service

usage:
  raftsim list                                   every scenario: <id><TAB><title>
  raftsim run <id|glob>... [--seed N | --seeds A..B] [--json] [--summary]
  raftsim replay <id> --seed N [--trace FILE] [--force]
  raftsim check FILE... [--model M] [--format F] [--no-partition] [--budget-ms N]
                [--budget-steps N] [--html OUT] [--json]
  raftsim help

exit codes: 0 all passed, 1 a run failed (or a history is not linearizable),
            2 usage or input error, 3 (check) undecided within the budget, 70 internal error`;

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const err = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'list':
        if (rest.length > 0) throw new UsageError(`raftsim list: unexpected argument '${rest[0]}'`);
        for (const s of allScenarios) out(`${s.id}\t${s.title}`);
        return 0;
      case 'run': return runCommand(rest, out, err);
      case 'replay': return replayCommand(rest, out);
      case 'check': {
        const { checkCommand } = await import('./check.ts');
        return await checkCommand(rest);
      }
      case 'help': case '--help': case '-h':
        out(USAGE);
        return 0;
      case undefined:
        err(USAGE);
        return 2;
      default:
        throw new UsageError(`raftsim: unknown command '${cmd}' (try 'raftsim help')`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    err(`raftsim: internal error: ${e instanceof Error ? e.stack : String(e)}`);
    return 70;
  }
}
