import { describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { findButton } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const DAY = 24 * 60 * 60 * 1000;
const h = useHarness();

function allRows(): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(h.bot.store.file, sqlite3.OPEN_READONLY);
    db.all('SELECT key, value FROM keyv ORDER BY key', (error, rows) => db.close(() => (error ? reject(error) : resolve(rows))));
  });
}

/** Opens "Write it down now" (notice triggers) and submits it; returns the modal-submit handle. */
async function writeThought(user: typeof h.member, thought: string, other = 'They might just be busy') {
  const strategy = await h.fake.slash({ user, guildId: h.guild.id, name: 'strategy', options: { name: 'notice-triggers' } }).reply();
  const open = h.fake.button({ user, message: strategy, customId: findButton(strategy, 'Write it down now').custom_id });
  const modal = await open.modal();
  expect(modal.title).toBe('Log a moment of worry');
  return h.fake.modalSubmit({ from: open, fields: { p0: thought, p1: other } });
}

describe('write it down (strategy exercises)', () => {
  it('shows their words back with a reflection, privately, and stores nothing', async () => {
    const before = await allRows();
    const submit = await writeThought(h.member, "They haven't replied, so they must be upset with me");
    const reply = await submit.reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const embed = reply.embeds[0]!;
    expect(embed.fields!.map((f) => f.value).join('\n')).toContain("> They haven't replied, so they must be upset with me");
    expect(embed.fields!.at(-1)!.value).toMatch(/Nothing you typed here was saved/);
    expect(submit.followUps).toHaveLength(0);
    expect(await allRows()).toEqual(before);
  });

  it('shows a long answer of many short lines back in full', async () => {
    // 1000 characters in 500 lines: quoting each line with "> " would have needed 1999 characters.
    const thought = Array.from({ length: 500 }, (_, i) => String(i % 10))
      .join('\n')
      .padEnd(1000, '.');
    const reply = await (await writeThought(h.member, thought)).reply();
    expect(reply.embeds[0]!.fields![0]!.value).toBe(`>>> ${thought}`);
  });

  it('crisis language puts the crisis lines first, once a day at most, and stores nothing about it', async () => {
    const before = await allRows();
    const first = await writeThought(h.other, "Honestly I don't want to be here anymore");
    const crisis = await first.reply();
    expect(crisis.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(crisis.embeds[0]!.title).toBe('Help right now');
    expect(crisis.embeds[0]!.description).toMatch(/you don't have to carry it alone/);
    const reflection = await h.fake.waitFor(() => first.followUps[0]);
    expect(reflection.embeds[0]!.title).toBe('Log a moment of worry');

    h.clock.advance(60 * 60 * 1000);
    const again = await (await writeThought(h.other, "I still don't want to be here anymore")).reply();
    expect(again.embeds[0]!.title).toBe('Log a moment of worry');

    h.clock.advance(DAY);
    const nextDay = await (await writeThought(h.other, 'I want to end my life')).reply();
    expect(nextDay.embeds[0]!.title).toBe('Help right now');
    expect(await allRows()).toEqual(before);
    expect(h.logs.text()).not.toMatch(/end my life|want to be here/);
  });

  it('everyday idioms do not trigger the crisis lines', async () => {
    const reply = await (await writeThought(h.member, 'Waiting for a reply is killing me, I am dying to hear from them')).reply();
    expect(reply.embeds[0]!.title).toBe('Log a moment of worry');
  });
});
