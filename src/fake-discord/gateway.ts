import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zlibConstants, createDeflate, type Deflate } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import type { Json } from './types.js';

/** Gateway opcodes (Discord's numbering). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Close codes a client sending these means "I'm gone": Discord invalidates the session. */
const SESSION_ENDING_CLOSES = new Set([1000, 1001]);
/** How many dispatches a session keeps for RESUME; Discord's own window is similar in spirit. */
const REPLAY_BUFFER = 2000;

export interface GatewayHooks {
  token: string;
  /** READY's `d` for a new session (without session_id / resume url, which the gateway adds). */
  readyPayload(intents: number): Json;
  /** GUILD_CREATE payloads to send after READY, built for the session's intents. */
  initialGuilds(intents: number): Json[];
  onChange(): void;
}

interface Session {
  id: string;
  intents: number;
  /** [shard_id, num_shards] from IDENTIFY; [0, 1] when the client did not shard. */
  shard: [number, number];
  seq: number;
  buffer: { op: 0; t: string; s: number; d: Json }[];
  connection: Connection | null;
  /** Set while a connection has identified or resumed and not yet closed. */
  live: boolean;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  deflate: Deflate | null;
  sendChain: Promise<void>;
}

/**
 * The WebSocket gateway: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATEs, RESUME with
 * replay, and the faults a resilient bot must survive (server closes, op 7, op 9).
 *
 * Sessions outlive connections: an event dispatched while the bot is reconnecting is kept
 * and replayed on RESUME, which is exactly what a resume test needs to prove.
 */
export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  private nextSession = 1;

  /** Counters for assertions: how often the bot identified, resumed and (re)connected. */
  identifies = 0;
  resumes = 0;
  connectionCount = 0;
  heartbeats = 0;
  /** The [shard_id, num_shards] of every IDENTIFY, in order. */
  readonly identifiedShards: [number, number][] = [];
  /** Every payload the bot sent (op, d), for tests that check presence updates and the like. */
  readonly received: { op: number; d: unknown; time: number }[] = [];

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly url: () => string,
    private readonly heartbeatIntervalMs: number,
  ) {
    this.wss.on('connection', (socket: WebSocket, request: IncomingMessage) => this.accept(socket, request));
  }

  /** False during an outage (`setAvailable(false)`): every connection attempt is dropped. */
  #available = true;

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.#available) return void socket.destroy();
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  /** True once some session has identified or resumed and is connected. */
  get ready(): boolean {
    return [...this.sessions.values()].some((s) => s.live);
  }

  /** Number of sessions that would receive a dispatch (connected or awaiting resume). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Sends an event to every session whose intents cover it (or always when `intent` is
   * omitted, as for INTERACTION_CREATE). Disconnected sessions buffer it for their RESUME.
   */
  dispatch(event: string, data: Json | ((intents: number) => Json), intent?: number): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      const d = typeof data === 'function' ? data(session.intents) : data;
      if (!onShard(eventGuildId(event, d), session.shard)) continue;
      const payload = { op: 0 as const, t: event, s: ++session.seq, d };
      session.buffer.push(payload);
      if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
      if (session.live && session.connection) this.send(session.connection, payload);
      delivered++;
    }
    this.hooks.onChange();
    return delivered;
  }

  /** Server-side close of every connection; codes 4000-4009 make discord.js resume. */
  closeAll(code = 4000, reason = 'FakeDiscord closeAll'): void {
    for (const c of this.connections) c.socket.close(code, reason);
  }

  /**
   * A gateway outage: closes every connection and drops new ones until `setAvailable(true)`, so the
   * client keeps trying to reconnect (and is not ready) for as long as it lasts.
   */
  setAvailable(available: boolean): void {
    this.#available = available;
    if (!available) for (const c of this.connections) c.socket.terminate();
  }

  /** op 7: the client should close and RESUME. */
  sendReconnect(): void {
    for (const c of this.connections) this.send(c, { op: Op.Reconnect, d: null, s: null, t: null });
  }

  /**
   * op 9. Resumable: the client RESUMEs on the same connection. Not resumable: the session is
   * forgotten and the client must IDENTIFY again (discord.js waits ~5 s per identify bucket).
   */
  invalidateSession(resumable: boolean): void {
    for (const c of this.connections) {
      if (!resumable && c.session) {
        this.sessions.delete(c.session.id);
        c.session = null;
      }
      this.send(c, { op: Op.InvalidSession, d: resumable, s: null, t: null });
    }
  }

  /** Forgets every session (as after a Discord-side restart): the next RESUME is refused. */
  dropSessions(): void {
    this.sessions.clear();
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const params = new URL(request.url ?? '/', 'http://x').searchParams;
    if (params.get('encoding') && params.get('encoding') !== 'json') {
      socket.close(4002, 'FakeDiscord only speaks encoding=json');
      return;
    }
    const conn: Connection = {
      socket,
      session: null,
      deflate: params.get('compress') === 'zlib-stream' ? createDeflate() : null,
      sendChain: Promise.resolve(),
    };
    this.connections.add(conn);
    this.connectionCount++;
    socket.on('message', (raw) => this.onMessage(conn, raw.toString()));
    socket.on('close', (code) => this.onClose(conn, code));
    socket.on('error', () => socket.terminate());
    this.send(conn, { op: Op.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ['fake-gateway'] }, s: null, t: null });
    this.hooks.onChange();
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    const session = conn.session;
    if (session) {
      session.live = false;
      session.connection = null;
      if (SESSION_ENDING_CLOSES.has(code)) this.sessions.delete(session.id);
    }
    conn.deflate?.close();
    this.hooks.onChange();
  }

  private onMessage(conn: Connection, text: string): void {
    let payload: { op?: number; d?: unknown };
    try {
      payload = JSON.parse(text) as { op?: number; d?: unknown };
    } catch {
      conn.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    this.received.push({ op: payload.op ?? -1, d: payload.d, time: Date.now() });
    switch (payload.op) {
      case Op.Heartbeat:
        this.heartbeats++;
        this.send(conn, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        this.identify(conn, payload.d as { token?: string; intents?: number });
        return;
      case Op.Resume:
        this.resume(conn, payload.d as { token?: string; session_id?: string; seq?: number | null });
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!conn.session) conn.socket.close(4003, 'Not authenticated.');
        return;
      default:
        conn.socket.close(4001, 'Unknown opcode.');
    }
  }

  private identify(conn: Connection, d: { token?: string; intents?: number; shard?: unknown }): void {
    if (conn.session) return void conn.socket.close(4005, 'Already authenticated.');
    if (stripBot(d?.token) !== this.hooks.token) return void conn.socket.close(4004, 'Authentication failed.');
    const shard = parseShard(d.shard);
    if (!shard) return void conn.socket.close(4010, 'Invalid shard.');
    this.identifies++;
    this.identifiedShards.push(shard);
    const intents = d.intents ?? 0;
    const session: Session = {
      id: `fake-session-${this.nextSession++}`,
      intents,
      shard,
      seq: 0,
      buffer: [],
      connection: conn,
      live: true,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const base = this.hooks.readyPayload(intents) as { guilds?: { id: string }[] };
    // A shard is told about, and then sent, only its own guilds; discord.js waits for each one listed.
    const guilds = (base.guilds ?? []).filter((g) => onShard(g.id, shard));
    const ready = { ...base, guilds, shard, session_id: session.id, resume_gateway_url: this.url() };
    this.sendDispatch(session, 'READY', ready as Json);
    for (const guild of this.hooks.initialGuilds(intents)) {
      if (onShard(String((guild as { id?: unknown }).id), shard)) this.sendDispatch(session, 'GUILD_CREATE', guild);
    }
    this.hooks.onChange();
  }

  private resume(conn: Connection, d: { token?: string; session_id?: string; seq?: number | null }): void {
    if (stripBot(d?.token) !== this.hooks.token) return void conn.socket.close(4004, 'Authentication failed.');
    const session = d.session_id ? this.sessions.get(d.session_id) : undefined;
    if (!session) {
      // Unknown or expired session: Discord answers op 9 (not resumable) and the client re-identifies.
      this.send(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.connection && session.connection !== conn) session.connection.socket.close(4009, 'Session taken over');
    this.resumes++;
    session.connection = conn;
    session.live = true;
    conn.session = session;
    const since = d.seq ?? 0;
    for (const p of session.buffer) if (p.s > since) this.send(conn, p);
    this.sendDispatch(session, 'RESUMED', { _trace: ['fake-gateway'] });
    this.hooks.onChange();
  }

  private sendDispatch(session: Session, t: string, d: Json): void {
    const payload = { op: 0 as const, t, s: ++session.seq, d };
    session.buffer.push(payload);
    if (session.connection) this.send(session.connection, payload);
  }

  /**
   * zlib-stream (used by discord.js when `zlib-sync` is installed) is one deflate context per
   * connection, each payload ending in a sync flush; sends are chained to keep that order.
   */
  private send(conn: Connection, payload: unknown): void {
    const text = JSON.stringify(payload);
    const { deflate } = conn;
    if (!deflate) {
      if (conn.socket.readyState === WebSocket.OPEN) conn.socket.send(text);
      return;
    }
    conn.sendChain = conn.sendChain.then(
      () =>
        new Promise<void>((resolve) => {
          const chunks: Buffer[] = [];
          const onData = (chunk: Buffer) => chunks.push(chunk);
          deflate.on('data', onData);
          deflate.write(text);
          deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
            deflate.off('data', onData);
            if (conn.socket.readyState === WebSocket.OPEN) conn.socket.send(Buffer.concat(chunks));
            resolve();
          });
        }),
    );
  }
}

/** Discord's routing: a guild's events go to shard (guild_id >> 22) % num_shards. */
export function shardOfGuild(guildId: string, numShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

/** Events without a guild (DMs, user-installed app interactions outside servers) go to shard 0. */
function onShard(guildId: string | undefined, [id, count]: [number, number]): boolean {
  return guildId === undefined ? id === 0 : shardOfGuild(guildId, count) === id;
}

/** Events whose `d` is the guild itself; every other guild event names it in `guild_id`. */
const GUILD_OBJECT_EVENTS = new Set(['GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE']);

function eventGuildId(event: string, d: Json): string | undefined {
  const data = d as { id?: unknown; guild_id?: unknown } | null;
  const id = GUILD_OBJECT_EVENTS.has(event) ? data?.id : data?.guild_id;
  return typeof id === 'string' && /^\d+$/.test(id) ? id : undefined;
}

function parseShard(value: unknown): [number, number] | undefined {
  if (value === undefined || value === null) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as [unknown, unknown];
  if (!Number.isInteger(id) || !Number.isInteger(count) || (count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return undefined;
  return [id as number, count as number];
}

function stripBot(token: string | undefined): string | undefined {
  return token?.replace(/^Bot\s+/i, '');
}
