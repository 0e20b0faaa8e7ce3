import type { RecordStore } from './raw-store.js';
import type { Repository } from './repository.js';

/**
 * A member's data across every namespace keyed by their user id. Kept in one place so that
 * show, export and delete can never disagree about what "everything" is.
 */
export class PersonalData {
  constructor(
    private readonly raw: RecordStore,
    private readonly repositories: readonly Repository<unknown>[],
  ) {}

  /** Namespace -> decrypted record, only for namespaces that hold something for this member. */
  async collect(userId: string): Promise<Record<string, unknown>> {
    const found: Record<string, unknown> = {};
    for (const repository of this.repositories) {
      const value = await repository.get(userId);
      if (value !== undefined) found[repository.namespace] = value;
    }
    return found;
  }

  /**
   * Removes every record keyed to the member, then checkpoints the write-ahead log so no copy of
   * the deleted rows stays in it (secure_delete already zeroes them in the main file).
   */
  async deleteAll(userId: string): Promise<string[]> {
    const removed: string[] = [];
    for (const repository of this.repositories) {
      if ((await repository.get(userId)) !== undefined) removed.push(repository.namespace);
      await repository.delete(userId);
    }
    await this.raw.checkpoint();
    return removed;
  }
}
