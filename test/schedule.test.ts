import test from 'ava';
import { findScenario, allScenarios } from '../scenarios/index.ts';
import { Draws, RandomStreams, type Site } from '../sim/random.ts';
import { Recorder, scheduleOfRecorded } from '../sim/recorder.ts';
import { runScenario } from '../sim/runner.ts';
import { Schedule } from '../sim/schedule.ts';

/**
 * Draws as decisions (sim/random.ts, docs/shrinking.md): a recording replays the seed run
 * exactly, a schedule lists only non-benign decisions, and everything else is benign.
 */

const CLOCK = { now: 0, executed: 0 };
const SITE: Site = { name: 'pick' };
const OFFSET: Site = { name: 'offset', benign: 7 };
const DATA: Site = { name: 'value', kind: 'data' };
const COIN: Site = { name: 'coin' };
const COIN2: Site = { name: 'coin below' };

function recorded(seed: number, draw: (s: RandomStreams) => void): Recorder {
  const rec = new Recorder(CLOCK);
  draw(new RandomStreams(new Draws(seed, null, rec)));
  return rec;
}

test('a recording replays its seed run draw for draw, and lists only non-benign decisions', (t) => {
  const draw = (s: RandomStreams): number[] => {
    const out: number[] = [];
    for (let i = 0; i < 200; i++) {
      out.push(s.get('a').below(10, SITE), s.get('b').below(20, OFFSET));
      out.push(s.get('a').chance(1, 4, COIN) ? 1 : 0, s.get('a').chanceBelow(1, 4, COIN2) ? 1 : 0);
      out.push(s.get('c').data(1000, DATA));
    }
    return out;
  };
  const passive = draw(new RandomStreams(5));
  const rec = new Recorder(CLOCK);
  const seeded = draw(new RandomStreams(new Draws(5, null, rec)));
  t.deepEqual(seeded, passive, 'recording changes no draw');
  const replayed = draw(new RandomStreams(new Draws(5, rec.toSchedule())));
  t.deepEqual(replayed, passive, 'the schedule replays every draw');
  t.is(rec.totalDecisions, 800);
  t.true(rec.decisions.every((d) => d.value > 0));
  // The benign value of OFFSET is 7: a drawn 7 is not listed, anything else is, relative to 7.
  for (const d of rec.decisions.filter((x) => x.site === 'offset' && x.bound === 20)) {
    t.is(d.value, (d.drawn - 7 + 20) % 20);
  }
});

test('a schedule: unlisted decisions are benign, listed ones are clamped to the bound', (t) => {
  const schedule = new Schedule([
    { stream: 'a', site: 'pick', at: 0, nth: 2, value: 3 },
    { stream: 'a', site: 'pick', at: 0, nth: 4, value: 99 },
    { stream: 'b', site: 'offset', at: 0, nth: 0, value: 5 },
  ]);
  const s = new RandomStreams(new Draws(1, schedule));
  const a = Array.from({ length: 6 }, () => s.get('a').below(10, SITE));
  t.deepEqual(a, [0, 0, 3, 0, 9, 0]);
  t.deepEqual([s.get('b').below(20, OFFSET), s.get('b').below(20, OFFSET)], [12, 7]);
  t.false(s.get('a').chance(999, 1000, { name: 'never listed' }));
});

test('a schedule replays recorded data and draws data past the recording from the seed', (t) => {
  const rec = recorded(3, (s) => {
    for (let i = 0; i < 5; i++) s.get('w').data(100, DATA);
  });
  const data = rec.recordedData();
  const replay = (seed: number): number[] => {
    const s = new RandomStreams(new Draws(seed, new Schedule([], data)));
    return Array.from({ length: 8 }, () => s.get('w').data(100, DATA));
  };
  const a = replay(3);
  t.deepEqual(a.slice(0, 5), [...data.w!.value!]);
  t.deepEqual(replay(3), a, 'deterministic past the recording');
  t.notDeepEqual(replay(4).slice(5), a.slice(5), 'past the recording: the seed decides');
});

test('sites count their own ordinals: a draw at one site never shifts another', (t) => {
  const schedule = new Schedule([{ stream: 'a', site: 'offset', at: 0, nth: 1, value: 1 }]);
  const s = new RandomStreams(new Draws(1, schedule));
  s.get('a').below(10, SITE);
  s.get('a').below(10, SITE);
  t.is(s.get('a').below(20, OFFSET), 7);
  s.get('a').below(10, SITE);
  t.is(s.get('a').below(20, OFFSET), 8);
});

test('keyed by order, a decision on a timed stream stays with its draw when time moves', (t) => {
  // A run drew at 10, 20 and 30 ms; a shrink candidate made something earlier benign, and the
  // same draws now come at 5, 15 and 25 ms.
  const clock = { now: 0, executed: 0 };
  const rec = new Recorder(clock);
  const original = new RandomStreams(new Draws(1, new Schedule([
    { stream: 'net', site: 'pick', at: 20, nth: 0, value: 3 }]), rec, clock));
  for (const ms of [10, 20, 30]) {
    clock.now = ms;
    original.get('net').below(10, SITE);
  }
  const [d] = rec.decisions;
  t.like(d, { at: 20, nth: 0, ordinal: 1, ms: 20, value: 3 });
  const shifted = (keying: 'time' | 'order'): number[] => {
    const c = { now: 0, executed: 0 };
    const s = new RandomStreams(new Draws(1, scheduleOfRecorded(rec.decisions, {}, keying),
      null, c));
    return [5, 15, 25].map((ms) => {
      c.now = ms;
      return s.get('net').below(10, SITE);
    });
  };
  t.deepEqual(shifted('order'), [0, 3, 0], 'by order: the second draw, whenever it comes');
  t.deepEqual(shifted('time'), [0, 0, 3], 'by time: the first draw from 20 ms on');
});

/** Scenarios of every family, a few seeds each: recording, then replaying the recording. */
const FAMILY_SAMPLES = [
  ...allScenarios.filter((s) => /3[A-D]$/.test(s.id) && !s.id.includes('/')).map((s) => s.id),
  'Basic4A', 'Snapshot4C', 'Basic4B', 'OnePartition4B', 'SnapshotUnreliable4C',
  'kv2024/Basic4A', 'kv2024/OnePartition4A', 'kv2024/SnapshotUnreliable4B',
  'raft2024/Persist23C', 'raft2024/Figure8Unreliable3C', 'raft2024/SnapshotInstallUnCrash3D',
  ...allScenarios.filter((s) => /^(cpp|paper)\//.test(s.id)).map((s) => s.id),
];

for (const id of FAMILY_SAMPLES) {
  test(`${id}: its recording replays the seed run, keyed by time or order (seeds 1, 2)`, (t) => {
    const scenario = findScenario(id);
    if (scenario === undefined) return t.fail(`no scenario ${id}`);
    for (const seed of [1, 2]) {
      const plain = runScenario(scenario, seed);
      const rec = runScenario(scenario, seed, { record: true });
      t.is(rec.traceHash, plain.traceHash, 'recording changes nothing');
      const again = runScenario(scenario, seed, { schedule: rec.recording!.toSchedule(),
        record: true });
      t.is(again.traceHash, plain.traceHash, `seed ${seed}`);
      t.deepEqual(again.recording!.decisions, rec.recording!.decisions);
      const r = rec.recording!;
      const byOrder = runScenario(scenario, seed,
        { schedule: scheduleOfRecorded(r.decisions, r.recordedData(), 'order') });
      t.is(byOrder.traceHash, plain.traceHash, `seed ${seed}, keyed by order`);
    }
  });
}
