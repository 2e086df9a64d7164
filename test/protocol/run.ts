import { readFileSync } from 'node:fs';
import type { NodeFactory } from '../../sim/raft-host.ts';
import { parseTestdata, type Testdata } from './datadriven.ts';
import { ProtocolEnv } from './env.ts';
import { runCommand } from './handler.ts';

/** A testdata text run in a fresh environment: every case's actual output, in order. */
export function runTestdataText(path: string, text: string, factory?: NodeFactory):
  { readonly data: Testdata; readonly outputs: string[] } {
  const data = parseTestdata(path, text);
  const env = new ProtocolEnv({ factory });
  const outputs = data.cases.map((c) => {
    try {
      return runCommand(env, c.command);
    } catch (e) {
      throw new Error(`${path}:${c.line}: ${c.command}: ${(e as Error).message}`);
    }
  });
  return { data, outputs };
}

export function runTestdataFile(path: string, factory?: NodeFactory):
  { readonly data: Testdata; readonly outputs: string[] } {
  return runTestdataText(path, readFileSync(path, 'utf8'), factory);
}
