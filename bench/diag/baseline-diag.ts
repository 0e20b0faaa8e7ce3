/**
 * The memory bench's one-guild baseline (RSS after READY, no load), N starts of each side, alternating:
 * `npx tsx bench/diag/baseline-diag.ts [N]`. The bench itself takes one start of each, which swings.
 */
import { buildWorld, FULL, sample } from '../memory.bench.js';
import { compileForBench } from '../lib/bot-process.js';
import { median } from '../lib/stats.js';

const n = Number(process.argv[2] ?? 5);
compileForBench();
const world = await buildWorld(1, FULL);
const rss: Record<string, number[]> = { bare: [], bot: [] };
try {
  for (let r = 0; r < n; r++) {
    for (const kind of r % 2 === 0 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const)) {
      const s = await sample(world, 'one guild', kind, FULL, false);
      rss[kind]?.push(Math.round(s.ready.rss / 1e5) / 10);
    }
  }
} finally {
  await world.fake.close();
}
console.log(
  `one-guild RSS after READY (MB): bot ${JSON.stringify(rss.bot)} median ${median(rss.bot ?? [])}; bare ${JSON.stringify(rss.bare)} median ${median(rss.bare ?? [])}`,
);
