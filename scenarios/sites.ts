import type { FaultKind, Site } from '../sim/random.ts';

/**
 * Draw sites of the scenarios (docs/shrinking.md): what each draw on the `scenario` stream
 * decides, and its benign value. The convention: 0 is the calm choice, so a decision of 0 means
 * "no fault", "the shortest hold", "the fewest operations", "server 0". Workload contents
 * (values, keys, operation kinds) and a test's own pacing (its sleeps between steps) are data:
 * replayed as recorded, never shrunk. Pacing is data because shrinking it moves every later
 * step in time, so that the network's and timers' decisions (named by their moment) no longer
 * meet the steps they met: a shrink of Figure8Unreliable3C stalled on exactly that.
 */

/** A decision to do something to a server (detail: which one, e.g. "s2"); yes is the fault. */
export function actSite(name: string, what: string, fault: FaultKind): Site {
  return { name, fault, label: (_v, _s, d) => `scenario: ${what} ${d ?? ''}`.trimEnd() };
}

/** A choice among servers: 0 picks server 0. */
export function pickSite(name: string, what: string): Site {
  return { name, fault: 'choice', label: (v) => `scenario: ${what} s${v}` };
}

/** A pause or hold in virtual ms beyond its fixed part (`base`): 0 is the shortest. */
export function pauseSite(name: string, what: string, base = 0): Site {
  return { name, fault: 'timing', label: (v) => `scenario: ${what} ${base + v} ms` };
}

/** How many operations a workload step issues beyond its minimum (`base`): 0 is the fewest. */
export function countSite(name: string, what: string, base = 0): Site {
  return { name, fault: 'choice', label: (v) => `scenario: ${what} ${base + v}` };
}

/** Workload contents: a value, a key, an operation kind. */
export function dataSite(name: string): Site {
  return { name, kind: 'data' };
}
