import { knownBugs } from '../scenarios/bugs/index.ts';
import { FAMILIES, familyOf } from '../scenarios/catalogue.ts';
import { allScenarios } from '../scenarios/index.ts';
import { defineCommand } from './command.ts';

/** raftsim list [--families | --bugs]: the names other commands accept. */
export const listCommand = defineCommand({
  name: 'list',
  summary: 'list the scenarios, their families, or the known-bad variants',
  description: `Prints one line per scenario (<id> TAB <title>), in the order run uses; with
--families one line per family (name, course years, count, course); with --bugs one line per
known-bad variant --bug accepts (<id> TAB <layer> TAB #<entry in the bug catalogue> TAB what
it gets wrong).`,
  positionals: { name: '', min: 0, max: 0 },
  flags: {
    families: { type: 'boolean', help: 'one line per scenario family' },
    bugs: { type: 'boolean', help: 'one line per known-bad variant (for --bug)' },
  },
  exclusive: [['families', 'bugs']],
  examples: [
    { run: "npx raftsim list | grep '3A'", does: 'the Raft 3A scenarios' },
    { run: 'npx raftsim list --bugs', does: 'the known-bad variants and their catalogue entries' },
  ],
  exits: '0, or 2 for bad usage',
  run: (p, io) => {
    if (p.flags.bugs) {
      for (const b of knownBugs) io.out(`${b.id}\t${b.layer}\t#${b.catalogue}\t${b.summary}`);
    } else if (p.flags.families) {
      for (const f of FAMILIES) {
        const n = allScenarios.filter((s) => familyOf(s.id) === f.prefix).length;
        if (n > 0) io.out(`${f.name}\t${f.years}\t${n}\t${f.course}`);
      }
    } else {
      for (const s of allScenarios) io.out(`${s.id}\t${s.title}`);
    }
    return 0;
  },
});
