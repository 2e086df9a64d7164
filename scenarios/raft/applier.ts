import type { ApplyMsg, LogIndex } from '../../core/raft/types.ts';
import type { HostService, RaftHost } from '../../sim/raft-host.ts';
import { fail } from '../failure.ts';

/** Commands in the Raft suite are numbers or strings, encoded as JSON text. */
export type Value = number | string;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeValue(v: Value): Uint8Array {
  return encoder.encode(JSON.stringify(v));
}

export const SNAPSHOT_INTERVAL = 10;

/**
 * The course tester's applier (raft1/server.go): it records every applied value per server and
 * fails on out-of-order applies or on two servers applying different values at one index. In
 * snapshot mode (3D) it snapshots every SNAPSHOT_INTERVAL entries, ingests snapshots, and (beyond
 * the course) fails if an installed snapshot would roll the service back.
 */
export class Applier implements HostService {
  logs = new Map<LogIndex, string>();
  lastApplied = 0;
  /**
   * Snapshot mode: the JSON of the snapshot's xlog through lastApplied, without its closing
   * bracket (`[null,"v1",...`), extended at each apply: a snapshot every 10 entries would
   * otherwise format the whole log again.
   */
  private xlogText = '[null';

  constructor(
    private readonly host: RaftHost,
    private readonly all: readonly (Applier | null)[],
    private readonly snapshots: boolean,
  ) {}

  start(snapshot: Uint8Array): void {
    if (snapshot.length > 0) this.ingest(snapshot, -1);
  }

  apply(m: ApplyMsg): void {
    if (m.type === 'snapshot') {
      if (!this.snapshots) return;
      if (m.index <= this.lastApplied) {
        const what = m.index === this.lastApplied ? 'does not advance' : 'rolls back';
        fail('applier', `server ${this.host.id} got a snapshot at ${m.index} that ${what} ` +
          `its state (last applied ${this.lastApplied})`);
      }
      this.ingest(m.data, m.index);
      return;
    }
    this.applyCommand(m.index, decoder.decode(m.command));
  }

  private applyCommand(index: LogIndex, value: string): void {
    const id = this.host.id;
    if (this.snapshots ? index !== this.lastApplied + 1 : index > 1 && !this.logs.has(index - 1)) {
      fail('applier', `server ${id} apply out of order ${index}`);
    }
    for (const other of this.all) {
      const v = other?.logs.get(index);
      if (other && other !== this && v !== undefined && v !== value) {
        fail('applier',
          `commit index=${index} server=${id} ${value} != server=${other.host.id} ${v}`);
      }
    }
    this.logs.set(index, value);
    this.lastApplied = index;
    if (!this.snapshots) return;
    this.xlogText += `,${JSON.stringify(value)}`;
    if ((index + 1) % SNAPSHOT_INTERVAL === 0) {
      // JSON.stringify({ index, xlog }) with xlog = [null, logs 1..index (null if missing)].
      this.host.snapshot(index, encoder.encode(`{"index":${index},"xlog":${this.xlogText}]}`));
    }
  }

  private ingest(snapshot: Uint8Array, index: LogIndex): void {
    let decoded: { index: number; xlog: (string | null)[] };
    try {
      decoded = JSON.parse(decoder.decode(snapshot));
    } catch {
      return fail('applier', `server ${this.host.id}: snapshot Decode() error`);
    }
    if (index !== -1 && index !== decoded.index) {
      fail('applier', `server ${this.host.id} snapshot doesn't match m.SnapshotIndex`);
    }
    this.logs = new Map();
    decoded.xlog.forEach((v, j) => {
      if (v !== null) this.logs.set(j, v);
    });
    this.lastApplied = decoded.index;
    const xlog: (string | null)[] = [null];
    for (let j = 1; j <= this.lastApplied; j++) xlog.push(this.logs.get(j) ?? null);
    this.xlogText = JSON.stringify(xlog).slice(0, -1);
  }
}
