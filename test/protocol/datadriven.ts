/**
 * Data-driven test files (cockroachdb/datadriven, as etcd's raft uses them): a file is a list
 * of cases, each a command line, a `----` line and the expected output, which ends at the first
 * blank line. Lines starting with `#` and blank lines between cases are comments. Outputs never
 * contain blank lines (the harness prints `ok` for nothing).
 */
export interface Case {
  /** Comment and blank lines before the command, kept as they are when rewriting. */
  readonly before: readonly string[];
  readonly command: string;
  /** 1-based line of the command. */
  readonly line: number;
  readonly expected: string;
}

export interface Testdata {
  readonly cases: readonly Case[];
  /** Comment and blank lines after the last case. */
  readonly after: readonly string[];
}

export function parseTestdata(path: string, text: string): Testdata {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const cases: Case[] = [];
  let before: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || l.startsWith('#')) {
      before.push(l);
      continue;
    }
    if (lines[i + 1] !== '----') throw new Error(`${path}:${i + 2}: expected ---- after '${l}'`);
    let j = i + 2;
    while (j < lines.length && lines[j]!.trim() !== '') j++;
    cases.push({ before, command: l, line: i + 1, expected: lines.slice(i + 2, j).join('\n') });
    before = [];
    i = j - 1;
  }
  return { cases, after: before };
}

/** The file again, with `outputs[k]` as the expected output of case k. */
export function renderTestdata(data: Testdata, outputs: readonly string[]): string {
  const out: string[] = [];
  data.cases.forEach((c, k) => out.push(...c.before, c.command, '----', outputs[k]!));
  out.push(...data.after);
  return `${out.join('\n')}\n`;
}
