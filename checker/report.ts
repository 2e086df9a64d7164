import type { Explanation, MinimalHistory } from './explain.ts';
import type { CheckResult, Operation, Verdict } from './types.ts';

/** How verdicts read in reports and in `--json` output. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  ok: 'linearizable',
  illegal: 'not linearizable',
  unknown: 'unknown',
};

/** The JSON form of an explanation: ops named by index and input line. */
export function explanationJson(ops: readonly Operation[], e: Explanation): object {
  const ref = (i: number) => ({ op: i, line: ops[i]!.line ?? null, client: ops[i]!.client });
  return {
    part: e.label,
    initialState: e.initialState,
    longestPrefix: e.prefix.map((p) => ({
      ...ref(p.op), does: p.description, stateAfter: p.stateAfter,
    })),
    couldNotComeNext: e.stuck.map((s) => ({ ...ref(s.op), does: s.description, reason: s.reason })),
    minimalFailing: {
      ops: e.minimal.ops.map((i, k) => ({ ...ref(i), does: e.minimal.descriptions[k] })),
      minimal: e.minimal.minimal,
      cut: e.minimal.cut,
    },
  };
}

const PREFIX_SHOWN = 8;
const MINIMAL_SHOWN = 20;

/** The human explanation printed under "not linearizable". */
export function explanationText(ops: readonly Operation[], e: Explanation): string[] {
  const lines: string[] = [];
  const n = e.prefix.length;
  lines.push(`  part ${e.label}: the longest linearizable prefix has ${n} op${n === 1 ? '' : 's'}`
    + ` (initial state ${e.initialState})`);
  if (n > PREFIX_SHOWN) lines.push(`    ... ${n - PREFIX_SHOWN} earlier`);
  for (const p of e.prefix.slice(-PREFIX_SHOWN)) {
    lines.push(`    ${opText(ops, p.op, p.description)}  => ${p.stateAfter}`);
  }
  lines.push(`  could not come next${n > 0 ? ` (state ${e.prefix[n - 1]!.stateAfter})` : ''}:`);
  for (const s of e.stuck) {
    const why = s.reason === 'illegal' ? 'illegal here' : 'legal, but leads to a dead end';
    lines.push(`    ${opText(ops, s.op, s.description)}  <- ${why}`);
  }
  const k = e.minimal.ops.length;
  // "Each needed": without any one, the rest is linearizable or some result has no cause left.
  const note = e.minimal.minimal ? 'each needed' : `${cutText(e.minimal)}, may not be minimal`;
  lines.push(`  minimal failing sub-history (${k} op${k === 1 ? '' : 's'}, ${note}):`);
  e.minimal.ops.slice(0, MINIMAL_SHOWN)
    .forEach((i, k) => lines.push(`    ${opText(ops, i, e.minimal.descriptions[k]!)}`));
  if (k > MINIMAL_SHOWN) lines.push(`    ... ${k - MINIMAL_SHOWN} more (all in --json)`);
  return lines;
}

/** What stopped the shrinking: `step budget ran out after 12 trials`. */
function cutText(m: MinimalHistory): string {
  const budget = m.cut === 'time' ? 'time budget' : 'step budget';
  return `${budget} ran out after ${m.trials} trial${m.trials === 1 ? '' : 's'}`;
}

/** `line 158  client 8  [157, 158]  get("0") -> "x"` (a pending op ends in "..."). */
export function opText(ops: readonly Operation[], i: number, description: string): string {
  const op = ops[i]!;
  const where = op.line ? `line ${op.line}` : `op ${i}`;
  const span = `[${op.call}, ${op.return === null ? '...' : op.return}]`;
  return `${where}  client ${op.client}  ${span}  ${description}`;
}

/** One line per file: `FILE: verdict (N ops, P parts, S steps)`. */
export function summaryLine(file: string, ops: number, result: CheckResult, wallMs?: number)
  : string {
  const parts = result.parts.length;
  const facts = [`${ops} ops`, `${parts} part${parts === 1 ? '' : 's'}`, `${result.steps} steps`];
  if (wallMs !== undefined) facts.push(`${wallMs} ms`);
  let verdict = VERDICT_TEXT[result.verdict];
  if (result.verdict === 'unknown') {
    verdict += result.stoppedBy === 'steps' ? ' (step budget exhausted, no violation found)'
      : ' (time budget exhausted, no violation found)';
  }
  return `${file}: ${verdict} (${facts.join(', ')})`;
}
