import { CallbackType, InteractionType, TOKEN_LIFETIME_MS } from './interaction-types.js';
import type { InteractionContext, InteractionRecord } from './interaction-types.js';
import { DiscordError, Errors } from './route.js';
import type { RouteRequest, RouteResult, RouteTable } from './route.js';
import { MessageFlag } from './state.js';
import type { FakeMessage, FakeUser, Json } from './types.js';

/** Which callbacks Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

/**
 * The REST side of interactions: the callback that acknowledges one, and the webhook routes
 * for @original and follow-ups, with Discord's rules (one ack, within the deadline, valid types).
 */
export class InteractionRoutes {
  constructor(
    private readonly ctx: InteractionContext,
    /** Live interactions by token, shared with the sender. */
    private readonly byToken: Map<string, InteractionRecord>,
  ) {}

  routes(): RouteTable {
    const webhookMessage = (method: 'GET' | 'PATCH' | 'DELETE') => (req: RouteRequest) => this.webhookMessage(method, req);
    return {
      'POST /interactions/{interaction_id}/{interaction_token}/callback': (req) => this.callback(req),
      'POST /webhooks/{webhook_id}/{webhook_token}': (req) => this.followUp(req),
      'GET /webhooks/{webhook_id}/{webhook_token}/messages/@original': webhookMessage('GET'),
      'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original': webhookMessage('PATCH'),
      'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original': webhookMessage('DELETE'),
      'GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': webhookMessage('GET'),
      'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': webhookMessage('PATCH'),
      'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': webhookMessage('DELETE'),
    };
  }

  private callback(req: RouteRequest): RouteResult {
    const record = this.byToken.get(req.params.interaction_token ?? '');
    if (!record || record.id !== req.params.interaction_id) throw Errors.unknownInteraction();
    const body = (req.body ?? {}) as Json;
    const type = body.type as number;
    const data = body.data as Json | undefined;
    const elapsed = performance.now() - record.createdAt;
    if (record.callbacks.length > 0) {
      req.violate(`interaction ${record.id} acknowledged twice (second callback type ${type})`);
      throw Errors.alreadyAcknowledged();
    }
    if (this.ctx.ackDeadlineMs > 0 && elapsed > this.ctx.ackDeadlineMs) {
      req.violate(`interaction ${record.id} acknowledged after ${Math.round(elapsed)} ms (Discord allows ${this.ctx.ackDeadlineMs} ms)`);
      throw Errors.unknownInteraction();
    }
    const fromComponentMessage = Boolean(record.sourceMessageId);
    const allowed = (ALLOWED_CALLBACKS[record.type] ?? []).filter((t) => fromComponentMessage || (t !== 6 && t !== 7));
    if (!allowed.includes(type)) {
      req.violate(`callback type ${type} is not valid for interaction type ${record.type} (allowed: ${allowed.join(', ')})`);
      throw Errors.invalidFormBody({ type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Invalid interaction response type' }] } });
    }
    record.callbacks.push({ type, data, files: req.files, time: this.ctx.clock() });
    let message: FakeMessage | undefined;
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
      case CallbackType.DeferredChannelMessageWithSource: {
        const deferred = type === CallbackType.DeferredChannelMessageWithSource;
        const flags = ((data?.flags as number | undefined) ?? 0) & MessageFlag.Ephemeral;
        message = this.ctx.state.createMessage(
          record.channelId,
          {
            ...this.replyFields(record, false),
            flags: deferred ? flags | MessageFlag.Loading : 0,
          },
          deferred ? undefined : { body: data ?? {}, files: req.files },
        );
        if (!deferred) message.flags |= flags;
        record.originalId = message.id;
        break;
      }
      case CallbackType.DeferredUpdateMessage:
        record.originalId = record.sourceMessageId;
        break;
      case CallbackType.UpdateMessage: {
        const source = this.ctx.state.messages.get(record.sourceMessageId ?? '');
        if (!source) throw Errors.unknownMessage();
        message = this.ctx.state.editMessage(source, data ?? {}, req.files);
        record.originalId = source.id;
        break;
      }
      default:
    }
    this.ctx.notifier.notify('interaction');
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: Boolean(message.flags & MessageFlag.Loading),
                response_message_ephemeral: Boolean(message.flags & MessageFlag.Ephemeral),
              }
            : {}),
        },
        resource: { type, ...(message ? { message: this.ctx.state.messagePayload(message) } : {}) },
      },
    };
  }

  /** Fields Discord puts on messages sent through an interaction's webhook. */
  private replyFields(record: InteractionRecord, followUp: boolean): Partial<FakeMessage> & { author: FakeUser } {
    const data = record.payload.data as Json;
    const isCommand = record.type === InteractionType.ApplicationCommand;
    const appId = this.ctx.applicationId();
    return {
      author: this.ctx.state.botUser,
      type: isCommand && !followUp ? 20 : 0,
      webhook_id: appId,
      application_id: appId,
      interactionId: record.id,
      interaction_metadata: {
        id: record.id,
        type: record.type,
        user: { ...record.user },
        authorizing_integration_owners: record.payload.authorizing_integration_owners,
        ...(isCommand ? { name: data.name, command_type: 1 } : {}),
        ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
        ...(followUp && record.originalId ? { original_response_message_id: record.originalId } : {}),
      },
      interaction: { id: record.id, type: record.type, name: isCommand ? data.name : '', user: { ...record.user } },
    };
  }

  private webhookRecord(req: RouteRequest): InteractionRecord {
    const record = this.byToken.get(req.params.webhook_token ?? '');
    if (!record || req.params.webhook_id !== this.ctx.applicationId()) throw Errors.unknownWebhook();
    if (performance.now() - record.createdAt > TOKEN_LIFETIME_MS) throw new DiscordError(401, 50027, 'Invalid Webhook Token');
    return record;
  }

  private followUp(req: RouteRequest): RouteResult {
    const record = this.webhookRecord(req);
    if (record.callbacks.length === 0) throw Errors.unknownWebhook();
    const body = (req.body ?? {}) as Json;
    const original = this.ctx.state.messages.get(record.originalId ?? '');
    let message: FakeMessage;
    if (original && original.flags & MessageFlag.Loading && record.followUpIds.length === 0) {
      // Discord's documented quirk: the first follow-up after a deferred reply edits the
      // "thinking..." message instead of posting a new one.
      message = this.ctx.state.editMessage(original, body, req.files);
    } else {
      const flags = ((body.flags as number | undefined) ?? 0) & MessageFlag.Ephemeral;
      message = this.ctx.state.createMessage(record.channelId, { ...this.replyFields(record, true), flags: 0 }, { body, files: req.files });
      message.flags |= flags;
    }
    record.followUpIds.push(message.id);
    this.ctx.notifier.notify('message');
    if (req.query.get('wait') !== 'true') return { status: 204 };
    return { status: 200, body: this.ctx.state.messagePayload(message) };
  }

  private webhookMessage(method: 'GET' | 'PATCH' | 'DELETE', req: RouteRequest): RouteResult {
    const record = this.webhookRecord(req);
    const ref = req.params.message_id ?? '@original';
    const id = ref === '@original' ? record.originalId : ref;
    const message = id ? this.ctx.state.messages.get(id) : undefined;
    const ours = message && (message.id === record.originalId || record.followUpIds.includes(message.id));
    if (!message || message.deleted || !ours) throw Errors.unknownMessage();
    if (method === 'GET') return { status: 200, body: this.ctx.state.messagePayload(message) };
    if (method === 'DELETE') {
      this.ctx.state.deleteMessage(message);
      this.ctx.notifier.notify('message');
      return { status: 204 };
    }
    this.ctx.state.editMessage(message, (req.body ?? {}) as Json, req.files);
    if (message.id === record.originalId) record.editedAfterAck = true;
    this.ctx.notifier.notify('message');
    return { status: 200, body: this.ctx.state.messagePayload(message) };
  }
}
