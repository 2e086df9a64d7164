/** Scenario checks fail the run with ScenarioFailure (defined in sim/, which classifies it). */
export { fail, ScenarioFailure } from '../sim/failure.ts';
