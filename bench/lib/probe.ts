/**
 * Preloaded into every bot process the benches start (`--import` this file), the real bot and the
 * bare bot alike, so both carry the same instrumentation. It tells the parent over IPC when a
 * discord.js client becomes ready and answers memory questions, without any hook in src/.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from 'discord.js';

export interface ProbeMemory {
  type: 'memory';
  /** RSS as the process holds it, read before any forced GC. */
  rss: number;
  /** RSS after full GCs, once the freed pages have been given back: the floor of what the process holds. */
  rssAfterGc: number;
  /** RSS read the moment the GCs return (how rssAfterGc was read before 2026-12-03), for comparison. */
  rssAtOnceAfterGc: number;
  /** The heap figures are after the GCs. */
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** What discord.js holds, so a reader sees what the memory is made of. */
  caches: { guilds: number; channels: number; users: number; members: number; roles: number };
}

export type ProbeMessage = { type: 'ready' } | ProbeMemory;

let client: Client | undefined;

// Patched, not listened to: the probe loads before the bot constructs its client, and both the bot
// and the bare bot share this one discord.js module.
const emit = Client.prototype.emit as (this: Client, event: string, ...args: unknown[]) => boolean;
(Client.prototype as unknown as { emit: typeof emit }).emit = function (this: Client, event: string, ...args: unknown[]) {
  if (event === 'clientReady' && !client) {
    client = this;
    process.send?.({ type: 'ready' } satisfies ProbeMessage);
  }
  return emit.call(this, event, ...args);
};

type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Full GCs down to what is really live: plain passes first (objects behind weak references and
 * finalizers need more than one), then V8's "last resort" kind, which also gives pooled pages back.
 */
function gc(): void {
  try {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as Gc;
    collect();
    collect();
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    // No gc available: the reading is then taken as is.
  }
}

/** VmRSS from /proc (what the kernel charges the process), falling back to Node's own figure. */
function rss(): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss;
}

function cacheSizes(): ProbeMemory['caches'] {
  let members = 0;
  let roles = 0;
  for (const guild of client?.guilds.cache.values() ?? []) {
    members += guild.members.cache.size;
    roles += guild.roles.cache.size;
  }
  return {
    guilds: client?.guilds.cache.size ?? 0,
    channels: client?.channels.cache.size ?? 0,
    users: client?.users.cache.size ?? 0,
    members,
    roles,
  };
}

/**
 * RSS once it has stopped falling after the GCs: V8 hands the pages a full GC freed back to the system
 * from a background thread (its unmapper), tens of milliseconds after the GC returns. Read at once,
 * the figure still counted them: in one run about 8 MB for each bot after 10,000 interactions, gone
 * 20 ms later (bench/README.md, Memory). Polled every 20 ms, for at most 1 s.
 */
async function settledRss(): Promise<number> {
  let last = rss();
  for (let waited = 0; waited < 1000; waited += 20) {
    await new Promise((done) => setTimeout(done, 20));
    const now = rss();
    if (now >= last) return now;
    last = now;
  }
  return last;
}

process.on('message', async (message: { type?: string }) => {
  if (message?.type !== 'memory') return;
  const before = rss();
  gc();
  const atOnce = rss();
  const usage = process.memoryUsage();
  process.send?.({
    type: 'memory',
    rss: before,
    rssAfterGc: await settledRss(),
    rssAtOnceAfterGc: atOnce,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    caches: cacheSizes(),
  } satisfies ProbeMessage);
});
// The IPC channel must not keep a process alive that would otherwise exit.
process.channel?.unref();
