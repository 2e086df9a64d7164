import { knownBugs } from '../scenarios/bugs/index.ts';
import { FAMILIES, familyOf } from '../scenarios/catalogue.ts';
import { allScenarios } from '../scenarios/index.ts';
import type { Handlers } from './command.ts';
import type { ListFlags } from './commands/list.ts';

/** What `raftsim list` prints (its flags and help: cli/commands/list.ts). */
export const listHandlers: Handlers<ListFlags> = {
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
};
