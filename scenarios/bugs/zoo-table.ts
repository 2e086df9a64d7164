import { CATCHES, type Catch } from './catches.ts';
import { knownBugs } from './index.ts';

/**
 * The course table of docs/bug-zoo.md ("What the course suites catch"), rendered from
 * scenarios/bugs/catches.ts so the page cannot drift from the runs the tests pin:
 * test/bug-zoo-doc.test.ts compares the page with it, and `npm run docs:bug-zoo` writes it.
 * One row per variant, in catalogue order: its first course row (or "none"), that row's check,
 * and its other rows, each with its own check where that differs.
 */
export const COURSE_TABLE_HEAD = '| # | variant | course run that catches it | check that fires ' +
  '| more rows |';

function where(c: Catch): string {
  return c.source === 'paper' ? `\`${c.scenario}\`` : `\`${c.scenario}\` ${c.seed}`;
}

function courseRow(id: string, catalogue: number): string {
  const rows = CATCHES.filter((c) => c.bug === id);
  const first = rows.find((c) => c.source === 'course');
  const more = rows.filter((c) => c !== first)
    .map((c) => (first !== undefined && c.check === first.check ? where(c)
      : `${where(c)} (${c.check})`));
  const run = first === undefined ? 'none (see below)'
    : `\`${first.scenario}\` seed ${first.seed}`;
  return `| ${catalogue} | \`${id}\` | ${run} | ${first?.check ?? ''} | ${more.join(', ')} |`;
}

export function renderCourseTable(): string {
  return [COURSE_TABLE_HEAD, '|---|---|---|---|---|',
    ...knownBugs.map((b) => courseRow(b.id, b.catalogue))].join('\n');
}

/** The page with its course table (the head line and the rows under it) replaced. */
export function withCourseTable(page: string): string {
  const lines = page.split('\n');
  const start = lines.indexOf(COURSE_TABLE_HEAD);
  if (start === -1) throw new Error('docs/bug-zoo.md: the course table\'s head is missing');
  let end = start;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  return [...lines.slice(0, start), renderCourseTable(), ...lines.slice(end)].join('\n');
}
