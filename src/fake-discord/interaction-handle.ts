import { CallbackType, InteractionType } from './interaction-types.js';
import type { CallbackRecord, InteractionContext, InteractionRecord } from './interaction-types.js';
import { MessageFlag } from './state.js';
import type { FakeMessage, Json } from './types.js';

/**
 * A test's grip on one interaction it sent: how the bot answered and what the reply message
 * looks like now (after edits). Returned by `fake.slash()`, `fake.button()` and friends.
 */
export class InteractionHandle {
  constructor(
    private readonly ctx: InteractionContext,
    /** @internal */ readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** The INTERACTION_CREATE payload as dispatched. */
  get payload(): Json {
    return this.record.payload;
  }

  get callbacks(): readonly CallbackRecord[] {
    return this.record.callbacks;
  }

  get acknowledged(): boolean {
    return this.record.callbacks.length > 0;
  }

  /** The first callback (type + data), or a rejection naming the interaction after the timeout. */
  response(timeoutMs = this.ctx.responseTimeoutMs): Promise<CallbackRecord> {
    return this.ctx.notifier.waitFor(() => this.record.callbacks[0], {
      timeoutMs,
      what: `the bot to respond to ${this.describe()}`,
    });
  }

  /** The reply message's current state (the clicked message for updates), if any yet. */
  message(): FakeMessage | undefined {
    return this.record.originalId ? this.ctx.state.messages.get(this.record.originalId) : undefined;
  }

  /**
   * Waits for the reply to be complete: immediately for type 4 and 7, after the edit of
   * @original for deferred replies (5) and deferred updates (6).
   */
  async reply(timeoutMs = this.ctx.responseTimeoutMs): Promise<FakeMessage> {
    const started = Date.now();
    const first = await this.response(timeoutMs);
    if (first.type === CallbackType.Modal) throw new Error(`FakeDiscord: ${this.describe()} was answered with a modal; use handle.modal()`);
    if (first.type === CallbackType.AutocompleteResult) throw new Error(`FakeDiscord: ${this.describe()} was answered with choices; use handle.choices()`);
    return this.ctx.notifier.waitFor(
      () => {
        const msg = this.message();
        if (!msg) return undefined;
        if (first.type === CallbackType.DeferredChannelMessageWithSource && msg.flags & MessageFlag.Loading) return undefined;
        if (first.type === CallbackType.DeferredUpdateMessage && !this.record.editedAfterAck) return undefined;
        return msg;
      },
      {
        timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
        what: `the deferred reply to ${this.describe()} to be edited (callback type ${first.type})`,
      },
    );
  }

  /** Follow-up messages (current state), oldest first. */
  get followUps(): FakeMessage[] {
    return this.record.followUpIds.map((id) => this.ctx.state.messages.get(id)).filter((m): m is FakeMessage => Boolean(m));
  }

  /** The modal the bot showed (callback type 9 data). */
  async modal(timeoutMs = this.ctx.responseTimeoutMs): Promise<Json> {
    const first = await this.response(timeoutMs);
    if (first.type !== CallbackType.Modal || !first.data) {
      throw new Error(`FakeDiscord: ${this.describe()} was answered with callback type ${first.type}, not a modal`);
    }
    return first.data;
  }

  /** The autocomplete choices the bot offered (callback type 8). */
  async choices(timeoutMs = this.ctx.responseTimeoutMs): Promise<Json[]> {
    const first = await this.response(timeoutMs);
    if (first.type !== CallbackType.AutocompleteResult) {
      throw new Error(`FakeDiscord: ${this.describe()} was answered with callback type ${first.type}, not choices`);
    }
    return (first.data?.choices as Json[] | undefined) ?? [];
  }

  describe(): string {
    const data = this.record.payload.data as Json;
    const what =
      this.record.type === InteractionType.ApplicationCommand || this.record.type === InteractionType.Autocomplete
        ? `/${String(data.name)}`
        : `custom_id "${String(data.custom_id)}"`;
    const kind = Object.entries(InteractionType).find(([, v]) => v === this.record.type)?.[0] ?? this.record.type;
    return `${kind} interaction ${what} from ${this.record.user.username}`;
  }
}
