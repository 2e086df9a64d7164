import test from 'ava';
import { readFileSync } from 'node:fs';
import { renderCatalogue } from '../scenarios/catalogue.ts';

test('docs/scenarios.md is the generated catalogue of every scenario (npm run docs:scenarios)',
  (t) => {
    const doc = readFileSync(new URL('../docs/scenarios.md', import.meta.url), 'utf8');
    t.is(doc, renderCatalogue());
  });
