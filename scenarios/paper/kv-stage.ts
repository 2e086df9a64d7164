import { History } from '../../sim/history.ts';
import { KvClient, plainRecorder } from '../../sim/kv-client.ts';
import { RaftCluster } from '../../sim/raft-cluster.ts';
import type { Proc, Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { requireLinearizable } from '../kv/history-check.ts';
import { say } from './stage.ts';

/**
 * The KV stage of the paper/ scenarios: 3 servers running the world's KV service on a reliable
 * network, clerks of the Put/Append/Get API (writes carry (client, seq) for duplicate
 * detection), every call recorded in one `kv` history. Every clerk knows the servers in the
 * order s0, s1, s2 and tries s0 first, so who it talks to is decided by the stage, not by luck.
 */
export class PaperKv {
  readonly cluster: RaftCluster;
  readonly history = new History('kv');
  private clerks = 0;

  constructor(readonly world: World, maxRaftState: number) {
    world.network.opts = { reliable: true, longDelays: false, longReordering: false };
    this.cluster = new RaftCluster(world, 3,
      (host) => world.kvServiceFactory(host, maxRaftState));
    this.cluster.startAll();
    world.histories.push(this.history);
  }

  /** A new clerk (c0, c1, ...) that may reach only `to` (every server if null). */
  clerk(to: readonly number[] | null = null): KvClient {
    const ck = new KvClient(this.world, this.clerks++, [0, 1, 2], this.history, plainRecorder);
    this.world.network.allow(ck.endpoint.id, to);
    return ck;
  }

  /** Change which servers a clerk may reach (null: all); a call in flight to a server it may
   * no longer reach fails within 100 ms and its reply, if any comes, is lost. */
  reach(ck: KvClient, to: readonly number[] | null): void {
    this.world.network.allow(ck.endpoint.id, to);
    say(this.world, `c${ck.index} may reach ${to === null ? 'every server'
      : to.length === 0 ? 'no server' : to.map((i) => `s${i}`).join(', ')}`);
  }

  /** Run a clerk call as its own process (it retries until it gets an answer). */
  spawn<T>(ck: KvClient, what: string, proc: Proc<T>): Task<T> {
    say(this.world, `c${ck.index} calls ${what}`);
    return this.world.scheduler.spawn(`c${ck.index} ${what}`, proc);
  }

  *put(ck: KvClient, key: string, value: string): Proc {
    yield* ck.call({ op: 'putPlain', key, value });
  }

  *append(ck: KvClient, key: string, value: string): Proc {
    yield* ck.call({ op: 'append', key, value });
  }

  *get(ck: KvClient, key: string): Proc<string> {
    const r = yield* ck.call({ op: 'get', key });
    if (!('value' in r)) return fail('Get', `Get(${key}) got a non-Get reply ${r.err}`);
    return r.value;
  }

  /** The whole history so far must be linearizable (the checker must decide). */
  checkLinearizable(when: string): void {
    requireLinearizable(this.world, this.history, when);
  }
}
