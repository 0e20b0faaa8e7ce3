import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createRequire } from 'node:module';

export type { Logger };

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  /** Strings that must never reach a log line (the bot token above all). */
  secrets?: string[];
  /** Where lines go; stdout by default. Tests pass a collecting stream. */
  destination?: NodeJS.WritableStream;
}

/**
 * Redacting by key is not enough: a token can hide inside an error message or a URL.
 * So every finished line is scrubbed of the secrets themselves before it is written.
 */
function scrubbing(target: NodeJS.WritableStream, secrets: string[]): NodeJS.WritableStream {
  const live = secrets.filter((s) => s.length >= 8);
  if (live.length === 0) return target;
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      let line = chunk.toString();
      for (const secret of live) line = line.split(secret).join('[redacted]');
      target.write(line);
      callback();
    },
  });
}

function loadPretty(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
}

/**
 * A request URL as a route template: no host, no query, interaction and webhook tokens replaced, and every
 * id replaced too. A DM channel id or a user id is a member's data (stored, exported), and a guild or
 * message id can point at one; which route failed is all a log needs.
 */
export function scrubRoute(url: string): string {
  return url
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/[?#].*$/, '')
    .replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, '/$1/:id/:token')
    .replace(/\/\d{5,}(?=\/|$)/g, '/:id');
}

/**
 * pino's default copies every field of an error; a discord.js request error carries the request body
 * (a member's export, their own words) and a URL with a live interaction token. Keep what diagnoses.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  const route = typeof e.url === 'string' ? scrubRoute(e.url) : undefined;
  return {
    type: error.name,
    message: error.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(typeof e.method === 'string' ? { method: e.method } : {}),
    ...(route ? { route } : {}),
    stack: error.stack,
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const base = options.destination ?? process.stdout;
  // Readable logs are for development; production never pays for loading the formatter.
  const sink = options.pretty ? loadPretty()({ destination: base, colorize: false, sync: true }) : base;
  return pino(
    {
      level: options.level,
      base: { app: 'secure-base' },
      serializers: { err: serializeError },
      redact: { paths: ['token', '*.token', 'headers.authorization', 'config.token'], censor: '[redacted]' },
    },
    scrubbing(sink, options.secrets ?? []),
  );
}
