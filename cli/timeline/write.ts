import { writeOutput } from '../files.ts';
import { timelinePage, type TimelineRun } from './index.ts';

/** `replay --html FILE`: write the page (refusing an existing FILE unless forced). */
export function writeTimeline(run: TimelineRun, file: string, force: boolean,
  out: (s: string) => void): void {
  const { html, data } = timelinePage(run);
  writeOutput('raftsim replay', file, html, force);
  const kb = Math.round(Buffer.byteLength(html) / 1024);
  const lin = data.meta.lin === null ? '' : `, linearizability view (${data.meta.lin.verdict})`;
  out(`wrote the run timeline (${data.t.length} events, ${data.msgs.length} messages, ` +
    `${data.ops.length} client ops${lin}; ${kb} KB) to ${file}`);
}
