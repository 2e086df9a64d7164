import type { Model, Operation } from '../types.ts';

/** A parsed history whose operations were validated against its model. */
export interface LoadedHistory {
  readonly model: Model;
  readonly ops: Operation[];
}
