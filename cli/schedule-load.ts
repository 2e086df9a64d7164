import { readFileSync } from 'node:fs';
import { findBug, type KnownBug } from '../scenarios/bugs/index.ts';
import { EXPLORE_ID, exploreScenario } from '../scenarios/explore/scenario.ts';
import { parseSpec, SpecError } from '../scenarios/explore/spec.ts';
import type { Scenario } from '../sim/scenario.ts';
import {
  decodeScheduleFile, ScheduleFileError, scheduleOf, type ScheduleFile,
} from '../sim/schedule-file.ts';
import type { Schedule } from '../sim/schedule.ts';
import { UsageError } from './errors.ts';
import { codeFingerprint } from './fingerprint.ts';
import type { ImplChoice, Implementation } from './impl.ts';

export interface LoadedSchedule {
  readonly file: ScheduleFile;
  readonly schedule: Schedule;
  /** The known-bad variant the file was made on (null: the real implementation). */
  readonly bug: KnownBug | null;
  /** What the file was made on, as flags would choose it (its modules by their paths). */
  readonly choice: ImplChoice;
  /** A generated run's scenario, rebuilt from the file's spec (null for a named scenario). */
  readonly scenario: Scenario | null;
}

/**
 * Read a schedule file for scenario `id`. Every problem is a one-line UsageError (exit 2): an
 * unreadable or malformed file, a file for another scenario, an unknown variant, or a file made
 * by other code (unless `allowStale`: then `warn` says so and the run may differ).
 */
export function loadSchedule(path: string, id: string, allowStale: boolean,
  warn: (s: string) => void, stdin: () => string = () => readFileSync(0, 'utf8')):
  LoadedSchedule {
  let text: string;
  try {
    text = path === '-' ? stdin() : readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let file: ScheduleFile;
  let schedule: Schedule;
  try {
    file = decodeScheduleFile(text, path);
    schedule = scheduleOf(file);
  } catch (e) {
    if (e instanceof ScheduleFileError) throw new UsageError(e.message);
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  if (file.scenario !== id) {
    throw new UsageError(`${path} is a schedule for ${file.scenario}, not ${id}`);
  }
  const scenario = scenarioOfFile(file, path);
  const bug = file.bug === null ? null : findBug(file.bug) ?? null;
  if (file.bug !== null && bug === null) {
    throw new UsageError(`${path} was made on an unknown variant '${file.bug}'`);
  }
  const mine = codeFingerprint();
  if (file.fingerprint !== mine) {
    const what = `${path} was made by other code (fingerprint ${file.fingerprint}, this code ` +
      `${mine})`;
    if (!allowStale) {
      throw new UsageError(`${what}: record it again with raftsim shrink, or pass ` +
        '--allow-stale to replay it anyway');
    }
    warn(`warning: ${what}; the run may differ from the one recorded`);
  }
  const choice = { bug, impl: file.impl?.path, kvImpl: file.kvImpl?.path };
  return { file, schedule, bug, choice, scenario };
}

/**
 * A schedule replayed on a user's module must have been made on that module's source: a file
 * made on another Raft (or on this one before an edit) would silently replay a different run,
 * so it is refused like a file made by other code, unless `allowStale` (then `warn` says so).
 */
export function checkScheduleModules(path: string, file: ScheduleFile, impl: Implementation,
  allowStale: boolean, warn: (s: string) => void): void {
  const layers = [['Raft', file.impl, impl.raft], ['KV service', file.kvImpl, impl.kv]] as const;
  for (const [layer, made, now] of layers) {
    if (now === null || made?.hash === now.hash) continue;
    const on = made == null ? (file.bug === null ? 'the real implementation' : `'${file.bug}'`)
      : `${made.path} (source ${made.hash})`;
    const what = made?.path === now.path
      ? `${path} was made on ${now.path} as it was then (source ${made.hash}); it has ` +
        `changed since (source ${now.hash})`
      : `${path} was made on ${on}, not on the ${layer} in ${now.path} (source ${now.hash})`;
    if (!allowStale) {
      throw new UsageError(`${what}: record it again with raftsim shrink, or pass ` +
        '--allow-stale to replay it anyway');
    }
    warn(`warning: ${what}; the run may differ from the one recorded`);
  }
}

/**
 * The scenario a file replays when it is a generated run's (`explore`, with a spec); null for a
 * named scenario. A spec on another scenario, or none on `explore`, is a malformed file.
 */
function scenarioOfFile(file: ScheduleFile, path: string): Scenario | null {
  if (file.scenario !== EXPLORE_ID) {
    if (file.spec !== undefined) {
      throw new UsageError(`${path}: a spec on scenario ${file.scenario}`);
    }
    return null;
  }
  if (file.spec === undefined) throw new UsageError(`${path}: an explore schedule without a spec`);
  try {
    return exploreScenario(parseSpec(file.spec));
  } catch (e) {
    if (e instanceof SpecError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}
