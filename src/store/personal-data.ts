import type { RecordStore } from './raw-store.js';
import type { Repository } from './repository.js';

/** Deletes one member's record of a namespace through the service that owns it (and its indexes). */
export type OwnedDelete = (userId: string) => Promise<unknown>;

/**
 * A member's data across every namespace keyed by their user id. Kept in one place so that
 * show, export and delete can never disagree about what "everything" is.
 */
export class PersonalData {
  constructor(
    private readonly raw: RecordStore,
    private readonly repositories: readonly Repository<unknown>[],
    /** Namespace -> its owner's delete, for records a service keeps an index of (reminders: the due index). */
    private readonly owners: Readonly<Record<string, OwnedDelete>> = {},
  ) {}

  /** The same data, with deletes of the given namespaces going through their owning services. */
  ownedBy(owners: Readonly<Record<string, OwnedDelete>>): PersonalData {
    return new PersonalData(this.raw, this.repositories, { ...this.owners, ...owners });
  }

  /** Every namespace keyed to a member, so /privacy show can be checked to have words for each. */
  get namespaces(): string[] {
    return this.repositories.map((r) => r.namespace);
  }

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
      const owned = this.owners[repository.namespace];
      if (owned) await owned(userId);
      else await repository.delete(userId);
    }
    await this.raw.checkpoint();
    return removed;
  }
}
