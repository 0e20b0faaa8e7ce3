import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeDiscord } from '../fake-discord/index.js';

// The page's files are plain JS/CSS served as they are, from the sources (the compiled bot runs from dist/).
const PUBLIC_DIR = join(PROJECT_ROOT, 'src', 'playground', 'public');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** Nothing from elsewhere: no CDN, no remote fonts or images, so the page works offline and leaks nothing. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

export interface PageServerOptions {
  port: number;
  fake: FakeDiscord;
  /** Called for each message from the page; the return value is sent back as its answer. */
  onRequest(request: Record<string, unknown>): Promise<unknown>;
  /** The first message a page gets on connecting. */
  hello(): unknown;
}

export interface PageServer {
  url: string;
  broadcast(event: Record<string, unknown>): void;
  close(): Promise<void>;
}

/**
 * Serves the page (static files read from disk: no build step), uploaded attachments, and one
 * WebSocket per open tab. Bound to 127.0.0.1; Host and Origin are checked too, so neither another
 * website in the same browser nor a DNS-rebinding trick can drive the playground.
 */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  let allowedHosts = new Set<string>();
  const server: Server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) return end(res, 421, 'Misdirected request');
    serve(req, res, options.fake);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin ?? '';
    const ok = allowedHosts.has(req.headers.host ?? '') && [...allowedHosts].some((h) => origin === `http://${h}`);
    if (!ok || new URL(req.url ?? '/', 'http://x').pathname !== '/ws') return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, options));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/`,
    broadcast(event) {
      const text = JSON.stringify(event);
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function connect(ws: WebSocket, options: PageServerOptions): void {
  ws.send(JSON.stringify({ event: 'hello', ...(options.hello() as object) }));
  ws.on('message', (data) => {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(String(data)) as Record<string, unknown>;
    } catch {
      return;
    }
    options.onRequest(request).then(
      (result) => ws.send(JSON.stringify({ re: request.id, ok: true, result })),
      (error: unknown) => ws.send(JSON.stringify({ re: request.id, ok: false, error: error instanceof Error ? error.message : String(error) })),
    );
  });
}

/** Only files that were in public/ at start-up can be served, so no path can escape it. */
const files = new Map(
  readdirSync(PUBLIC_DIR)
    .filter((f) => TYPES[extname(f)])
    .map((f) => [`/${f}`, f]),
);

function serve(req: IncomingMessage, res: ServerResponse, fake: FakeDiscord): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    end(res, 405, 'Method not allowed');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const attachment = /^\/attachments\/(\d+)\/[^/]+$/.exec(path);
  if (attachment) {
    const file = fake.state.attachmentFile(attachment[1]!);
    if (!file) {
      end(res, 404, 'Not found');
      return;
    }
    // An upload is shown, never run: a bot could send HTML or SVG with script in it.
    res.writeHead(200, {
      'content-type': /^image\/(png|jpeg|gif|webp)$/.test(file.contentType) ? file.contentType : 'application/octet-stream',
      'content-disposition': /^image\//.test(file.contentType) ? 'inline' : `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    });
    res.end(file.data);
    return;
  }
  const name = files.get(path === '/' ? '/index.html' : path);
  if (!name) {
    end(res, 404, 'Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(name)]!,
    // Read on every request so edits to the page show on reload.
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(join(PUBLIC_DIR, name)));
}

function end(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
