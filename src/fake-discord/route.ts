import type { FakeFile } from './types.js';

/** A request as route handlers see it: path params decoded, body parsed. */
export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: FakeFile[];
  headers: Record<string, string>;
  /** Records a `discord-rule` violation: something Discord rejects that no schema catches. */
  violate(message: string): void;
}

export interface RouteResult {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
}

export type RouteHandler = (req: RouteRequest) => RouteResult | Promise<RouteResult>;

/** A route table: `'POST /channels/{channel_id}/messages'` -> handler. */
export type RouteTable = Record<string, RouteHandler>;

/** An error Discord would answer with; handlers throw it, the router serializes it. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// Discord's own wording for the errors a bot most often meets.
export const Errors = {
  unknownChannel: () => new DiscordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new DiscordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new DiscordError(404, 10008, 'Unknown Message'),
  unknownRole: () => new DiscordError(404, 10011, 'Unknown Role'),
  unknownUser: () => new DiscordError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new DiscordError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => new DiscordError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => new DiscordError(404, 10062, 'Unknown interaction'),
  missingAccess: () => new DiscordError(403, 50001, 'Missing Access'),
  missingPermissions: () => new DiscordError(403, 50013, 'Missing Permissions'),
  cannotDM: () => new DiscordError(403, 50007, 'Cannot send messages to this user'),
  notAuthor: () => new DiscordError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new DiscordError(400, 50006, 'Cannot send an empty message'),
  alreadyAcknowledged: () => new DiscordError(400, 40060, 'Interaction has already been acknowledged.'),
  invalidFormBody: (errors: Record<string, unknown> = {}) => new DiscordError(400, 50035, 'Invalid Form Body', { errors }),
} as const;

interface CompiledTemplate {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalScore: number[];
}

/**
 * Matches concrete paths against `{param}` templates. Literal segments beat parameters, so
 * `/users/@me` is not taken for `/users/{user_id}` nor `@original` for `{message_id}`.
 */
export class TemplateMatcher {
  private readonly compiled: CompiledTemplate[];

  constructor(templates: Iterable<string>) {
    this.compiled = [...templates]
      .map((template) => {
        const segments = template.split('/').filter(Boolean);
        const paramNames: string[] = [];
        const pattern = segments
          .map((s) => {
            const m = /^\{(.+)\}$/.exec(s);
            if (!m) return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            paramNames.push(m[1]!);
            return '([^/]+)';
          })
          .join('/');
        return {
          template,
          regex: new RegExp(`^/${pattern}$`),
          paramNames,
          literalScore: segments.map((s) => (s.startsWith('{') ? 0 : 1)),
        };
      })
      .sort((a, b) => {
        for (let i = 0; i < Math.min(a.literalScore.length, b.literalScore.length); i++) {
          const d = b.literalScore[i]! - a.literalScore[i]!;
          if (d !== 0) return d;
        }
        return 0;
      });
  }

  /** All templates matching `path`, most specific first. */
  matchAll(path: string): { template: string; params: Record<string, string> }[] {
    const out: { template: string; params: Record<string, string> }[] = [];
    for (const t of this.compiled) {
      const m = t.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [i, name] of t.paramNames.entries()) params[name] = m[i + 1]!;
      out.push({ template: t.template, params });
    }
    return out;
  }
}
