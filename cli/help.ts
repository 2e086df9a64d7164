import { allFlags, type AnyCommand, type FlagSpec } from './command.ts';

/** `raftsim help <command>` and `raftsim <command> --help`, built from the command's entry. */
export function commandHelp(c: AnyCommand): string {
  const lines = [`usage: ${usageLine(c)}`, '', ...wrap(c.description, 92), '', 'flags:'];
  const flags = Object.entries(allFlags(c));
  const heads = flags.map(([name, f]) => flagHead(name, f));
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  flags.forEach(([, f], i) => {
    const choices = f.type === 'string' && f.choices !== undefined
      ? ` (${f.choices.join(' | ')})` : '';
    const required = 'required' in f && f.required === true ? ' (required)' : '';
    const text = wrap(`${f.help}${choices}${required}`, 96 - width);
    lines.push(`  ${heads[i]!.padEnd(width)}${text[0]}`,
      ...text.slice(1).map((l) => `  ${' '.repeat(width)}${l}`));
  });
  const pairs = c.exclusive ?? [];
  if (pairs.length > 0) {
    const text = `(${pairs.map(([a, b]) => `--${a} and --${b}`).join(', ')}: one or the other)`;
    lines.push(...wrap(text, 96).map((l) => `  ${l}`));
  }
  lines.push('', 'examples:');
  for (const e of c.examples) {
    lines.push(`  ${e.run}`, ...wrap(e.does, 86).map((l) => `      ${l}`));
  }
  const exits = wrap(`exit codes: ${c.exits}`, 92);
  lines.push('', exits[0]!, ...exits.slice(1).map((l) => `  ${l}`));
  return lines.join('\n');
}

export function usageLine(c: AnyCommand): string {
  const p = c.positionals;
  const args = p.max === 0 ? '' : p.max === 1 ? ` ${p.name}` : ` ${p.name}...`;
  return `raftsim ${c.name}${args} [flags]`;
}

function flagHead(name: string, f: FlagSpec): string {
  const short = f.short === undefined ? '' : `-${f.short}, `;
  return `${short}--${name}${f.type === 'boolean' ? '' : ` ${f.value}`}`;
}

/** `raftsim help`: every command with its summary, and the rules all commands share. */
export function mainHelp(commands: readonly AnyCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'raftsim: deterministic simulation of a Raft KV service',
    '',
    'usage: raftsim <command> [arguments] [flags]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}show a command's flags and examples (raftsim help run)`,
    '',
    'raftsim <command> --help shows the same; raftsim --version prints the version.',
    'Every flag may be given once. Numbers are decimal digits (no 1e3, no 0x10). An output',
    'file that exists is refused unless --force; - as an output means stdout, as an input',
    'stdin.',
    '',
    'exit codes: 0 ok, 1 a run failed or a history is not linearizable, 2 bad usage or input,',
    '  3 (check, explore) undecided within the budget, 70 internal error, 130 interrupted (Ctrl-C)',
  ].join('\n');
}

/** Re-flows a paragraph to `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
