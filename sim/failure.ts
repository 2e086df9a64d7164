/** A scenario check that did not hold: the run fails with it (check name and message). */
export class ScenarioFailure extends Error {
  override name = 'ScenarioFailure';
  constructor(readonly check: string, message: string) {
    super(message);
  }
}

export function fail(check: string, message: string): never {
  throw new ScenarioFailure(check, message);
}
