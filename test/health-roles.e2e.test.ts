import { describe, expect, it } from 'vitest';
import { BotMetrics } from '../src/health/metrics.js';
import { checkHealth } from '../src/health/server.js';
import { useHarness } from './helpers/harness.js';

const h = useHarness();

describe('/healthz across processes', () => {
  it('a standby (another process holds the scheduler role) is healthy without a clock of its own, and says it is not the scheduler', async () => {
    const report = await checkHealth({
      client: h.bot.client,
      store: h.bot.store,
      metrics: new BotMetrics(),
      scheduler: { lastTickAt: undefined },
      leadership: { isLeader: false },
    });
    expect(report).toMatchObject({ ok: true, scheduler: false, gateway: 'ready', store: 'ok', reasons: [] });
  });

  it('the process holding the role is unhealthy until its clock has ticked', async () => {
    const report = await checkHealth({
      client: h.bot.client,
      store: h.bot.store,
      metrics: new BotMetrics(),
      scheduler: { lastTickAt: undefined },
      leadership: { isLeader: true },
    });
    expect(report).toMatchObject({ ok: false, scheduler: true, reasons: ['the scheduler has not ticked yet'] });
    await h.bot.scheduler.tick();
    const after = await checkHealth({
      client: h.bot.client,
      store: h.bot.store,
      metrics: new BotMetrics(),
      scheduler: h.bot.scheduler,
      leadership: { isLeader: true },
    });
    expect(after).toMatchObject({ ok: true, scheduler: true });
  });

  it("a shard process's metrics all carry its shard id", async () => {
    const metrics = new BotMetrics({ shard: 1 });
    metrics.reminder('sent');
    metrics.error('interaction');
    const text = await metrics.text();
    const samples = text.split('\n').filter((line) => line.startsWith('securebase_'));
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(sample, sample).toMatch(/shard="1"/);
  });
});
