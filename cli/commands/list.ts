import { lazyCommand } from '../command.ts';

const FLAGS = {
  families: { type: 'boolean', help: 'one line per scenario family' },
  bugs: { type: 'boolean', help: 'one line per known-bad variant (for --bug)' },
} as const;

export type ListFlags = typeof FLAGS;

/** raftsim list [--families | --bugs]: the names other commands accept. */
export const listCommand = lazyCommand({
  name: 'list',
  summary: 'list the scenarios, their families, or the known-bad variants',
  description: `Prints one line per scenario (<id> TAB <title>), in the order run uses; with
--families one line per family (name, course years, count, course); with --bugs one line per
known-bad variant --bug accepts (<id> TAB <layer> TAB #<entry in the bug catalogue> TAB what
it gets wrong).`,
  positionals: { name: '', min: 0, max: 0 },
  flags: FLAGS,
  exclusive: [['families', 'bugs']],
  examples: [
    { run: "npx raftsim list | grep '3A'", does: 'the Raft 3A scenarios' },
    { run: 'npx raftsim list --bugs', does: 'the known-bad variants and their catalogue entries' },
  ],
  exits: '0, or 2 for bad usage',
}, async () => (await import('../list.ts')).listHandlers);
