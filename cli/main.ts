import { FAMILIES, familyOf } from '../scenarios/catalogue.ts';
import { knownBugs } from '../scenarios/bugs/index.ts';
import { allScenarios } from '../scenarios/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { shrinkCommand } from './shrink.ts';

const USAGE = `raftsim: deterministic simulation of a Raft KV service

usage:
  raftsim list                                   every scenario: <id><TAB><title>
  raftsim list --families                        one line per family: name, years, count, course
  raftsim list --bugs                            the known-bad variants --bug accepts
  raftsim run <id|glob>... [--seed N | --seeds A..B] [--json] [--summary] [--bug ID]
  raftsim replay <id> --seed N [--trace FILE] [--history FILE] [--force] [--bug ID]
  raftsim replay <id> --schedule FILE [--no-bug | --bug ID] [--allow-stale] [--trace FILE] ...
  raftsim shrink <id> --seed N [--bug ID] [--out FILE] [--force] [--max-runs N] [--json]
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

/**
 * raftsim list [--families | --bugs]: one line per scenario, or per family (course years,
 * count), or per known-bad variant (`<id><TAB><layer>`).
 */
function listCommand(argv: readonly string[]): number {
  const args = parseArgs('raftsim list', argv, { families: 'bool', bugs: 'bool' });
  if (args.positional.length > 0) {
    throw new UsageError(`raftsim list: unexpected argument '${args.positional[0]}'`);
  }
  if (args.flags.has('bugs')) {
    for (const b of knownBugs) out(`${b.id}\t${b.layer}`);
  } else if (args.flags.has('families')) {
    for (const f of FAMILIES) {
      const n = allScenarios.filter((s) => familyOf(s.id) === f.prefix).length;
      if (n > 0) out(`${f.name}\t${f.years}\t${n}\t${f.course}`);
    }
  } else {
    for (const s of allScenarios) out(`${s.id}\t${s.title}`);
  }
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'list': return listCommand(rest);
      case 'run': return runCommand(rest, out, err);
      case 'replay': return replayCommand(rest, out);
      case 'shrink': return shrinkCommand(rest, out, err);
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
