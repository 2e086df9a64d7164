import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownBug } from '../scenarios/bugs/index.ts';
import { EXPLORE_ID } from '../scenarios/explore/scenario.ts';
import type { RunResult } from '../sim/runner.ts';
import { runScenario } from '../sim/runner.ts';
import type { Scenario } from '../sim/scenario.ts';
import { encodeScheduleFile, type ScheduleFile } from '../sim/schedule-file.ts';
import type { Schedule } from '../sim/schedule.ts';
import { UsageError } from './errors.ts';
import { codeFingerprint } from './fingerprint.ts';
import { OutputFile, planOutputs } from './output.ts';
import { loadSchedule } from './schedule-load.ts';

/** One saved failure: a generated run's schedule file. */
export interface CorpusEntry {
  readonly path: string;
  readonly file: ScheduleFile;
  readonly schedule: Schedule;
  readonly scenario: Scenario;
  /** Made by other code (its fingerprint differs): replayed anyway, as a regression. */
  readonly stale: boolean;
}

/**
 * The corpus folder of `raftsim explore --corpus DIR`: every failure found is saved there as a
 * schedule file (docs/shrinking.md, with the generated run's spec), and every file there runs
 * first on the next call, as a regression. A file is named after its content
 * (explore-<hash>.json), so the same failure is saved once and no file is ever rewritten.
 * Hidden files are ignored (the atomic writes' temporary files are hidden); any other file must
 * be an explore schedule file, or the call stops before any run (exit 2).
 */
export class Corpus {
  private constructor(readonly dir: string, readonly entries: readonly CorpusEntry[]) {}

  /**
   * Open the folder and read every entry; a bad entry is a UsageError. A folder that does not
   * exist is made now when `create` (the user named it), else when the first failure is saved.
   */
  static open(dir: string, create: boolean, note: (line: string) => void): Corpus {
    if (!existsSync(dir)) {
      if (!create) return new Corpus(dir, []);
      makeFolder(dir);
    }
    if (!statSync(dir).isDirectory()) throw new UsageError(`--corpus ${dir}: not a folder`);
    // Before any run: a folder that cannot take a file is refused now (the probe is removed).
    planOutputs([new OutputFile('--corpus', join(dir, '.raftsim-probe'))],
      { force: false, inputs: [] });
    const entries: CorpusEntry[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (!name.endsWith('.json') || !statSync(path).isFile()) {
        throw new UsageError(`--corpus ${dir}: ${name} is not a schedule file (.json); the ` +
          'corpus folder holds only the schedule files raftsim explore writes');
      }
      const loaded = loadSchedule(path, EXPLORE_ID, true, () => {});
      const stale = loaded.file.fingerprint !== codeFingerprint();
      if (stale) note(`note: ${path} was made by other code; replayed anyway, as a regression`);
      entries.push({ path, file: loaded.file, schedule: loaded.schedule,
        scenario: loaded.scenario!, stale });
    }
    return new Corpus(dir, entries);
  }

  /** Replay an entry on the implementation under test (the call's --bug, or the real one). */
  replay(e: CorpusEntry, bug: KnownBug | null): RunResult {
    return runScenario(e.scenario, e.file.seed, { ...bug?.run, schedule: e.schedule });
  }

  /**
   * Save a schedule file as explore-<hash>.json, the hash of everything in it but the code
   * fingerprint (so the same failure found by other code keeps its name); returns its path and
   * whether it was already there (then nothing is written).
   */
  save(file: ScheduleFile): { path: string; existed: boolean } {
    const text = encodeScheduleFile(file);
    const { fingerprint, ...identity } = file;
    const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
    const path = join(this.dir, `explore-${hash}.json`);
    if (existsSync(path)) return { path, existed: true };
    if (!existsSync(this.dir)) makeFolder(this.dir);
    const out = new OutputFile('--corpus', path);
    planOutputs([out], { force: false, inputs: [] });
    out.write(text, () => {});
    return { path, existed: false };
  }
}

function makeFolder(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    throw new UsageError(`--corpus ${dir}: cannot make the folder ` +
      `(${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
