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
