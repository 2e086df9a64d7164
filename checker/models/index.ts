import type { Model } from '../types.ts';
import { casRegisterModel } from './cas-register.ts';
import { kvModel } from './kv.ts';
import { kvVersionedModel } from './kv-versioned.ts';
import { registerModel } from './register.ts';

/** Every model by name, in the order the docs and `--help` list them. */
export const MODELS: ReadonlyMap<string, Model> = new Map<string, Model>([
  ['kv', kvModel],
  ['kv-versioned', kvVersionedModel],
  ['register', registerModel],
  ['cas-register', casRegisterModel],
]);

export function modelNames(): string[] {
  return [...MODELS.keys()];
}

export function getModel(name: string): Model | undefined {
  return MODELS.get(name);
}
