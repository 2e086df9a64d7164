import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { defineCommand, UsageError } from './command.ts';
import { repoRoot } from './fingerprint.ts';
import { OutputFile, planOutputs } from './output.ts';
import { shellQuote } from './shell.ts';

/**
 * raftsim init <dir>: a starter for writing your own Raft against raftsim's public API
 * (cli/api.ts): a skeleton Raft in the course's order with the parts left to write marked
 * (cli/starter/raft.ts, which type-checks as it is and is test/fixtures/impl/raft.ts with
 * gaps), a README that walks through part 3A, and the package.json and tsconfig.json that make
 * `npx raftsim` and `npx tsc` work there after `npm install`.
 */
export const initCommand = defineCommand({
  name: 'init',
  summary: 'write a starter for your own Raft, parts 3A to 3D, into a new folder',
  description: `Writes a starter into DIR: raft.ts, a skeleton Raft typed against raftsim's
public API, with what is left to write marked TODO(3A) to TODO(3D) in the course's order;
README.md, which walks you through running part 3A, reading a failure, replaying it,
shrinking it and opening its timeline; package.json and tsconfig.json (npm install there
installs TypeScript for type checks); and node_modules/raftsim, a link to this raftsim.
DIR is made if it does not exist; an existing DIR that is not empty is refused unless
--force, which replaces only the starter's own files.`,
  positionals: { name: '<dir>', min: 1, max: 1 },
  flags: {
    force: { type: 'boolean',
      help: "write into a folder that is not empty (replaces the starter's files, nothing else)" },
  },
  examples: [
    { run: 'npx raftsim init my-raft', does: 'a starter in my-raft/' },
    { run: 'npx raftsim init my-raft && cd my-raft && npx raftsim run InitialElection3A ' +
      '--impl ./raft.ts', does: 'the starter fails 3A until you write its elections (exit 1)' },
  ],
  exits: '0 the starter was written, 2 bad usage or DIR exists and is not empty',
  run: (p, io) => {
    const dir = p.positionals[0]!;
    prepareFolder(dir, p.flags.force);
    const files = starterFiles(basename(resolve(dir)));
    const outputs = files.map(([name]) => new OutputFile(name, join(dir, name)));
    planOutputs(outputs, { force: true, inputs: [] });
    files.forEach(([, text], i) => outputs[i]!.write(text, io.write));
    const linked = linkRaftsim(dir);
    io.out(`wrote ${files.map(([name]) => name).join(', ')} to ${dir}` +
      (linked ? ', and linked node_modules/raftsim to this raftsim' : ''));
    io.out('next:');
    io.out(`  cd ${shellQuote(dir)}`);
    io.out("  npx raftsim run '*3A' --impl ./raft.ts");
    io.out('  npm install        # for npx tsc (type checks): installs TypeScript');
    io.out('README.md walks you through the rest.');
    return 0;
  },
});

/**
 * Links DIR/node_modules/raftsim to the raftsim running now, so that the starter's
 * `import ... from 'raftsim'` resolves (and the run uses this raftsim's API) before any
 * `npm install`; npm keeps the same link (package.json names it as `file:`). An existing
 * node_modules/raftsim is left alone. False when nothing was linked.
 */
function linkRaftsim(dir: string): boolean {
  const link = join(dir, 'node_modules', 'raftsim');
  if (existsSync(link) || isLink(link)) return false;
  try {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(repoRoot(), link, 'dir');
    return true;
  } catch (e) {
    throw new UsageError(`cannot link ${link}: ${(e as NodeJS.ErrnoException).code ?? e} ` +
      '(npm install in the folder links it too)');
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Makes `dir` if missing; refuses something that is not a folder, or a non-empty one. */
function prepareFolder(dir: string, force: boolean): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`cannot make ${dir}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    return;
  }
  if (!isDir) throw new UsageError(`${dir} exists and is not a folder`);
  if (!force && readdirSync(dir).length > 0) {
    throw new UsageError(`${dir} exists and is not empty; pass --force to write the starter ` +
      "into it (it replaces the starter's own files, nothing else)");
  }
}

/** The starter's files: [name, text]. */
export function starterFiles(name: string): Array<[string, string]> {
  const root = repoRoot();
  const starter = (file: string): string => readFileSync(join(root, 'cli', 'starter', file),
    'utf8');
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pkg = {
    name: packageName(name), private: true, type: 'module',
    scripts: { test: "raftsim run '*3?' --impl ./raft.ts", typecheck: 'tsc --noEmit' },
    devDependencies: { raftsim: `file:${root}`, typescript: own.devDependencies.typescript },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'es2022', lib: ['es2022', 'dom'], module: 'nodenext', moduleResolution: 'nodenext',
      strict: true, noEmit: true, verbatimModuleSyntax: true, skipLibCheck: true, types: [],
      // raftsim ships TypeScript: its API (node_modules/raftsim/cli/api.ts) imports `.ts` files.
      allowImportingTsExtensions: true,
    },
    include: ['*.ts'],
  };
  return [
    ['raft.ts', starter('raft.ts')],
    ['README.md', starter('README.md')],
    ['package.json', `${JSON.stringify(pkg, null, 2)}\n`],
    ['tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`],
    ['.gitignore', 'node_modules/\n*.html\n*.jsonl\n'],
  ];
}

/** A valid npm package name from a folder's name (`My Raft!` -> `my-raft`). */
function packageName(folder: string): string {
  const n = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '');
  return n === '' ? 'my-raft' : n;
}
