import { readFileSync, writeFileSync } from 'node:fs';
import { withCourseTable } from './zoo-table.ts';

// `npm run docs:bug-zoo`: rewrite docs/bug-zoo.md's course table from scenarios/bugs/catches.ts.
const page = new URL('../../docs/bug-zoo.md', import.meta.url);
writeFileSync(page, withCourseTable(readFileSync(page, 'utf8')));
