import test from 'ava';
import {
  defineCommand, HelpRequest, parseCommand, parseInteger, UsageError, type Parsed,
} from '../cli/command.ts';
import { BUG_FLAG, SEED_FLAG, SEEDS_FLAG } from '../cli/flags.ts';
import { commandHelp } from '../cli/help.ts';
import { loadCommands } from '../cli/main.ts';

const COMMANDS = await loadCommands();

/** The command framework's parsing rules (cli/command.ts), in-process. */
const demo = defineCommand({
  name: 'demo',
  summary: 'a command for the tests',
  description: 'Takes ids and a few flags.',
  positionals: { name: '<id>', min: 1, max: 2 },
  flags: {
    seed: SEED_FLAG,
    seeds: SEEDS_FLAG,
    bug: BUG_FLAG,
    json: { type: 'boolean', help: 'as JSON' },
    mode: { type: 'string', value: 'M', choices: ['a', 'b'], help: 'a mode' },
    out: { type: 'output', value: 'FILE', help: 'where to write' },
  },
  exclusive: [['seed', 'seeds']],
  examples: [{ run: 'npx raftsim demo x', does: 'nothing' }],
  exits: '0',
  run: () => 0,
});

function parse(...argv: string[]): Parsed<typeof demo.flags> {
  const p = parseCommand(demo, argv);
  if (p instanceof HelpRequest) throw new Error('help');
  return p;
}

function usageError(t: import('ava').ExecutionContext, argv: string[], re: RegExp): void {
  const e = t.throws(() => parse(...argv), { instanceOf: UsageError }, argv.join(' '));
  t.regex(e!.message, re);
  t.false(e!.message.includes('\n'), 'one line');
}

test('values are typed: integers, ranges, choices, known bugs, booleans', (t) => {
  const p = parse('x', '--seed', '7', '--json', '--mode=b', '--bug', 'no-dedup');
  t.deepEqual(p.positionals, ['x']);
  t.is(p.flags.seed, 7);
  t.true(p.flags.json);
  t.is(p.flags.mode, 'b');
  t.is(p.flags.bug?.id, 'no-dedup');
  t.is(p.flags.out, undefined);
  t.deepEqual(parse('x', '--seeds', '3..5').flags.seeds, { first: 3, last: 5 });
});

test('one number rule everywhere: decimal digits only', (t) => {
  for (const bad of ['1e3', '0x10', '+5', '-1', '1_000', ' 7', '7 ', '', '1.0', '٣']) {
    t.throws(() => parseInteger(bad, '--n', 0, 100), { instanceOf: UsageError }, bad);
  }
  t.is(parseInteger('0', '--n', 0, 100), 0);
  t.is(parseInteger('007', '--n', 0, 100), 7);
  usageError(t, ['x', '--seed', '1e3'], /--seed must be a whole number in 0\.\.\d+ .*got '1e3'/);
  usageError(t, ['x', '--seeds', '0x1..3'], /--seeds A must be a whole number/);
  usageError(t, ['x', '--seeds', '5..1'], /empty/);
  usageError(t, ['x', '--seed', String(2 ** 31)], /got '2147483648'/);
});

test('a flag given twice is an error, not "the last one wins"', (t) => {
  usageError(t, ['x', '--seed', '1', '--seed=2'], /--seed given twice/);
  usageError(t, ['x', '--json', '--json'], /--json given twice/);
});

test('a value never swallows the next flag; -- ends the flags', (t) => {
  usageError(t, ['x', '--out', '--json'], /--out needs a value FILE/);
  usageError(t, ['x', '--mode'], /--mode needs a value M/);
  usageError(t, ['x', '--out='], /--out needs a value/);
  usageError(t, ['x', '--json=yes'], /--json takes no value/);
  t.deepEqual(parse('--', '--json').positionals, ['--json']);
  t.is(parse('x', '--out', '-').flags.out?.toStdout, true);
});

test('unknown flags, bad choices, bad positionals, exclusive flags', (t) => {
  usageError(t, ['x', '--bogus'], /unknown flag --bogus/);
  usageError(t, ['x', '-q'], /unknown flag -q/);
  usageError(t, ['x', '--mode', 'c'], /unknown --mode 'c'; known: a, b/);
  usageError(t, ['x', '--bug', 'nope'], /unknown --bug 'nope'; known: vote-not-persisted/);
  usageError(t, [], /give at least 1 <id>/);
  usageError(t, ['x', 'y', 'z'], /unexpected argument 'z'/);
  usageError(t, ['x', '--seed', '1', '--seeds', '1..2'], /give --seed or --seeds, not both/);
});

test('--help and -h win over everything else on the line', (t) => {
  for (const argv of [['--help'], ['-h'], ['x', '--bogus', '--help'], ['--seed', '1e3', '-h']]) {
    t.true(parseCommand(demo, argv) instanceof HelpRequest, argv.join(' '));
  }
});

test('help lists every flag with its value name, the implied --force and --help, examples, exits',
  (t) => {
    const help = commandHelp(demo);
    t.regex(help, /^usage: raftsim demo <id>\.\.\. \[flags\]/);
    for (const f of ['--seed N', '--seeds A..B', '--bug ID', '--json', '--mode M', '--out FILE',
      '--force', '-h, --help']) t.true(help.includes(`  ${f} `), f);
    t.regex(help, /\(a \| b\)/);
    t.regex(help, /--seed and --seeds: one or the other/);
    t.regex(help, /examples:\n {2}npx raftsim demo x\n {6}nothing/);
    t.regex(help, /exit codes: 0$/);
  });

test('every command in the table has a summary, a description, examples and exit codes', (t) => {
  t.deepEqual(COMMANDS.map((c) => c.name), ['list', 'run', 'replay', 'shrink', 'explore',
    'check', 'init']);
  for (const c of COMMANDS) {
    t.true(c.summary.length > 10 && !c.summary.includes('\n'), c.name);
    t.true(c.description.length > 40, c.name);
    t.true(c.examples.length >= 2, c.name);
    for (const e of c.examples) t.true(e.run.startsWith(`npx raftsim ${c.name}`), e.run);
    t.regex(c.exits, /^0/);
    for (const line of commandHelp(c).split('\n')) t.true(line.length <= 100, line);
  }
});
