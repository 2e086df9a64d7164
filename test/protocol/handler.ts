import type { Message, NodeId } from '../../core/raft/types.ts';
import { indent } from './describe.ts';
import type { ProtocolEnv } from './env.ts';

/**
 * The commands of a protocol testdata file (etcd's interaction_env_handler.go, our own set).
 * A command is a name, positional arguments (node ids, mostly) and key=value options whose
 * value is one item or a list: `drop=3`, `drop=(3,4)`. Each returns its output lines; a
 * command with nothing to say prints `ok`. A malformed command is an error in the test file
 * (it throws, naming the line), never output.
 */
export interface Command {
  readonly name: string;
  readonly args: readonly string[];
  readonly opts: ReadonlyMap<string, readonly string[]>;
}

export function parseCommand(line: string): Command {
  const [name, ...rest] = line.trim().split(/\s+/);
  const args: string[] = [];
  const opts = new Map<string, string[]>();
  for (const tok of rest) {
    const eq = tok.indexOf('=');
    if (eq < 0) args.push(tok);
    else opts.set(tok.slice(0, eq), tok.slice(eq + 1).replace(/^\((.*)\)$/, '$1').split(','));
  }
  return { name: name!, args, opts };
}

type Handler = (env: ProtocolEnv, c: Command) => string[];

const COMMANDS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  // Create the cluster, nodes 1..n (once per file). Every random draw takes its site's benign
  // value (the k-th of n nodes waits min + k/n of the election timeout range), or V with
  // draw=V. Prints each node's status; its first Ready (its timer) is carried out.
  // Example: add-nodes 3
  // Example: add-nodes 5 draw=0
  ['add-nodes', (env, c) => env.addNodes(int(c.args[0]), optInt(c, 'draw'))],

  // The node's election timer fires: it becomes a candidate of the next term (its effects wait
  // for process-ready). A leader has no election timer. `tick-election` is the same command.
  // Example: campaign 1
  ['campaign', (env, c) => env.fireTimer(id(env, c.args[0]), 'election')],
  // Example: tick-election 2
  ['tick-election', (env, c) => env.fireTimer(id(env, c.args[0]), 'election')],

  // The leader's heartbeat timer fires: it sends AppendEntries to every follower.
  // Example: tick-heartbeat 1
  ['tick-heartbeat', (env, c) => env.fireTimer(id(env, c.args[0]), 'heartbeat')],

  // Start(command) on the node: prints the index and term, or that it is not the leader.
  // Example: propose 1 x
  ['propose', (env, c) => env.propose(id(env, c.args[0]), c.args.slice(1).join(' '))],

  // The node's service snapshots everything through an index it has applied.
  // Example: snapshot 1 2
  ['snapshot', (env, c) => env.snapshot(id(env, c.args[0]), int(c.args[1]))],

  // Drain the nodes' Readies and carry them out (save, send to the pool, apply, arm the timer).
  // Example: process-ready 1 2
  ['process-ready', (env, c) => ids(env, c).flatMap((i) => {
    const lines = env.processReady(i);
    return c.args.length > 1 ? [`> ${i}`, ...indent(lines)] : lines;
  })],

  // Deliver the pool's messages to the given nodes (all nodes if none are given), in the order
  // they were sent; drop=(ids) drops those to these nodes instead. from=(ids) and
  // type=(types) narrow the messages. order=reverse delivers them newest first (a network
  // that reorders); copies=N delivers each N times (a network that duplicates). Each delivered
  // or dropped message prints one line.
  // Example: deliver-msgs 2 3
  // Example: deliver-msgs drop=(3)
  // Example: deliver-msgs 3 from=1 type=AppendEntries
  // Example: deliver-msgs 1 from=2 order=reverse
  // Example: deliver-msgs 1 type=RequestVoteReply copies=2
  ['deliver-msgs', deliverMsgs],

  // Repeat until nothing changes: every node (or the given ones) that has a Ready handles it,
  // then every one that has messages receives them. Timers never fire. max=N bounds the rounds
  // (default 100).
  // Example: stabilize
  // Example: stabilize 1 2 max=3
  ['stabilize', (env, c) => env.stabilize(c.args.map((a) => id(env, a)), optInt(c, 'max') ?? 100)],

  // The node crashes: it loses everything it did not save, and the messages waiting for it.
  // Example: crash 2
  ['crash', (env, c) => env.crash(id(env, c.args[0]))],

  // The node starts again from its last save. Prints its status.
  // Example: restart 2
  ['restart', (env, c) => env.restart(id(env, c.args[0]))],

  // One status line per node (all nodes if none are given).
  // Example: status
  // Example: status 1 3
  ['status', (env, c) => ids(env, c).map((i) => env.status(i))],

  // The node's log, after its snapshot.
  // Example: log 1 2
  ['log', (env, c) => ids(env, c).map((i) => env.log(i))],

  // The messages waiting in the pool, in send order.
  // Example: msgs
  ['msgs', (env) => env.pool.length === 0 ? ['no messages'] : env.describePool()],
]);

/** Every command's name. */
export const COMMAND_NAMES: readonly string[] = [...COMMANDS.keys()];

export function runCommand(env: ProtocolEnv, line: string): string {
  const c = parseCommand(line);
  const handler = COMMANDS.get(c.name);
  if (handler === undefined) throw new Error(`unknown command '${c.name}'`);
  const out = handler(env, c);
  return out.length === 0 ? 'ok' : out.join('\n');
}

function deliverMsgs(env: ProtocolEnv, c: Command): string[] {
  const drop = (c.opts.get('drop') ?? []).map((a) => id(env, a));
  const to = c.args.map((a) => id(env, a));
  if (drop.length > 0 && to.length > 0) throw new Error('deliver-msgs: deliver or drop, not both');
  const from = c.opts.get('from')?.map((a) => id(env, a));
  const types = c.opts.get('type');
  const targets = drop.length > 0 ? drop : to.length > 0 ? to : env.ids;
  const match = (m: Message): boolean => targets.includes(m.to) &&
    (from === undefined || from.includes(m.from)) &&
    (types === undefined || types.includes(m.type));
  const order = c.opts.get('order');
  if (order !== undefined && (order.length !== 1 || order[0] !== 'reverse')) {
    throw new Error(`deliver-msgs: order=reverse is the only order, got order=${order.join(',')}`);
  }
  const copies = optInt(c, 'copies') ?? 1;
  if (copies < 1) throw new Error('deliver-msgs: copies must be at least 1');
  const out = env.deliver(match, drop.length > 0, { reverse: order !== undefined, copies });
  return out.length === 0 ? ['no messages'] : out;
}

function ids(env: ProtocolEnv, c: Command): NodeId[] {
  return c.args.length === 0 ? [...env.ids] : c.args.map((a) => id(env, a));
}

function id(env: ProtocolEnv, arg: string | undefined): NodeId {
  const n = int(arg);
  if (!env.ids.includes(n)) throw new Error(`no node ${arg}`);
  return n;
}

function int(arg: string | undefined): number {
  if (arg === undefined || !/^\d+$/.test(arg)) throw new Error(`expected a number, got ${arg}`);
  return Number(arg);
}

function optInt(c: Command, key: string): number | undefined {
  const v = c.opts.get(key);
  return v === undefined ? undefined : int(v[0]);
}
