import { describe, expect, it } from 'vitest';
import { Events } from 'discord.js';
import sqlite3 from 'sqlite3';
import { Codec } from '../src/store/codec.js';
import { useHarness } from './helpers/harness.js';

const h = useHarness();

const CALLBACK = /\/interactions\/\d+\/[^/]+\/callback/;

function about(user = h.member) {
  return h.fake.slash({ user, guildId: h.guild.id, name: 'about' });
}

function successfulCallbacks(interactionId: string) {
  return h.fake.requests.filter((r) => r.path.includes(`/interactions/${interactionId}/`) && r.status < 300);
}

describe('Discord misbehaving', () => {
  it.each([
    ['429 with retry-after on the interaction callback: the bot waits, answers once', { status: 429, retryAfter: 1 }],
    ['a 5xx on the interaction callback is retried and the member still gets one answer', { status: 502, times: 1 }],
  ])('%s', async (_name, fault) => {
    const injected = h.fake.injectFault({ method: 'POST', path: CALLBACK, ...fault });
    const handle = about();
    const reply = await handle.reply(8000);
    expect(injected.hits).toBe(1);
    expect(reply.embeds).toHaveLength(1);
    expect(successfulCallbacks(handle.id)).toHaveLength(1);
  });

  it('the gateway closing mid-session: the client resumes and an interaction sent meanwhile is not lost', async () => {
    const resumesBefore = h.fake.gateway.resumes;
    const resumed = new Promise((done) => h.bot.client.once(Events.ShardResume, done));
    h.fake.gateway.closeAll(4000);
    const sentWhileDown = about();
    await resumed;
    expect(h.fake.gateway.resumes).toBe(resumesBefore + 1);
    expect((await sentWhileDown.reply()).embeds).toHaveLength(1);
  });

  it('op 7 reconnect: the client reconnects and resumes', async () => {
    const resumesBefore = h.fake.gateway.resumes;
    const resumed = new Promise((done) => h.bot.client.once(Events.ShardResume, done));
    h.fake.gateway.sendReconnect();
    await resumed;
    expect(h.fake.gateway.resumes).toBe(resumesBefore + 1);
    expect((await about().reply()).embeds).toHaveLength(1);
  });

  it('op 9 invalid session (not resumable): a fresh identify, and the bot keeps answering', async () => {
    const identifiesBefore = h.fake.gateway.identifies;
    h.fake.gateway.invalidateSession(false);
    // discord.js allows one identify per 5 s per client; give it that long.
    await h.fake.waitFor(() => h.fake.gateway.identifies > identifiesBefore, { timeoutMs: 12_000, what: 'a fresh IDENTIFY' });
    await h.fake.waitFor(() => h.bot.client.ws.ping !== undefined && h.bot.client.isReady(), 5000);
    expect((await about().reply(8000)).embeds).toHaveLength(1);
  }, 20_000);
});

describe('the disk misbehaving', () => {
  it('a locked SQLite file: the write waits and lands, nothing is lost', async () => {
    const db = new sqlite3.Database(h.bot.store.file);
    await new Promise<void>((done, fail) => db.exec('BEGIN EXCLUSIVE', (e) => (e ? fail(e) : done())));
    let landed = false;
    const write = h.bot.store.members.set(h.other.id, { lastTimeZone: 'Europe/Berlin' }).then(() => (landed = true));
    await new Promise((done) => setTimeout(done, 700));
    expect(landed).toBe(false);
    await new Promise<void>((done, fail) => db.exec('COMMIT', (e) => (e ? fail(e) : done())));
    await new Promise<void>((done) => db.close(() => done()));
    await write;
    expect(await h.bot.store.members.get(h.other.id)).toEqual({ lastTimeZone: 'Europe/Berlin' });
  });

  it('a corrupt record is skipped and logged; the member can still use the bot', async () => {
    await h.bot.store.members.set(h.member.id, { lastTimeZone: 'Europe/Paris' });
    const key = `sb:members:${new Codec(Buffer.from(h.encryptionKey, 'base64')).hashId(h.member.id)}`;
    const db = new sqlite3.Database(h.bot.store.file);
    await new Promise<void>((done, fail) => db.run("UPDATE keyv SET value = 'v1:bm90IHJlYWw=' WHERE key = ?", [key], (e) => (e ? fail(e) : done())));
    await new Promise<void>((done) => db.close(() => done()));
    // The running bot still holds the decoded record in memory; the damage is met on its next read from disk.
    h.bot.store.members.invalidate(h.member.id);

    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    expect(reply.embeds[0]!.description).toMatch(/^Nothing/);
    expect(h.logs.text()).toContain('unreadable record skipped');
  });
});
