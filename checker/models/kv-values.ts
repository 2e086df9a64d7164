import { fmix32, fnvString } from '../hash.ts';

/** What a Get returned: its value is compared with the table's values. */
interface Seen {
  readonly value: string;
}

/**
 * The values of one key's part (checker/models/kv.ts), numbered by content (0 is ""). A step
 * usually makes a new value, found by an FNV hash continued over the appended piece, so a step
 * costs O(piece), not O(value). Values grow to tens of kilobytes by Appends (the 2018-2024
 * snapshot tests), and each is the last one plus a piece: a JS string built so is a rope, and
 * any comparison with it first copies it whole. So no comparison here reads a value built by an
 * Append: a value remembers where it came from (its parent and the piece appended), and a
 * flat string equal to it when one is known (a Put's value, "", a Get's output that matched),
 * and "is this value a prefix of what that Get returned?" walks back through the pieces to a
 * value already shown to be a prefix of that output or to a flat one (one native comparison).
 * In a run's histories that walk is a piece or two: the value a Get saw is the previous step.
 */
export class ValueTable {
  private readonly values: string[] = [];
  /** Int32Array, not number[]: most hashes are not small integers and would be boxed. */
  private hashes = new Int32Array(512);
  /** Open addressing by value hash: value number + 1, 0 = empty. */
  private slots = new Int32Array(1024);
  /** The value a value was made from by an Append, or -1 if it was first met whole. */
  private parents = new Int32Array(512);
  /** The piece appended to the parent (when there is one). */
  private readonly pieces: string[] = [];
  /** A string equal to the value that is not a rope (always set when there is no parent). */
  private readonly flat: (string | undefined)[] = [];
  /** Per Get output: the longest value shown to be a prefix of it. */
  private readonly prefixOf = new Map<Seen, number>();

  constructor() {
    this.whole('');
  }

  value(id: number): string {
    return this.values[id]!;
  }

  /** The number of a value met whole (a Put's). */
  whole(value: string): number {
    return this.intern(value, fnvString(value), -1, '');
  }

  /** The number of value `id` followed by `piece`. */
  appended(id: number, piece: string): number {
    return this.intern(this.values[id]! + piece, fnvString(piece, this.hashes[id]), id, piece);
  }

  /** Whether value `id` is a prefix of `seen.value`. */
  isPrefixOf(id: number, seen: Seen): boolean {
    const w = seen.value;
    if (this.values[id]!.length > w.length) return false;
    const known = this.prefixOf.get(seen);
    for (let x = id; x !== known;) {
      const f = this.flat[x];
      if (f !== undefined) {
        if (!w.startsWith(f)) return false;
        break;
      }
      const parent = this.parents[x]!;
      if (!w.startsWith(this.pieces[x]!, this.values[parent]!.length)) return false;
      x = parent;
    }
    if (known === undefined || this.values[known]!.length < this.values[id]!.length) {
      this.prefixOf.set(seen, id);
    }
    return true;
  }

  /** Whether value `id` is what `seen` returned (then `seen.value` is its flat string). */
  equals(id: number, seen: Seen): boolean {
    if (this.values[id]!.length !== seen.value.length || !this.isPrefixOf(id, seen)) return false;
    this.flat[id] ??= seen.value;
    return true;
  }

  private intern(value: string, hash: number, parent: number, piece: string): number {
    const mask = this.slots.length - 1;
    let i = fmix32(hash) & mask;
    for (let e = this.slots[i]!; e !== 0; e = this.slots[i]!) {
      if (this.hashes[e - 1] === hash && this.same(e - 1, value, parent, piece)) return e - 1;
      i = (i + 1) & mask;
    }
    const id = this.values.length;
    if (id === this.hashes.length) this.grow();
    this.values.push(value);
    this.hashes[id] = hash;
    this.parents[id] = parent;
    this.pieces.push(piece);
    this.flat.push(parent < 0 ? value : undefined);
    this.slots[i] = id + 1;
    if (this.values.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** Whether value `id` is `value` (made from `parent` and `piece`, or whole if -1). */
  private same(id: number, value: string, parent: number, piece: string): boolean {
    if (parent >= 0 && this.parents[id] === parent) return this.pieces[id] === piece;
    return this.values[id]!.length === value.length &&
      (this.flat[id] ?? this.values[id]!) === value;
  }

  private grow(): void {
    const n = this.hashes.length * 2;
    const hashes = new Int32Array(n);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const parents = new Int32Array(n);
    parents.set(this.parents);
    this.parents = parents;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      let i = fmix32(this.hashes[id]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}
