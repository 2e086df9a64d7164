/**
 * `node --import=tsx bench/checker-split.ts [--no-partition] FILE...`: what `raftsim check
 * --json` does to each file (read, parse, check, explain a failure), in one fresh process, but
 * printing the search's time and the explanation's apart, one JSON line per file:
 * {file, verdict, searchMs, explainMs}. bench/checker-vs-porcupine.ts bundles and runs it for
 * its "search" column, as Porcupine's CheckEvents only searches. The clock is read here only to
 * report.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';

const args = process.argv.slice(2);
const partition = !args.includes('--no-partition');
for (const file of args.filter((a) => a !== '--no-partition')) {
  const { model, ops } = loadHistory(readFileSync(file, 'utf8'), file);
  const started = performance.now();
  const result = check(model, ops, { partition });
  const searched = performance.now();
  explain(model, ops, result);
  const searchMs = searched - started;
  const explainMs = performance.now() - searched;
  console.log(JSON.stringify({ file, verdict: result.verdict, searchMs, explainMs }));
}
