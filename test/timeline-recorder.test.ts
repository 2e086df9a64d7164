import test, { type ExecutionContext } from 'ava';
import { findBug } from '../scenarios/bugs/index.ts';
import { findScenario } from '../scenarios/index.ts';
import { CLIENT_ID_BASE } from '../sim/kv-client.ts';
import type { ObsEvent, Recording } from '../sim/observe-recorder.ts';
import { runScenario } from '../sim/runner.ts';
import type { TraceLine } from '../sim/trace.ts';
import { World } from '../sim/world.ts';
import { CheckedRecorder, recordRun, type TrueLog } from './helpers/timeline.ts';

/**
 * The structured observation channel (sim/observe.ts) and its recorder (sim/recorder.ts):
 * observing changes nothing in a run, and the recording agrees with itself, with the run's
 * trace and counters, and with the nodes' real logs.
 */

/** Election only; crashes and restarts; an unreliable network with crashes and snapshots; KV
 * clients with partitions (2025, 2024 and the C++ lab's clients); setSlow; known-bad variants. */
const RUNS: readonly [string, number, string?][] = [
  ['InitialElection3A', 1], ['Persist23C', 3], ['SnapshotInstallUnCrash3D', 2],
  ['OnePartition4B', 1], ['kv2024/OnePartition4A', 2], ['cpp/T3', 1],
  ['paper/OutOfOrderAppend', 1], ['paper/Figure8', 1, 'commit-prior-term-by-count'],
  ['paper/DuplicateAppend', 2, 'no-dedup'],
];
const name = (id: string, bug?: string): string => `${id}${bug ? ` --bug ${bug}` : ''}`;

test('a World without an observer has none, and neither has its network', (t) => {
  const world = new World(1, null);
  t.is(world.observer, null);
  t.is(world.network.observer, null);
});

for (const [id, seed, bug] of RUNS) {
  test(`${name(id, bug)}: observing leaves the run and its trace unchanged`, (t) => {
    const scenario = findScenario(id)!;
    const opts = findBug(bug ?? '')?.run ?? {};
    const plainLines: TraceLine[] = [];
    const seenLines: TraceLine[] = [];
    const plain = runScenario(scenario, seed, { ...opts, sink: (l) => plainLines.push(l) });
    const seen = runScenario(scenario, seed,
      { ...opts, sink: (l) => seenLines.push(l), observer: new CheckedRecorder() });
    const hashOnly = recordRun(id, seed, bug).result;
    t.is(seen.traceHash, plain.traceHash);
    t.is(hashOnly.traceHash, plain.traceHash);
    t.is(seen.events, plain.events);
    t.deepEqual(seen.failure, plain.failure);
    t.deepEqual(seenLines, plainLines);
    t.is(plain.ok, bug === undefined, 'the real code passes, the known-bad variant fails');
  });

  test(`${name(id, bug)}: message ids match their sends, deliveries and losses`, (t) => {
    const { recording: r, result } = recordRun(id, seed, bug);
    checkMessages(t, r);
    t.is(r.messages.filter((m) => !m.reply).length, result.rpcs, 'one request per RPC counted');
    const times = r.events.map((e) => e.t);
    t.deepEqual(times, [...times].sort((a, b) => a - b), 'events in time order');
    t.is(r.events.at(-1)!.k, 'end');
    t.is(times.at(-1), result.simMs);
  });

  test(`${name(id, bug)}: the recorded log writes rebuild every server's real log`, (t) => {
    const run = recordRun(id, seed, bug);
    t.is(run.recording.resyncs, 0);
    t.deepEqual(rebuildLogs(run.recording), run.logs);
  });
}

test('delivered Raft messages are exactly the trace\'s recv lines', (t) => {
  for (const [id, seed, bug] of RUNS) {
    const lines: TraceLine[] = [];
    const rec = new CheckedRecorder();
    runScenario(findScenario(id)!, seed, { ...findBug(bug ?? '')?.run, observer: rec,
      sink: (l) => lines.push(l) });
    const raft = rec.recording().messages.filter((m) => m.fate === 'delivered' &&
      /^(RequestVote|AppendEntries|InstallSnapshot)$/.test(m.type));
    t.is(raft.length, lines.filter((l) => l.what.startsWith('recv ')).length, id);
  }
});

test('client ops: one per Clerk call, linked to the history op the run recorded', (t) => {
  const { recording: r, result } = recordRun('OnePartition4B', 1);
  const history = result.histories[0]!;
  t.true(r.ops.length > 10);
  t.is(r.ops.length, history.ops.length, 'the 2025 clients record every op');
  r.ops.forEach((op, k) => {
    t.is(op.history, history.ops[k]);
    t.is(op.client, CLIENT_ID_BASE + history.ops[k]!.client);
    t.is(r.events[op.invoke]!.t, history.ops[k]!.call);
    if (op.ret !== null) t.is(r.events[op.ret]!.t, history.ops[k]!.return ?? -1);
  });
  t.regex(r.ops[0]!.desc, /^(Get|Put)\(/);
});

test('a partition is recorded with its groups, then the links it changed', (t) => {
  const { recording: r } = recordRun('OnePartition4B', 1);
  const k = r.events.findIndex((e) => e.k === 'partition');
  t.true(k > 0);
  const e = r.events[k] as Extract<ObsEvent, { k: 'partition' }>;
  t.is(e.groups.flat().length, 5);
  const links = r.events.slice(k + 1).filter((x) => x.t === e.t && x.k === 'link');
  const side = new Map(e.groups.flatMap((g, i) => g.map((s) => [s, i] as const)));
  for (const l of links) {
    if (l.k === 'link') t.is(l.on, side.get(l.from) === side.get(l.to));
  }
  t.true(links.some((l) => l.k === 'link' && !l.on));
});

function checkMessages(t: ExecutionContext, r: Recording): void {
  const seen = new Map<number, ObsEvent['k'][]>();
  r.events.forEach((e) => {
    if ('msg' in e && e.k !== 'fail') seen.set(e.msg, [...(seen.get(e.msg) ?? []), e.k]);
  });
  const requests = new Map(r.messages.filter((m) => !m.reply).map((m) => [m.rpc, m]));
  for (const m of r.messages) {
    const sent = r.events[m.sent]!;
    t.true('msg' in sent && sent.msg === m.id, `message ${m.id}: its send event names it`);
    const kinds = seen.get(m.id) ?? [];
    const expect = m.fate === 'abandoned' ? ['drop'] : m.fate === 'in flight' ? ['send']
      : ['send', m.fate === 'delivered' ? 'recv' : 'drop'];
    t.deepEqual(kinds, expect, `message ${m.id} (${m.fate})`);
    if (m.end !== null) {
      const end = r.events[m.end]!;
      t.true('msg' in end && end.msg === m.id && m.end >= m.sent);
    }
    if (!m.reply) continue;
    const req = requests.get(m.rpc)!;
    t.is(req.fate, 'delivered', 'only a delivered request is answered');
    t.true(m.sent > req.end!);
    t.deepEqual([m.from, m.to, m.type], [req.to, req.from, req.type]);
  }
}

/** Apply the recording's log events as the page does: the page's rule, written independently. */
function rebuildLogs(r: Recording): TrueLog[] {
  const logs: { snapshotIndex: number; terms: number[] }[] = [];
  for (const e of r.events) {
    if (e.k === 'start') {
      logs[e.server] = { snapshotIndex: e.log.snapshotIndex,
        terms: e.log.entries.map((x) => x.term) };
    }
    if (e.k !== 'state') continue;
    const log = logs[e.server]!;
    for (const w of e.writes) {
      log.terms.splice(w.from - log.snapshotIndex - 1, Infinity,
        ...w.entries.map((x) => x.term));
    }
    const s = e.status;
    log.terms = log.terms.slice(Math.max(0, s.snapshotIndex - log.snapshotIndex))
      .slice(0, s.lastIndex - s.snapshotIndex);
    log.snapshotIndex = s.snapshotIndex;
  }
  return logs;
}
