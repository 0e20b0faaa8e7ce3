/**
 * Who is due next, for one clock that ticks each minute (never one timer per member).
 *
 * A binary min-heap of slot numbers over typed arrays: each id owns a slot (Map id -> slot) whose due
 * time lives in `due[slot]` and whose heap position lives in `position[slot]`, so moving an entry only
 * touches typed arrays. About 16 bytes of arrays plus one Map entry per id; an idle tick is one compare.
 *
 * takeDue leaves the taken ids' Map entries and slots in place until the next takeDue, because the caller
 * files nearly all of them again at once: re-filing is then a Map lookup, and taking a million ids
 * touches no Map at all. Entries not re-filed by the next takeDue are dropped then.
 */

const NOT_IN_HEAP = -1;

export class DueIndex {
  private readonly slotOf = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  private due: Float64Array;
  private position: Int32Array;
  private heap: Int32Array;
  private count = 0;
  private readonly freeSlots: number[] = [];
  /** Slots taken by the last takeDue, kept for a cheap re-file. */
  private taken: number[] = [];

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.due = new Float64Array(capacity);
    this.position = new Int32Array(capacity);
    this.heap = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    const slot = this.slotOf.get(id);
    return slot !== undefined && this.position[slot]! !== NOT_IN_HEAP;
  }

  dueAt(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined || this.position[slot]! === NOT_IN_HEAP ? undefined : this.due[slot];
  }

  /** Earliest due time, or undefined when empty. */
  nextDueAt(): number | undefined {
    return this.count === 0 ? undefined : this.due[this.heap[0]!];
  }

  /** Every filed id with its due time, in no particular order (taken ones are not filed). */
  *entries(): Generator<[id: string, dueUtcMs: number]> {
    for (let i = 0; i < this.count; i++) {
      const slot = this.heap[i]!;
      yield [this.ids[slot]!, this.due[slot]!];
    }
  }

  /** Adds the id, or moves it if already present: an id is never in the index twice. */
  upsert(id: string, dueUtcMs: number): void {
    if (!Number.isFinite(dueUtcMs)) throw new RangeError(`due time must be finite, got ${dueUtcMs}`);
    const slot = this.slotOf.get(id);
    if (slot !== undefined && this.position[slot]! !== NOT_IN_HEAP) {
      const old = this.due[slot]!;
      this.due[slot] = dueUtcMs;
      const at = this.position[slot]!;
      if (dueUtcMs < old) this.siftUp(at);
      else this.siftDown(at);
      return;
    }
    const fresh = slot ?? this.allocate(id);
    this.due[fresh] = dueUtcMs;
    this.heap[this.count] = fresh;
    this.position[fresh] = this.count;
    this.count++;
    this.siftUp(this.count - 1);
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const at = this.position[slot]!;
    if (at !== NOT_IN_HEAP) this.removeAt(at);
    this.release(slot);
    return at !== NOT_IN_HEAP;
  }

  /**
   * Every id due at or before now, removed from the index; the caller re-files each with its next
   * occurrence. Small batches come out earliest first; a batch larger than 1/16 of the index is taken
   * by one linear pass and comes out in no particular order.
   */
  takeDue(nowUtcMs: number): string[] {
    if (this.taken.length > 0) this.dropUnfiled();
    if (this.count === 0 || this.due[this.heap[0]!]! > nowUtcMs) return [];
    const bulkAt = Math.max(64, this.count >> 4);
    if (this.countDue(nowUtcMs, bulkAt) >= bulkAt) return this.takeBulk(nowUtcMs);
    const out: string[] = [];
    while (this.count > 0 && this.due[this.heap[0]!]! <= nowUtcMs) {
      const slot = this.heap[0]!;
      out.push(this.ids[slot]!);
      this.taken.push(slot);
      this.removeAt(0);
    }
    return out;
  }

  clear(): void {
    this.slotOf.clear();
    this.ids = [];
    this.freeSlots.length = 0;
    this.taken = [];
    this.count = 0;
  }

  /** Frees the slots of ids taken last time and not filed again since. */
  private dropUnfiled(): void {
    for (const slot of this.taken) {
      if (this.ids[slot] !== undefined && this.position[slot]! === NOT_IN_HEAP) this.release(slot);
    }
    this.taken = [];
  }

  /** How many entries are due, counting no further than `limit`: a walk of the heap's due top only. */
  private countDue(nowUtcMs: number, limit: number): number {
    const stack = [0];
    let found = 0;
    while (stack.length > 0 && found < limit) {
      const at = stack.pop()!;
      if (at >= this.count || this.due[this.heap[at]!]! > nowUtcMs) continue;
      found++;
      stack.push(2 * at + 1, 2 * at + 2);
    }
    return found;
  }

  /**
   * One pass over the slots (in memory order, so it streams instead of jumping around the heap), then
   * an O(n) heapify of what is left: much cheaper than popping a large share of the index one by one.
   */
  private takeBulk(nowUtcMs: number): string[] {
    const { heap, due, position, ids, taken } = this;
    const out: string[] = [];
    let kept = 0;
    for (let slot = 0; slot < ids.length; slot++) {
      if (position[slot] === NOT_IN_HEAP) continue;
      if (due[slot]! <= nowUtcMs) {
        out.push(ids[slot]!);
        taken.push(slot);
        position[slot] = NOT_IN_HEAP;
      } else {
        position[slot] = kept;
        heap[kept++] = slot;
      }
    }
    this.count = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return out;
  }

  private allocate(id: string): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.ids.length;
      if (slot === this.due.length) this.grow();
      this.ids.push(id);
    } else {
      this.ids[slot] = id;
    }
    this.slotOf.set(id, slot);
    return slot;
  }

  private release(slot: number): void {
    this.slotOf.delete(this.ids[slot]!);
    this.ids[slot] = undefined;
    this.position[slot] = NOT_IN_HEAP;
    this.freeSlots.push(slot);
  }

  private grow(): void {
    const capacity = this.due.length * 2;
    const due = new Float64Array(capacity);
    due.set(this.due);
    const position = new Int32Array(capacity);
    position.set(this.position);
    const heap = new Int32Array(capacity);
    heap.set(this.heap);
    this.due = due;
    this.position = position;
    this.heap = heap;
  }

  /** Takes the entry at heap position `at` out of the heap; its slot stays with its id. */
  private removeAt(at: number): void {
    const slot = this.heap[at]!;
    this.position[slot] = NOT_IN_HEAP;
    const last = --this.count;
    if (at === last) return;
    const moved = this.heap[last]!;
    this.heap[at] = moved;
    this.position[moved] = at;
    this.siftUp(at);
    this.siftDown(this.position[moved]!);
  }

  private siftUp(at: number): void {
    const { heap, due, position } = this;
    const slot = heap[at]!;
    const key = due[slot]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = heap[parent]!;
      if (due[above]! <= key) break;
      heap[at] = above;
      position[above] = at;
      at = parent;
    }
    heap[at] = slot;
    position[slot] = at;
  }

  private siftDown(at: number): void {
    const { heap, due, position } = this;
    const n = this.count;
    const slot = heap[at]!;
    const key = due[slot]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && due[heap[child + 1]!]! < due[heap[child]!]!) child++;
      const below = heap[child]!;
      if (due[below]! >= key) break;
      heap[at] = below;
      position[below] = at;
      at = child;
    }
    heap[at] = slot;
    position[slot] = at;
  }
}
