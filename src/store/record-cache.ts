/** What a cache slot holds for an id the store has no record of, so repeated misses cost no read either. */
const ABSENT = Symbol('absent');

type Slot<T> = T | typeof ABSENT;

/**
 * Decoded records by id, in memory only, at most `maxEntries` of them; 0 = off. Never written
 * anywhere: it holds what the encrypted store already holds, decrypted, while the process lives.
 *
 * Two generations instead of a strict LRU list: reads and writes go to the young map; when it holds
 * half the entries it becomes the old one and the previous old one is dropped whole. A hit in the old
 * map moves the entry to the young one, so what is in use survives and what is not goes within two
 * generations. A hit in the young map is one Map lookup: a strict LRU re-inserts on every hit, and V8
 * makes a delete-and-set on a Map of 10k entries cost tens of microseconds (bench/README.md).
 */
export class RecordCache<T> {
  #young = new Map<string, Slot<T>>();
  #old = new Map<string, Slot<T>>();
  readonly #generationSize: number;
  /** Bumped by every invalidation, so a read that began before one does not put back what it read. */
  #generation = 0;

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError('maxEntries must be a whole number ≥ 0');
    this.#generationSize = Math.max(1, maxEntries >> 1);
  }

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  /** Slots held now (an entry moved to the young map may still sit in the old one too); never above `maxEntries`. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  get generation(): number {
    return this.#generation;
  }

  /** `{ value }` on a hit (value undefined = known to have no record); undefined on a miss. */
  lookup(id: string): { value: T | undefined } | undefined {
    let slot = this.#young.get(id);
    if (slot === undefined) {
      slot = this.#old.get(id);
      if (slot === undefined) return undefined;
      this.#add(id, slot);
    }
    return { value: slot === ABSENT ? undefined : slot };
  }

  /** Keeps what the store now holds for `id` (undefined = nothing). */
  put(id: string, value: T | undefined): void {
    if (!this.enabled) return;
    this.#old.delete(id);
    this.#add(id, value === undefined ? ABSENT : value);
  }

  /** Keeps a value read from the store, unless an invalidation came in while it was being read. */
  putRead(id: string, value: T | undefined, readStartedAt: number): void {
    if (readStartedAt === this.#generation) this.put(id, value);
  }

  /** Forgets `id`: the next read goes to the store. */
  invalidate(id: string): void {
    this.#generation++;
    this.#young.delete(id);
    this.#old.delete(id);
  }

  clear(): void {
    this.#generation++;
    this.#young = new Map();
    this.#old = new Map();
  }

  #add(id: string, slot: Slot<T>): void {
    if (!this.#young.has(id) && this.#young.size >= this.#generationSize) {
      // With room for one entry only there is no old generation to keep.
      this.#old = this.maxEntries >= 2 ? this.#young : new Map();
      this.#young = new Map();
    }
    this.#young.set(id, slot);
  }
}
