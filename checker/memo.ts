/**
 * Lowe's memo table: the configurations (set of linearized operations, model state) already
 * explored in one part. States are interned (see states.ts), so a configuration is a bitset plus
 * a state number. An open-addressing hash table over typed arrays: bitsets live in one growing
 * word arena and the table stores entry numbers, so adding an entry allocates nothing except
 * when the arrays double. Entries are never evicted.
 */
export class Memo {
  /** Number of entries. */
  size = 0;
  private slots = new Int32Array(1024); // entry number + 1; 0 = empty
  private hashes = new Int32Array(512);
  private stateIds = new Int32Array(512);
  private arena: Uint32Array;

  constructor(private readonly wordsPerSet: number) {
    this.arena = new Uint32Array(512 * wordsPerSet);
  }

  /** Adds (bits, stateId) unless present; true if it was added. `hash` must be well mixed. */
  addIfAbsent(hash: number, bits: Uint32Array, stateId: number): boolean {
    const i = this.find(hash, bits, stateId);
    if (this.slots[i] !== 0) return false;
    this.append(hash, bits, stateId);
    this.slots[i] = this.size;
    if (this.size * 2 > this.slots.length) this.rehash();
    return true;
  }

  has(hash: number, bits: Uint32Array, stateId: number): boolean {
    return this.slots[this.find(hash, bits, stateId)] !== 0;
  }

  /** The slot holding (bits, stateId), or the empty slot where it would go. */
  private find(hash: number, bits: Uint32Array, stateId: number): number {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (let e = this.slots[i]!; e !== 0; e = this.slots[i]!) {
      const entry = e - 1;
      if (this.hashes[entry] === hash && this.stateIds[entry] === stateId
        && this.sameBits(entry, bits)) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  private sameBits(entry: number, bits: Uint32Array): boolean {
    const w = this.wordsPerSet;
    const base = entry * w;
    for (let k = 0; k < w; k++) if (this.arena[base + k] !== bits[k]) return false;
    return true;
  }

  private append(hash: number, bits: Uint32Array, stateId: number): void {
    const entry = this.size;
    if (entry === this.hashes.length) this.grow(entry * 2);
    this.hashes[entry] = hash;
    this.stateIds[entry] = stateId;
    this.arena.set(bits, entry * this.wordsPerSet);
    this.size = entry + 1;
  }

  private grow(capacity: number): void {
    const hashes = new Int32Array(capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const stateIds = new Int32Array(capacity);
    stateIds.set(this.stateIds);
    this.stateIds = stateIds;
    const arena = new Uint32Array(capacity * this.wordsPerSet);
    arena.set(this.arena);
    this.arena = arena;
  }

  /** Doubles the slot table and re-inserts every entry by its stored hash. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let i = this.hashes[e]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}
