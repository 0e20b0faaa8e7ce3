import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreOperation } from '../store/index.js';

/** What an interaction was, as a metric label: only names from the bot's own code, never input. */
export interface InteractionLabel {
  /** command, autocomplete, button, select, modal or other. */
  type: string;
  /** A command name, or `command:action` for components; `unknown` for anything the bot does not handle. */
  name: string;
}

export type ErrorKind = 'interaction' | 'scheduled_run' | 'discord_client' | 'store';
export type ReminderOutcome = 'sent' | 'late' | 'skipped' | 'refused';

export interface MetricsOptions {
  /** Node's own process metrics (CPU, memory, event-loop lag, GC); on for the real bot, off in tests. */
  processMetrics?: boolean;
  /** Set in a shard process (SHARD_COUNT): every metric carries `shard`, so one scrape per port tells them apart. */
  shard?: number | undefined;
}

/**
 * The bot's Prometheus metrics, on the context as `metrics`. Labels are names from the code (command,
 * action, error kind, store operation): no member id, no text anyone typed, so /metrics is safe to scrape.
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly #interactions: Counter<'type' | 'name' | 'outcome'>;
  readonly #latency: Histogram<'type'>;
  readonly #errors: Counter<'kind'>;
  readonly #reminders: Counter<'outcome'>;
  readonly #rateLimited: Counter;
  readonly #storeLatency: Histogram<'operation'>;
  #queueDepth: () => number = () => 0;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.shard !== undefined) this.registry.setDefaultLabels({ shard: String(options.shard) });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'securebase_' });
    this.#interactions = new Counter({
      name: 'securebase_interactions_total',
      help: 'Interactions served, by type, command (or command:action) and outcome (ok, error).',
      labelNames: ['type', 'name', 'outcome'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'securebase_interaction_duration_seconds',
      help: 'From receiving an interaction to finishing its handling, by type.',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#errors = new Counter({
      name: 'securebase_errors_total',
      help: 'Unexpected errors by kind: interaction, scheduled_run, discord_client, store.',
      labelNames: ['kind'],
      registers,
    });
    this.#reminders = new Counter({
      name: 'securebase_reminders_total',
      help: 'Reminder DMs: sent; late (sent over a minute after their time); skipped (missed past the grace window); refused (Discord would not deliver).',
      labelNames: ['outcome'],
      registers,
    });
    const depth = () => this.#queueDepth();
    new Gauge({
      name: 'securebase_delivery_queue_depth',
      help: 'Scheduled sends waiting in or going through the paced delivery queue.',
      registers,
      collect() {
        this.set(depth());
      },
    });
    this.#rateLimited = new Counter({ name: 'securebase_discord_429_total', help: 'HTTP 429 answers seen from Discord.', registers });
    this.#storeLatency = new Histogram({
      name: 'securebase_store_operation_duration_seconds',
      help: 'Store operations (get, set, delete, one scan page), including busy retries.',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    // Every label combination the bot can produce for these is known; zero them so a scrape shows them.
    for (const kind of ['interaction', 'scheduled_run', 'discord_client', 'store'] satisfies ErrorKind[]) this.#errors.inc({ kind }, 0);
    for (const outcome of ['sent', 'late', 'skipped', 'refused'] satisfies ReminderOutcome[]) this.#reminders.inc({ outcome }, 0);
  }

  interaction(label: InteractionLabel, seconds: number, failed: boolean): void {
    this.#interactions.inc({ type: label.type, name: label.name, outcome: failed ? 'error' : 'ok' });
    this.#latency.observe({ type: label.type }, seconds);
  }

  error(kind: ErrorKind): void {
    this.#errors.inc({ kind });
  }

  reminder(outcome: ReminderOutcome): void {
    this.#reminders.inc({ outcome });
  }

  rateLimited(): void {
    this.#rateLimited.inc();
  }

  storeOperation(operation: StoreOperation, seconds: number, failed = false): void {
    this.#storeLatency.observe({ operation }, seconds);
    if (failed) this.#errors.inc({ kind: 'store' });
  }

  /** Where the delivery queue depth is read from at each scrape. */
  watchQueueDepth(read: () => number): void {
    this.#queueDepth = read;
  }

  /** A count the bot keeps itself (src/counters.ts), exported as `securebase_<name>` when scraped. */
  exportCount(source: { readonly name: string; readonly help: string; readonly value: number }): void {
    let reported = 0;
    new Counter({
      name: `securebase_${source.name}`,
      help: source.help,
      registers: [this.registry],
      collect() {
        if (source.value > reported) this.inc(source.value - reported);
        reported = source.value;
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
