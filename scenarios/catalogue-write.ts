import { writeFileSync } from 'node:fs';
import { renderCatalogue } from './catalogue.ts';

// `npm run docs:scenarios`: regenerate docs/scenarios.md from the scenario list.
writeFileSync(new URL('../docs/scenarios.md', import.meta.url), renderCatalogue());
