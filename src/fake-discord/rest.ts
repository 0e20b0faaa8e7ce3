import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordError, TemplateMatcher } from './route.js';
import type { RouteHandler, RouteRequest, RouteResult, RouteTable } from './route.js';
import { checkDiscordRules } from './rules.js';
import type { SchemaValidator } from './schema-validator.js';
import type { FakeFile, RecordedRequest, Violation } from './types.js';

export interface FaultSpec {
  /** Any method when omitted. */
  method?: string;
  /** A RegExp tested on the path, or a string equal to the path or to its spec template. */
  path: RegExp | string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many requests to fail; default 1, `Infinity` until cancelled. */
  times?: number;
  /** 429 only: seconds to wait (default 1). */
  retryAfter?: number;
  /** 429 only: a global rate limit (adds `x-ratelimit-global`). */
  global?: boolean;
  /** 429 only: `user` (default), `global` or `shared`. */
  scope?: 'user' | 'global' | 'shared';
}

export interface FaultHandle {
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

export interface RouteRateLimit {
  limit: number;
  windowMs: number;
}

export interface RestOptions {
  token: string;
  clock: () => number;
  validator: SchemaValidator | null;
  rejectInvalidBodies: boolean;
  routeRateLimit: RouteRateLimit | null;
  onChange(kind: 'request'): void;
}

interface Fault extends FaultSpec {
  hits: number;
  left: number;
}

/** Interaction routes authenticate with the token in the path and skip the global limit. */
const TOKEN_ROUTES = /^\/(interactions\/[^/]+\/[^/]+\/callback|webhooks\/[^/]+\/[^/]+)/;
const API_PREFIX = /^\/api\/v(\d+)(\/.*)$/;

/**
 * The HTTP side: parses what discord.js sends (JSON or multipart), checks auth, enforces
 * rate limits and injected faults, validates bodies against Discord's spec, dispatches to the
 * route tables and records everything for tests.
 */
export class RestServer {
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  private readonly faults: Fault[] = [];
  private readonly routes = new Map<string, RouteHandler>();
  private readonly matcher: TemplateMatcher;
  private globalPerSecond: number | null = null;
  private globalWindow = { start: 0, count: 0 };
  private readonly routeWindows = new Map<string, { start: number; count: number }>();
  /** Extra non-API routes (attachment downloads) served as raw bytes. */
  rawHandler: ((path: string) => { type: string; data: Buffer } | undefined) | null = null;

  constructor(
    private readonly opts: RestOptions,
    tables: RouteTable[],
  ) {
    for (const table of tables) for (const [key, handler] of Object.entries(table)) this.routes.set(key, handler);
    this.matcher = new TemplateMatcher(new Set([...this.routes.keys()].map((k) => k.slice(k.indexOf(' ') + 1))));
  }

  injectFault(spec: FaultSpec): FaultHandle {
    const fault: Fault = { ...spec, hits: 0, left: spec.times ?? 1 };
    this.faults.push(fault);
    return {
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.left;
      },
      cancel: () => {
        fault.left = 0;
      },
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** A real global limit (requests per second) with Discord's 429 shape; null turns it off. */
  setGlobalRateLimit(perSecond: number | null): void {
    this.globalPerSecond = perSecond;
    this.globalWindow = { start: 0, count: 0 };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const apiMatch = API_PREFIX.exec(url.pathname);
    if (!apiMatch) {
      const file = method === 'GET' ? this.rawHandler?.(url.pathname) : undefined;
      if (file) {
        res.writeHead(200, { 'content-type': file.type, 'content-length': file.data.byteLength });
        res.end(file.data);
      } else send(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    // discord.js percent-encodes path segments (`@original` arrives as `%40original`).
    const path = apiMatch[2]!.split('/').map(safeDecode).join('/').replace(/\/+$/, '') || '/';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const record: RecordedRequest = {
      method,
      path,
      route: null,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: undefined,
      files: [],
      status: 0,
      time: this.opts.clock(),
    };
    this.requests.push(record);
    let result: RouteResult;
    let extraHeaders: Record<string, string> = {};
    try {
      const parsed = await parseBody(headers['content-type'] ?? '', raw);
      record.body = parsed.body;
      record.files = parsed.files;
      ({ result, headers: extraHeaders } = await this.route(method, path, url.searchParams, record));
    } catch (error) {
      if (!(error instanceof DiscordError)) throw error;
      if (error.code === 50109) this.violate('invalid-json', record, [{ path: '/', message: error.message }]);
      result = { status: error.status, body: { message: error.message, code: error.code, ...error.extra } };
    }
    record.status = result.status;
    record.response = result.body;
    send(res, result.status, result.body, extraHeaders);
    this.opts.onChange('request');
  }

  private async route(
    method: string,
    path: string,
    query: URLSearchParams,
    record: RecordedRequest,
  ): Promise<{ result: RouteResult; headers: Record<string, string> }> {
    const candidates = this.matcher.matchAll(path);
    const found = candidates.find((c) => this.routes.has(`${method} ${c.template}`));
    const spec = this.opts.validator?.match(method, path) ?? null;
    record.route = found?.template ?? (spec?.methodKnown ? spec.template : null);
    const tokenRoute = TOKEN_ROUTES.test(path);

    let invalid = false;
    if (record.route && this.opts.validator && record.body !== undefined) {
      const issues = this.opts.validator.validate(method, spec?.template ?? record.route, record.body);
      if (issues.length) this.violate('schema', record, issues);
      invalid = issues.length > 0;
    }
    const rules = checkDiscordRules(record.route, record.body);
    if (rules.length)
      this.violate(
        'discord-rule',
        record,
        rules.map((message) => ({ path: '/', message })),
      );

    if (!found) {
      const implemented = candidates.length > 0;
      const kind = spec?.methodKnown ? 'not-implemented' : 'unknown-route';
      const message =
        kind === 'not-implemented'
          ? `FakeDiscord does not implement ${method} ${spec!.template}; add it to src/fake-discord`
          : `${method} ${path} is not a Discord API route`;
      this.violate(kind, record, [{ path: '/', message }]);
      if (implemented && kind === 'unknown-route') return { result: { status: 405, body: { message: '405: Method Not Allowed', code: 0 } }, headers: {} };
      return { result: { status: 404, body: { message: '404: Not Found', code: 0 } }, headers: {} };
    }

    const auth = record.headers.authorization ?? '';
    const needsBotAuth = !tokenRoute && path !== '/gateway';
    if (needsBotAuth && auth !== `Bot ${this.opts.token}`) {
      return { result: { status: 401, body: { message: '401: Unauthorized', code: 0 } }, headers: {} };
    }

    if (!tokenRoute) {
      const limited = this.checkGlobalLimit();
      if (limited) return limited;
    }

    const fault = this.faults.find((f) => f.left > 0 && matchesFault(f, method, path, found.template));
    if (fault) {
      fault.left--;
      fault.hits++;
      return faultResponse(fault);
    }

    const { limitedResult, headers } = this.routeLimit(method, found.template, found.params);
    if (limitedResult) return { result: limitedResult, headers };

    if (this.opts.rejectInvalidBodies && invalid) {
      return { result: { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: {} } }, headers };
    }

    const request: RouteRequest = {
      method,
      path,
      params: found.params,
      query,
      body: record.body,
      files: record.files,
      headers: record.headers,
      violate: (message) => this.violate('discord-rule', record, [{ path: '/', message }]),
    };
    const result = await this.routes.get(`${method} ${found.template}`)!(request);
    return { result, headers };
  }

  private violate(kind: Violation['kind'], record: RecordedRequest, errors: Violation['errors']): void {
    this.violations.push({ kind, method: record.method, path: record.path, route: record.route, errors, body: record.body, time: record.time });
  }

  private checkGlobalLimit(): { result: RouteResult; headers: Record<string, string> } | null {
    if (this.globalPerSecond === null) return null;
    const now = Date.now();
    if (now - this.globalWindow.start >= 1000) this.globalWindow = { start: now, count: 0 };
    if (this.globalWindow.count >= this.globalPerSecond) {
      const retryAfter = (this.globalWindow.start + 1000 - now) / 1000;
      return {
        result: { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 } },
        headers: {
          'retry-after': String(Math.max(1, Math.ceil(retryAfter))),
          'x-ratelimit-global': 'true',
          'x-ratelimit-scope': 'global',
        },
      };
    }
    this.globalWindow.count++;
    return null;
  }

  /**
   * Per-route buckets keyed like Discord's: route template + major parameter (channel, guild,
   * webhook). Headers go on every response; a client ignoring them gets a 429.
   */
  private routeLimit(method: string, template: string, params: Record<string, string>): { limitedResult?: RouteResult; headers: Record<string, string> } {
    const limits = this.opts.routeRateLimit;
    if (!limits) return { headers: {} };
    const bucket = createHash('sha1').update(`${method} ${template}`).digest('hex').slice(0, 16);
    // Interaction callbacks are limited per interaction on Discord, not across all of them.
    const major = params.channel_id ?? params.guild_id ?? (params.webhook_id ? `${params.webhook_id}/${params.webhook_token}` : (params.interaction_id ?? ''));
    const key = `${bucket}:${major}`;
    const now = Date.now();
    let w = this.routeWindows.get(key);
    if (!w || now >= w.start + limits.windowMs) {
      w = { start: now, count: 0 };
      this.routeWindows.set(key, w);
    }
    const resetAfter = (w.start + limits.windowMs - now) / 1000;
    const headers = (remaining: number) => ({
      'x-ratelimit-limit': String(limits.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': ((w.start + limits.windowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
    });
    if (w.count >= limits.limit) {
      return {
        limitedResult: { status: 429, body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false, code: 0 } },
        headers: { ...headers(0), 'retry-after': String(Math.max(1, Math.ceil(resetAfter))), 'x-ratelimit-scope': 'user' },
      };
    }
    w.count++;
    return { headers: headers(limits.limit - w.count) };
  }
}

function matchesFault(f: Fault, method: string, path: string, template: string): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  return typeof f.path === 'string' ? f.path === path || f.path === template : f.path.test(path);
}

function faultResponse(f: Fault): { result: RouteResult; headers: Record<string, string> } {
  if (f.status !== 429) {
    return { result: { status: f.status, body: f.body ?? { message: `${f.status}: Injected fault`, code: 0 } }, headers: f.headers ?? {} };
  }
  const retryAfter = f.retryAfter ?? 1;
  const global = f.global ?? false;
  return {
    result: {
      status: 429,
      body: f.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global, code: 0 },
    },
    headers: {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': retryAfter.toFixed(3),
      'x-ratelimit-scope': f.scope ?? (global ? 'global' : 'user'),
      // discord.js treats the mere presence of this header as "global", whatever its value.
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      ...f.headers,
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  // Without this header discord.js reads the body as an ArrayBuffer and silently mis-parses.
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * JSON or multipart (what discord.js sends with files: `payload_json` plus `files[n]`).
 * Node's WHATWG Request does the multipart parsing, so no dependency is needed.
 */
async function parseBody(contentType: string, raw: Buffer): Promise<{ body: unknown; files: FakeFile[] }> {
  if (raw.byteLength === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    const files: FakeFile[] = [];
    let body: Record<string, unknown> = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = { ...body, ...(parseJson(value) as Record<string, unknown>) };
        else body[field] = value;
      } else {
        files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
  }
}
