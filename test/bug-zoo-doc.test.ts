import test from 'ava';
import { readFileSync } from 'node:fs';
import { CATCHES, UNCAUGHT } from '../scenarios/bugs/catches.ts';
import { knownBugs } from '../scenarios/bugs/index.ts';
import { renderCourseTable, withCourseTable } from '../scenarios/bugs/zoo-table.ts';

const page = readFileSync(new URL('../docs/bug-zoo.md', import.meta.url), 'utf8');

test('docs/bug-zoo.md\'s course table is the one catches.ts renders (npm run docs:bug-zoo)',
  (t) => {
    t.true(page.includes(`${renderCourseTable()}\n`));
    t.is(withCourseTable(page), page);
  });

test('the course table has a row per variant, "none" exactly for those without a course row',
  (t) => {
    const rows = renderCourseTable().split('\n').slice(2);
    t.is(rows.length, knownBugs.length);
    const none = knownBugs.filter((b) => !CATCHES.some((c) => c.bug === b.id &&
      c.source === 'course')).map((b) => b.id);
    t.deepEqual(rows.filter((r) => r.includes('none (see below)'))
      .map((r) => /`([^`]+)`/.exec(r)![1]), none);
    // Every variant without any catching run is among them, and the page explains each one.
    for (const id of Object.keys(UNCAUGHT)) t.true(none.includes(id), id);
    for (const id of none) t.true(page.includes(`- **\`${id}\`**`), `no paragraph for ${id}`);
  });

test('the side-by-side table\'s course and paper/ columns agree with catches.ts', (t) => {
  const lines = page.split('\n');
  const head = lines.findIndex((l) => l.startsWith('| # | variant | course run (first) |'));
  t.not(head, -1);
  let end = head;
  while (lines[end]?.startsWith('|') === true) end++;
  const rows = lines.slice(head + 2, end)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  t.deepEqual(rows.map((r) => r[1]), knownBugs.map((b) => `\`${b.id}\``));
  for (const b of knownBugs) {
    const row = rows.find((r) => r[1] === `\`${b.id}\``)!;
    const first = CATCHES.find((c) => c.bug === b.id && c.source === 'course');
    t.is(row[2], first === undefined ? 'none (see above)'
      : `\`${first.scenario}\` seed ${first.seed}`);
    const paper = CATCHES.find((c) => c.bug === b.id && c.source === 'paper');
    t.is(row[3], paper === undefined ? '' : `\`${paper.scenario}\``, b.id);
  }
});
