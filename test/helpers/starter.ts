import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, raftsim } from './cli.ts';

/**
 * The starter that `raftsim init` writes (cli/starter/raft.ts) and the finished Raft it is cut
 * from (test/fixtures/impl/raft.ts), read as class members, so that a test can fill the
 * starter's gaps from the reference part by part.
 */
export const STARTER = readFileSync(join(ROOT, 'cli/starter/raft.ts'), 'utf8');
export const REFERENCE = readFileSync(join(ROOT, 'test/fixtures/impl/raft.ts'), 'utf8');

/** A class member: its name and its lines, from its signature to its closing `  }`. */
export interface Member {
  readonly name: string;
  readonly first: number;
  readonly last: number;
  readonly text: string;
}

const SIGNATURE = /^ {2}(?:(?:private|public|protected) )?(\w+)\(/;

/** The members of the file's class (methods and the constructor), in order. */
export function membersOf(source: string): Member[] {
  const lines = source.split('\n');
  const out: Member[] = [];
  for (let i = 0; i < lines.length; i++) {
    const name = SIGNATURE.exec(lines[i]!)?.[1];
    if (name === undefined) continue;
    let last = i;
    while (lines[last] !== '  }') last++;
    out.push({ name, first: i, last, text: lines.slice(i, last + 1).join('\n') });
    i = last;
  }
  return out;
}

/** The course parts whose gaps a member holds (`TODO(3A)` -> '3A'). */
export function partsOf(m: Member): string[] {
  return [...m.text.matchAll(/TODO\((3[A-D])\)/g)].map((x) => x[1]!);
}

/** The starter with every member that has a gap of one of `parts` taken from the reference. */
export function fillStarter(parts: readonly string[]): string {
  const reference = new Map(membersOf(REFERENCE).map((m) => [m.name, m]));
  const lines = STARTER.split('\n');
  for (const m of membersOf(STARTER).reverse()) {
    if (!partsOf(m).some((p) => parts.includes(p))) continue;
    const filled = reference.get(m.name);
    if (filled === undefined) throw new Error(`the reference has no member ${m.name}`);
    lines.splice(m.first, m.last - m.first + 1, filled.text);
  }
  return lines.join('\n');
}

/** The file's text after its header comment (the first `import`). */
export function body(source: string): string {
  return source.slice(source.indexOf('\nimport '));
}

/** `raftsim init` into a fresh folder; returns the folder. */
export async function initFolder(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'raftsim-starter-')), 'my-raft');
  const r = await raftsim('init', dir);
  if (r.code !== 0) throw new Error(`raftsim init failed: ${r.stderr}`);
  return dir;
}
