import { existsSync, readFileSync } from 'node:fs';
import { loadImage } from '@napi-rs/canvas';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { findButton, findComponent, type FakeMessage, type FakeUser } from '../src/fake-discord/index.js';
import { Codec } from '../src/store/codec.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const h = useHarness();

function allRows(): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(h.bot.store.file, sqlite3.OPEN_READONLY);
    db.all('SELECT key, value FROM keyv ORDER BY key', (error, rows) => db.close(() => (error ? reject(error) : resolve(rows))));
  });
}

function rawBytes(): Buffer {
  const file = h.bot.store.file;
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

function newMember(name: string): FakeUser {
  const user = h.fake.addUser({ username: `${name}${Date.now() % 100000}` });
  h.fake.addMember(h.guild.id, user.id);
  return user;
}

const log = (user: FakeUser, subcommand: string, options: Record<string, string | number> = {}) =>
  h.fake.slash({ user, guildId: h.guild.id, name: 'log', subcommand, options });

async function press(user: FakeUser, message: FakeMessage, label: string | RegExp) {
  return h.fake.button({ user, message: h.fake.message(message.id) ?? message, customId: findButton(message, label).custom_id });
}

/** Says yes to the first-time explanation; returns the handle of the "Yes" press, which opens the form. */
async function optIn(user: FakeUser) {
  const ask = await log(user, 'add').reply();
  const yes = await press(user, ask, 'Yes, keep my log');
  await yes.modal();
  return yes;
}

/** Opens the form (already opted in) and submits it. */
async function addEntry(user: FakeUser, fields: Record<string, string | string[]>) {
  const open = log(user, 'add');
  await open.modal();
  return h.fake.modalSubmit({ from: open, fields }).reply();
}

describe('/log add', () => {
  it('the first time explains what is kept and asks; saying no stores nothing at all', async () => {
    const user = newMember('never');
    const before = await allRows();
    const ask = await log(user, 'add').reply();
    expect(ask.flags & EPHEMERAL).toBe(EPHEMERAL);
    const explanation = ask.embeds[0]!.description!;
    expect(explanation).toMatch(/encrypted/);
    expect(explanation).toMatch(/\/privacy delete/);
    expect(explanation).toMatch(/\/log list/);
    const no = await (await press(user, ask, 'No thanks')).reply();
    expect(no.content).toMatch(/nothing was saved/i);
    // Looking around is not opting in either.
    expect((await log(user, 'review').reply()).content).toMatch(/don't have a private log yet/);
    expect((await log(user, 'list').reply()).content).toMatch(/don't have a private log yet/);
    await h.fake.slash({ user, guildId: h.guild.id, name: 'focus', subcommand: 'history' }).reply();
    expect(await allRows()).toEqual(before);
    const hashed = new Codec(Buffer.from(h.encryptionKey, 'base64')).hashId(user.id);
    expect(rawBytes().includes(hashed)).toBe(false);
  });

  it('after yes the form opens in one modal of five labelled parts, and a ten-second entry saves', async () => {
    const user = newMember('first');
    const yes = await optIn(user);
    const modal = await yes.modal();
    const parts = modal.components as { type: number; label: string; component: { type: number; custom_id: string; required?: boolean } }[];
    expect(parts).toHaveLength(5);
    expect(parts.every((p) => p.type === 18)).toBe(true);
    expect(parts.map((p) => p.component.type)).toEqual([4, 3, 3, 4, 4]);
    expect(parts.filter((p) => p.component.required !== false).map((p) => p.component.custom_id)).toEqual(['happened']);
    expect(await h.bot.store.log.get(user.id)).toMatchObject({ entries: [] });

    const saved = await h.fake.modalSubmit({ from: yes, fields: { happened: 'No reply all evening' } }).reply();
    expect(saved.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(saved.content).toMatch(/Saved to your private log/);
    const record = await h.bot.store.log.get(user.id);
    expect(record?.entries).toHaveLength(1);
    expect(record?.entries[0]).toMatchObject({ happened: 'No reply all evening', feelings: [], strength: null });
    // Encrypted at rest: the words never appear in the file.
    expect(rawBytes().includes(Buffer.from('No reply all evening'))).toBe(false);
  });

  it('without the consent step once opted in, with feelings and strength, and bad input saves nothing', async () => {
    const user = newMember('full');
    await h.fake.modalSubmit({ from: await optIn(user), fields: { happened: 'first' } }).reply();
    const full = await addEntry(user, {
      happened: 'Plans changed last minute',
      feelings: ['worried', 'rejected'],
      strength: ['7'],
      mind: 'They are losing interest',
      next: 'Ask calmly tomorrow',
    });
    expect(full.content).toMatch(/Worried, Rejected or left out/);
    expect(full.content).toMatch(/7 out of 10/);
    expect((await h.bot.store.log.get(user.id))?.entries.at(-1)).toMatchObject({
      feelings: ['worried', 'rejected'],
      strength: 7,
      mind: 'They are losing interest',
      next: 'Ask calmly tomorrow',
    });

    const count = async () => (await h.bot.store.log.get(user.id))!.entries.length;
    const before = await count();
    // What a tampered client could send: the real form's custom_id, values Discord's client would never allow.
    const customId = await (async () => {
      const open = log(user, 'add');
      return (await open.modal()).custom_id as string;
    })();
    const forged = async (fields: Record<string, string | string[]>) =>
      (await h.fake.modalSubmit({ user, guildId: h.guild.id, customId, fields }).reply()).content;
    expect(await forged({ happened: '   ' })).toMatch(/a few words about what happened/);
    expect(await forged({ happened: 'x'.repeat(201) })).toMatch(/at most 200 characters/);
    expect(await forged({ happened: 'ok', strength: ['11'] })).toMatch(/from 0 to 10/);
    expect(await forged({ happened: 'ok', strength: ['3', '4'] })).toMatch(/from 0 to 10/);
    expect(await forged({ happened: 'ok', feelings: ['worried', 'made-up'] })).toMatch(/isn't on the list/);
    expect(await count()).toBe(before);
  });

  it('crisis language in the log shows the crisis lines first, and the entry is still saved as asked', async () => {
    const user = newMember('crisis');
    await h.fake.modalSubmit({ from: await optIn(user), fields: { happened: 'start' } }).reply();
    const open = log(user, 'add');
    await open.modal();
    const submit = h.fake.modalSubmit({ from: open, fields: { happened: 'Another fight', mind: 'I want to kill myself' } });
    const first = await submit.reply();
    expect(first.embeds[0]!.title).toMatch(/help/i);
    await h.fake.waitFor(() => submit.followUps.length > 0);
    expect(submit.followUps[0]!.content).toMatch(/Saved to your private log/);
    expect(h.logs.text()).not.toMatch(/kill myself/);
  });
});

describe('"Save to my log" on a writing exercise', () => {
  it('holds the text in memory, saves it only when pressed (asking first the first time)', async () => {
    const user = newMember('writer');
    const strategy = await h.fake.slash({ user, guildId: h.guild.id, name: 'strategy', options: { name: 'notice-triggers' } }).reply();
    const open = h.fake.button({ user, message: strategy, customId: findButton(strategy, 'Write it down now').custom_id });
    await open.modal();
    const rowsBefore = await allRows();
    const reflection = await h.fake.modalSubmit({ from: open, fields: { p0: 'Partner went quiet after dinner', p1: 'Scared they were bored' } }).reply();
    expect(findButton(reflection, 'Save to my log')).toBeDefined();
    expect(await allRows()).toEqual(rowsBefore);
    expect(h.bot.context.heldTexts.size).toBeGreaterThan(0);

    const ask = await (await press(user, reflection, 'Save to my log')).reply();
    expect(ask.embeds[0]!.description).toMatch(/encrypted/);
    const done = await (await press(user, ask, 'Yes, keep my log and save this')).reply();
    expect(done.content).toMatch(/saved in it/);
    expect((await h.bot.store.log.get(user.id))?.entries[0]).toMatchObject({
      happened: 'Partner went quiet after dinner',
      mind: 'Scared they were bored',
      source: 'notice-triggers',
    });
  });

  it('is gone after 15 minutes: nothing saved', async () => {
    const user = newMember('late');
    await h.fake.modalSubmit({ from: await optIn(user), fields: { happened: 'start' } }).reply();
    const strategy = await h.fake.slash({ user, guildId: h.guild.id, name: 'strategy', options: { name: 'notice-triggers' } }).reply();
    const open = h.fake.button({ user, message: strategy, customId: findButton(strategy, 'Write it down now').custom_id });
    await open.modal();
    const reflection = await h.fake.modalSubmit({ from: open, fields: { p0: 'They must be upset with me' } }).reply();
    h.clock.advance(15 * 60_000 + 1000);
    const late = await (await press(user, reflection, 'Save to my log')).reply();
    expect(late.content).toMatch(/held for 15 minutes/);
    expect((await h.bot.store.log.get(user.id))?.entries).toHaveLength(1);
  });
});

describe('/log review and /log list', () => {
  it('review counts, names the top feelings, shows the strength trend and a decoded heat map PNG', async () => {
    const user = newMember('review');
    await h.fake.modalSubmit({ from: await optIn(user), fields: { happened: 'old one', strength: ['2'] } }).reply();
    // A week later: three evening entries (UTC, the zone when none was chosen), stronger than before.
    h.clock.advance(7 * DAY);
    const evening = Math.floor(h.clock.now() / DAY) * DAY + 20 * HOUR;
    for (const [i, strength] of ['6', '8', '7'].entries()) {
      h.clock.set(evening + i * DAY);
      await addEntry(user, { happened: `late message ${i}`, feelings: i === 2 ? ['lonely'] : ['worried', 'lonely'], strength: [strength] });
    }
    h.clock.advance(HOUR);
    const reply = await log(user, 'review').reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const embed = reply.embeds[0]!;
    expect(embed.description).toMatch(/Entries: \*\*3\*\* in the last 7 days/);
    expect(embed.description).toMatch(/Lonely \(3\), Worried \(2\)/);
    expect(embed.description).toMatch(/Average strength: \*\*7\.0\*\*/);
    expect(embed.description).toMatch(/higher than the 7 days before \(2\.0\)/);
    const when = embed.fields!.find((f) => /picture, in words/.test(f.name))!.value;
    expect(when).toMatch(/evening/);
    expect(embed.fields!.some((f) => /What repeats\?/.test(f.value))).toBe(true);
    expect(findButton(reply, /Try next: /).label).toBe('Try next: Seek support');

    expect(reply.attachments.map((a) => a.filename)).toEqual(['log-when.png']);
    const png = reply.files[0]!.data;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([800, 400]);
    expect((embed.image as { url: string }).url).toBe('attachment://log-when.png');

    // The button opens the strategy that fits the most common feeling.
    const strategy = await (await press(user, reply, /Try next/)).reply();
    expect(strategy.embeds[0]!.title).toMatch(/support/i);
  });

  it('list pages newest first with a delete button on each; deleting one removes just that one', async () => {
    const user = newMember('lister');
    await h.fake.modalSubmit({ from: await optIn(user), fields: { happened: 'entry 0' } }).reply();
    for (let i = 1; i < 7; i++) {
      h.clock.advance(60_000);
      await addEntry(user, { happened: `entry ${i}` });
    }
    const page = await log(user, 'list').reply();
    expect(page.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(page.embeds[0]!.fields!.map((f) => f.value)).toEqual(['> entry 6', '> entry 5', '> entry 4', '> entry 3', '> entry 2']);
    expect(page.embeds[0]!.footer!.text).toMatch(/Page 1 of 2 · 7 entries/);
    const older = await (await press(user, page, 'Older')).reply();
    expect(h.fake.message(page.id)!.embeds[0]!.fields!.map((f) => f.value)).toEqual(['> entry 1', '> entry 0']);
    expect(older).toBeDefined();

    const current = h.fake.message(page.id)!;
    await (await press(user, current, 'Delete 7')).reply();
    const after = h.fake.message(page.id)!;
    expect(after.content).toMatch(/Deleted that entry/);
    const left = (await h.bot.store.log.get(user.id))!.entries.map((e) => e.happened);
    expect(left).toEqual(['entry 1', 'entry 2', 'entry 3', 'entry 4', 'entry 5', 'entry 6']);
    expect(findComponent(after, (c) => c.type === 2 && c.label === 'Delete 7')).toBeUndefined();
  });
});
