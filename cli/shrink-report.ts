import type { ShrinkOutcome } from '../sim/shrink.ts';
import type { RunFacts, StoryLine } from '../sim/story.ts';

/** The before -> after table of a shrink. */
export function factsTable(before: RunFacts, after: RunFacts, cpuS: number, runs: number):
  string {
  const rows: Array<[string, string, string]> = [
    ['', 'before', 'after'],
    ['events', n(before.events), n(after.events)],
    ['decisions drawn', n(before.decisions), n(after.decisions)],
    ['non-benign decisions', n(before.nonBenign), n(after.nonBenign)],
    ['  lost requests', n(before.lostRequests), n(after.lostRequests)],
    ['  lost replies', n(before.lostReplies), n(after.lostReplies)],
    ['  network delays', n(before.delays), n(after.delays)],
    ['  timing (timeouts, pauses)', n(before.timing), n(after.timing)],
    ['  other choices', n(others(before)), n(others(after))],
    ['crashes', n(before.crashes), n(after.crashes)],
    ['restarts', n(before.restarts), n(after.restarts)],
    ['partitions and disconnects', n(before.partitions), n(after.partitions)],
    ['client operations', n(before.clientOps), n(after.clientOps)],
    ['virtual time', secs(before.virtualMs), secs(after.virtualMs)],
    ['shrink', '', `${runs} runs, ${cpuS.toFixed(1)} s CPU`],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd())
    .join('\n');
}

function others(f: RunFacts): number {
  return f.nonBenign - f.lostRequests - f.lostReplies - f.delays - f.timing;
}

function n(x: number): string {
  return String(x);
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function minimalityLine(o: ShrinkOutcome, size: number): string {
  switch (o.minimality.kind) {
    case '1-minimal':
      return size === 0
        ? '1-minimal: the run fails with every decision benign (the scenario alone makes it fail)'
        : `1-minimal: making any one of the ${size} remaining decisions benign makes the ` +
          'failure go away (each checked by a run)';
    case 'budget':
      return `not verified 1-minimal: the run budget ran out before each of the ${size} ` +
        'decisions was tried alone (raise --max-runs)';
  }
}

/** Story lines as the replay prints trace lines: time, who, what. */
export function storyText(lines: readonly StoryLine[]): string {
  return lines.map((l) => `${String(l.time).padStart(8)}  ${l.who.padEnd(7)} ${l.what}`)
    .join('\n');
}
