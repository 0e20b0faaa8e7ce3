import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Status, type Client } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { BotMetrics } from './metrics.js';

/** The scheduler ticks every minute; two minutes without a tick means its clock stopped. */
export const TICK_STALE_MS = 2 * 60_000;

export interface HealthSources {
  client: Client;
  store: Pick<Store, 'verify'>;
  metrics: BotMetrics;
  /** Set in the process that runs the scheduler's clock: then a stale clock makes it unhealthy. */
  scheduler?: { lastTickAt: number | undefined };
  /** Who holds the scheduler role (PostgreSQL: one process of many; SQLite: always this one). A standby is healthy. */
  leadership?: { readonly isLeader: boolean };
  now?: () => number;
}

export interface HealthReport {
  ok: boolean;
  /** Whether this process runs the scheduler (a standby without it is healthy too). */
  scheduler: boolean;
  gateway: 'ready' | 'not ready';
  store: 'ok' | string;
  /** Seconds since the scheduler last ticked; only when `scheduler` is true. */
  lastTickSecondsAgo?: number | null;
  /** Why the process is not healthy; empty when it is. */
  reasons: string[];
}

/** Ready gateway, answering store and (scheduler process only) a tick within two minutes. */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const reasons: string[] = [];
  // The manager stays "ready" through a reconnect; each shard's own status says whether events arrive.
  const shards = sources.client.ws.shards;
  const gatewayReady = sources.client.isReady() && shards.size > 0 && shards.every((shard) => shard.status === Status.Ready);
  if (!gatewayReady) reasons.push('the Discord gateway is not connected');
  const storeProblem = await sources.store.verify();
  if (storeProblem) reasons.push(storeProblem);
  const leading = sources.scheduler !== undefined && (sources.leadership?.isLeader ?? true);
  const report: HealthReport = { ok: false, scheduler: leading, gateway: gatewayReady ? 'ready' : 'not ready', store: storeProblem ?? 'ok', reasons };
  if (leading && sources.scheduler) {
    const last = sources.scheduler.lastTickAt;
    const age = last === undefined ? null : (sources.now ?? Date.now)() - last;
    report.lastTickSecondsAgo = age === null ? null : Math.round(age / 1000);
    if (age === null || age > TICK_STALE_MS)
      reasons.push(age === null ? 'the scheduler has not ticked yet' : `the scheduler last ticked ${Math.round(age / 1000)} s ago`);
  }
  report.ok = reasons.length === 0;
  return report;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /healthz (JSON, 200 or 503) and GET /metrics (Prometheus text). Bound to 127.0.0.1 unless the
 * host chooses otherwise: metrics say how busy the bot is, which is nobody else's business.
 */
export async function startHealthServer(options: HealthSources & { port: number; host: string; logger: Logger }): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/healthz') {
        const report = await checkHealth(options);
        response.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify(report));
      } else if (path === '/metrics') {
        const text = await options.metrics.text();
        response.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
        response.end(text);
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /healthz or /metrics\n');
      }
    };
    answer().catch((error: unknown) => {
      options.logger.error({ err: error }, 'health endpoint failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  options.logger.info({ url: `${url}/healthz`, metrics: `${url}/metrics` }, 'health and metrics listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
