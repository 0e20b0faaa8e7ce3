/**
 * /breathe at scale: 100 members start paced breathing at the same moment and every phase is an edit
 * of each member's own interaction response. Run: `npx tsx bench/breathe.bench.ts` (about 70 s: the
 * exercise runs in real time, as members would see it).
 *
 * Measured against the fake's limits as Discord applies them: 50 requests per second per route and
 * webhook token (an interaction's edits share one bucket), and a 50 per second global limit, which
 * interaction routes are exempt from (Discord documents this; the fake does the same).
 * Reported: edits landed out of edits expected, 429 answers, how late each phase was shown after its
 * due time, the busiest second across all members, and the busiest second for one message.
 */
import { commandDefinitions } from '../src/interactions/definitions.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Routes } from 'discord.js';
import { commands } from '../commands/index.js';
import { createBot } from '../src/bot.js';
import { parseConfig } from '../src/config/index.js';
import { FakeDiscord } from '../src/fake-discord/index.js';
import { PHASES, phaseStart } from '../src/hard-moment/breathing.js';
import { createLogger } from '../src/logger.js';
import { percentile, sleep } from './lib/stats.js';

export interface BreatheResult {
  members: number;
  editsExpected: number;
  editsLanded: number;
  rateLimited: number;
  /** From 100 commands dispatched at once to each first reply. */
  replyP50Ms: number;
  replyP99Ms: number;
  /** How far each phase edit landed from its due time, relative to the member's first edit. */
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  busiestSecondAll: number;
  busiestSecondOneMessage: number;
}

export async function runBreatheBench(members = 100): Promise<BreatheResult> {
  const fake = await FakeDiscord.start({ validateSchemas: false, routeRateLimit: { limit: 50, windowMs: 1000 }, waitTimeoutMs: 90_000 });
  fake.setGlobalRateLimit(50);
  const guild = fake.addGuild({ name: 'Bench' });
  const users = Array.from({ length: members }, (_, i) => {
    const user = fake.addUser({ username: `breather${i}` });
    fake.addMember(guild.id, user.id);
    return user;
  });
  const dir = mkdtempSync(join(tmpdir(), 'sb-breathe-'));
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.application.id,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${join(dir, 'bench.sqlite')}`,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  });
  const bot = await createBot({ config, commands, logger: createLogger({ level: 'warn', pretty: false, secrets: [fake.token] }) });
  try {
    await bot.start();
    await bot.client.rest.put(Routes.applicationCommands(fake.application.id), { body: commandDefinitions(commands, bot.context.content) });
    const dispatchedAt = Date.now();
    const handles = users.map((user) => fake.slash({ user: user.id, guildId: guild.id, name: 'breathe' }));
    const replies = await Promise.all(handles.map((h) => h.reply()));
    await sleep(phaseStart(PHASES) + 3000);

    const edits = fake.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/webhooks/'));
    const landed = edits.filter((r) => r.status === 200);
    const lateness: number[] = [];
    const perMessage = new Map<string, number[]>();
    for (const edit of landed) {
      const id = (edit.response as { id: string }).id;
      const times = perMessage.get(id) ?? [];
      times.push(edit.time);
      perMessage.set(id, times);
    }
    // Drift of each phase from its due time, measured from the member's first edit (phase 1), so the
    // time the 100 replies took to go out at the start is not counted as lateness.
    for (const times of perMessage.values()) {
      times.sort((a, b) => a - b);
      for (const [k, t] of times.entries()) lateness.push(t - (times[0]! + phaseStart(k + 1) - phaseStart(1)));
    }
    const replyMs = replies.map((_, i) => handles[i]!.callbacks[0]!.time - dispatchedAt);
    const busiest = (times: number[]) => {
      let best = 0;
      for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j]! - times[i]! >= 1000) i++;
        best = Math.max(best, j - i + 1);
      }
      return best;
    };
    return {
      members,
      editsExpected: members * PHASES,
      editsLanded: landed.length,
      rateLimited: fake.requests.filter((r) => r.status === 429).length,
      replyP50Ms: percentile(replyMs, 50),
      replyP99Ms: percentile(replyMs, 99),
      latenessP50Ms: percentile(lateness, 50),
      latenessP99Ms: percentile(lateness, 99),
      latenessMaxMs: Math.max(...lateness),
      busiestSecondAll: busiest(landed.map((r) => r.time).sort((a, b) => a - b)),
      busiestSecondOneMessage: Math.max(...[...perMessage.values()].map((t) => busiest(t))),
    };
  } finally {
    await bot.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runBreatheBench(Number(process.env.BREATHE_MEMBERS) || 100);
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.rateLimited === 0 && result.editsLanded === result.editsExpected ? 0 : 1);
}
