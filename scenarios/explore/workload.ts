import type { ClerkOp, ClerkResult } from '../../core/kv/clerk.ts';
import { History } from '../../sim/history.ts';
import { KvClient, plainRecorder, versionedRecorder } from '../../sim/kv-client.ts';
import type { Site, Stream } from '../../sim/random.ts';
import { sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { dataSite } from '../sites.ts';
import type { WorkloadSpec } from './spec.ts';

const THINK: Site = dataSite('think');
const OP: Site = dataSite('op');
const KEY: Site = dataSite('key');

/**
 * The generated workload (WorkloadSpec): clients that run their operations one after another
 * until they are done or told to stop (at the heal), every call recorded in one history. Values
 * are unique per operation (`v<client>.<n>` for a versioned Put, `<client.n>` for a plain Put,
 * `[client.n]` for an Append), so a write applied twice shows in what a Get returns.
 */
export class Workload {
  readonly history: History;
  private stopped = false;
  private readonly tasks: Task<void>[] = [];
  /** Every operation a client began, by kind (coverage). */
  readonly issued = { get: 0, put: 0, append: 0 };

  constructor(private readonly world: World, readonly spec: WorkloadSpec,
    private readonly servers: readonly number[]) {
    this.history = new History(spec.api === 'versioned' ? 'kv-versioned' : 'kv');
    world.histories.push(this.history);
  }

  /** Start every client. */
  start(): void {
    for (let c = 0; c < this.spec.clients; c++) {
      this.tasks.push(this.world.scheduler.spawn(`client ${c}`, this.client(c)));
    }
  }

  /** No client begins another operation (those in flight go on). */
  stop(): void {
    this.stopped = true;
  }

  /** Every client has finished (its last operation returned). */
  get done(): boolean {
    return this.tasks.every((t) => t.done);
  }

  get pendingOps(): number {
    return this.history.ops.filter((o) => o.return === null).length;
  }

  private clerk(c: number): KvClient {
    const rec = this.spec.api === 'versioned' ? versionedRecorder : plainRecorder;
    const timeout = this.spec.rpcTimeoutMs > 0 ? this.spec.rpcTimeoutMs : null;
    return new KvClient(this.world, c, this.servers, this.history, rec, timeout);
  }

  private *client(c: number): Proc {
    const ck = this.clerk(c);
    const rng = this.world.streams.get(`client ${c}`, 'order');
    const versions = new Map<string, number>();
    for (let n = 0; n < this.spec.ops && !this.stopped; n++) {
      yield* sleep(rng.data(this.spec.thinkMaxMs + 1, THINK));
      if (this.stopped) break;
      const key = `k${rng.data(this.spec.keys, KEY)}`;
      const kind = c < this.spec.readers ? 'get' : this.pick(rng);
      this.issued[kind] += 1;
      const op = this.opOf(kind, key, `${c}.${n}`, versions.get(key) ?? 0);
      const r: ClerkResult = yield* ck.call(op);
      if (op.op === 'get' && 'version' in r) versions.set(key, r.version);
      if (op.op === 'put' && r.err === 'OK') versions.set(key, op.version + 1);
    }
  }

  private pick(rng: Stream): 'get' | 'put' | 'append' {
    const m = this.spec.mix;
    const append = this.spec.api === 'appends' ? m.append : 0;
    const r = rng.data(m.get + m.put + append, OP);
    return r < m.get ? 'get' : r < m.get + m.put ? 'put' : 'append';
  }

  private opOf(kind: 'get' | 'put' | 'append', key: string, id: string, version: number):
    ClerkOp {
    if (kind === 'get') return { op: 'get', key };
    if (this.spec.api === 'versioned') return { op: 'put', key, value: `v${id}`, version };
    return kind === 'put' ? { op: 'putPlain', key, value: `<${id}>` }
      : { op: 'append', key, value: `[${id}]` };
  }

  /** The clerk of the final reads and probes (client number `clients`), made once. */
  private last: KvClient | null = null;

  private lastClerk(): KvClient {
    this.last ??= this.clerk(this.spec.clients);
    return this.last;
  }

  /** A fresh clerk (client number `clients`) reads every key once: the final reads. */
  *finalReads(): Proc<Map<string, string>> {
    const ck = this.lastClerk();
    const out = new Map<string, string>();
    for (let k = 0; k < this.spec.keys; k++) {
      const r = yield* ck.call({ op: 'get', key: `k${k}` });
      out.set(`k${k}`, 'value' in r ? r.value : '');
    }
    return out;
  }

  private probes = 0;

  /**
   * One more write, to a key of its own (`probe`), by the final reads' clerk: an entry for a new
   * leader to commit (a write, so that it goes through the log whatever the service does).
   */
  *probe(): Proc {
    const value = `probe.${this.probes++}`;
    yield* this.lastClerk().call(this.spec.api === 'versioned'
      ? { op: 'put', key: 'probe', value, version: 0 } : { op: 'putPlain', key: 'probe', value });
  }
}

/**
 * Exactly-once for Appends (the appends api): no Append value shows twice in any value a Get
 * returned, and on a key no plain Put ever wrote, the final value holds every Append that
 * returned OK.
 */
export function checkExactlyOnce(history: History, finals: ReadonlyMap<string, string>): void {
  for (const op of history.ops) {
    if (op.input.op !== 'get' || op.output === null) continue;
    const value = String(op.output.value ?? '');
    const seen = new Set<string>();
    for (const token of value.match(/\[[^\]]*\]/g) ?? []) {
      if (seen.has(token)) {
        fail('exactly once', `Get(${op.input.key}) by client ${op.client} at ${op.call} ms saw ` +
          `Append ${token} twice`);
      }
      seen.add(token);
    }
  }
  const putKeys = new Set(history.ops.filter((o) => o.input.op === 'put').map((o) => o.input.key));
  for (const op of history.ops) {
    if (op.input.op !== 'append' || op.output === null || putKeys.has(op.input.key)) continue;
    const key = String(op.input.key);
    if (!(finals.get(key) ?? '').includes(String(op.input.value))) {
      fail('exactly once', `Append ${op.input.value} to ${key} by client ${op.client} returned ` +
        'OK, but the final value does not hold it');
    }
  }
}
