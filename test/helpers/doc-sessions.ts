import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The shell sessions the README and docs/ show, read from their Markdown (test/docs-commands
 * runs them). A session is a fenced block with lines that start with `$ `: each such line is a
 * command, and the lines after it, up to the next `$ ` line, are its output as a terminal shows
 * it (stdout and stderr). A block indented in a list item is read with its indentation removed.
 * `<!-- not run: why -->` on the line before a block leaves it out; nothing else does.
 */
export interface Step {
  readonly command: string;
  readonly expected: readonly string[];
}

export interface Session {
  /** `docs/checker.md:42`: where the block starts. */
  readonly where: string;
  readonly steps: readonly Step[];
  /** Why it is not run (`<!-- not run: ... -->`), or null. */
  readonly notRun: string | null;
}

export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function sessionsOf(file: string, text: string): Session[] {
  const lines = text.split('\n');
  const out: Session[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```/.exec(lines[i]!);
    if (open === null) continue;
    const indent = open[1]!.length;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const body = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, leading(l))));
    const before = lines.slice(0, i).reverse().find((l) => l.trim() !== '') ?? '';
    const notRun = /<!--\s*not run:\s*(.*?)\s*-->/.exec(before)?.[1] ?? null;
    if (body.some((l) => l.startsWith('$ '))) {
      out.push({ where: `${file}:${i + 1}`, steps: stepsOf(body), notRun });
    }
    i = end;
  }
  return out;
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

function stepsOf(body: readonly string[]): Step[] {
  const steps: Array<{ command: string; expected: string[] }> = [];
  for (const line of body) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (steps.length > 0) steps.at(-1)!.expected.push(line);
  }
  return steps;
}

/**
 * Wall-clock figures vary from run to run and machine to machine; both sides are normalised the
 * same way: `wall=12ms`, `41 ms`, `in 4.27 s of wall time (128x real time)`, `"wallMs":10`,
 * `2.1 s CPU`, `"cpuSeconds":2.1`, explore's `in 3.4 s of wall time: 11.7 runs/s; 1.8 s of
 * CPU`, the code's fingerprint (`this code 7d37f01532d4f6c1`: every commit changes it), an
 * `ls -l` date; then runs of spaces count as one (columns shift with the widths) and trailing
 * spaces go.
 */
export function normalise(line: string): string {
  return line
    .replace(/wall=\d+ms/g, 'wall=Nms')
    .replace(/\b\d+(\.\d+)? ms\b/g, 'N ms')
    .replace(/in [\d.]+ s of wall time \(\d+x real time\)/g, 'in N s of wall time (Nx real time)')
    .replace(/in [\d.]+ s of wall time: [\d.]+ runs\/s; [\d.]+ s of CPU/g,
      'in N s of wall time: N runs/s; N s of CPU')
    .replace(/"wallMs":\d+/g, '"wallMs":N')
    .replace(/\b\d+(\.\d+)? s CPU\b/g, 'N s CPU')
    .replace(/this code [0-9a-f]{16}\b/g, 'this code H')
    .replace(/"cpuSeconds":[\d.]+/g, '"cpuSeconds":N')
    .replace(/ +/g, ' ')
    .trimEnd();
}

/** Does `actual` match `expected`, where an expected line `...` stands for any lines? */
export function linesMatch(expected: readonly string[], actual: readonly string[]): boolean {
  const n = actual.length;
  // ok[j]: expected[i..] matches actual[j..], computed from the last expected line back.
  let ok = Array.from({ length: n + 1 }, (_, j) => j === n);
  for (let i = expected.length - 1; i >= 0; i--) {
    const cur = new Array<boolean>(n + 1).fill(false);
    const wild = expected[i]!.trim() === '...';
    for (let j = n; j >= 0; j--) {
      cur[j] = wild ? ok[j]! || (j < n && cur[j + 1]!)
        : j < n && expected[i] === actual[j] && ok[j + 1]!;
    }
    ok = cur;
  }
  return ok[0]!;
}

export function readDoc(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

/**
 * UPDATE_DOCS=1: the output a doc should show for a step whose output changed. Untrimmed
 * output is replaced whole; output trimmed with one `...` line keeps the same number of lines
 * before and after it. Output trimmed more finely is left alone (returns null): edit it by hand.
 */
export function updatedExpected(expected: readonly string[], printed: readonly string[]):
  string[] | null {
  // A line equal up to wall-clock figures keeps the doc's figures.
  const kept = new Map(expected.map((l) => [normalise(l), l] as const));
  const actual = printed.map((l) => kept.get(normalise(l)) ?? l);
  const cuts = expected.filter((l) => l.trim() === '...').length;
  if (cuts === 0) return [...actual];
  if (cuts > 1) return realigned(expected, actual);
  const at = expected.findIndex((l) => l.trim() === '...');
  const head = at;
  const tail = expected.length - at - 1;
  if (actual.length <= head + tail) return [...actual];
  return [...actual.slice(0, head), '...', ...actual.slice(actual.length - tail)];
}

/**
 * Finely trimmed output: each line the doc kept is matched, in order, to a printed line that
 * is the same but for event numbers (`#12`) and an unreachable call's delay, and replaced by it;
 * null if some line has no match.
 */
function realigned(expected: readonly string[], actual: readonly string[]): string[] | null {
  const key = (l: string): string => normalise(l).replace(/#\d+/, '#')
    .replace(/: unreachable(, fails in \d+ms)?$/, ': unreachable');
  const out: string[] = [];
  let j = 0;
  for (const line of expected) {
    if (line.trim() === '...') {
      out.push(line);
      continue;
    }
    while (j < actual.length && key(actual[j]!) !== key(line)) j++;
    if (j === actual.length) return null;
    out.push(actual[j++]!);
  }
  return out;
}

/** The doc's text with the block at `where` (file:line of its fence) given new step outputs. */
export function rewriteBlock(text: string, line: number, outputs: readonly (string[] | null)[]):
  string {
  const lines = text.split('\n');
  const indent = /^(\s*)```/.exec(lines[line - 1]!)![1]!;
  let end = line;
  while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
  const body = lines.slice(line, end).map((l) => l.slice(Math.min(indent.length, leading(l))));
  const steps = stepsOf(body);
  const out: string[] = [];
  steps.forEach((st, k) => {
    out.push(`$ ${st.command}`, ...(outputs[k] ?? st.expected));
  });
  while (out.at(-1) === '') out.pop();
  const rebuilt = out.map((l) => (l === '' ? l : indent + l));
  return [...lines.slice(0, line), ...rebuilt, ...lines.slice(end)].join('\n');
}
