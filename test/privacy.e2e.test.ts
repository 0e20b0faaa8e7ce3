import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findButton } from '../src/fake-discord/index.js';
import { REMINDER_PREFIX } from '../src/reminders/service.js';
import { hasDescriber } from '../src/privacy/index.js';
import { Codec } from '../src/store/codec.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const h = useHarness();

async function seed(userId: string): Promise<void> {
  await h.bot.store.members.set(userId, { lastTimeZone: 'Europe/London' });
  await h.bot.store.selfcheckHistory.set(userId, { results: [{ at: Date.UTC(2026, 1, 1), mean: 3.2, band: 'some' }] });
}

function rawBytes(): Buffer {
  const file = h.bot.store.file;
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

describe('/privacy', () => {
  it('show lists everything in plain words, and says so when there is nothing', async () => {
    const empty = await h.fake.slash({ user: h.other, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    expect(empty.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(empty.embeds[0]!.description).toMatch(/^Nothing/);
    expect(empty.embeds[0]!.fields ?? []).toEqual([]);

    await seed(h.member.id);
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    expect(reply.embeds[0]!.description).toMatch(/PRIVACY\.md/);
    const fields = Object.fromEntries((reply.embeds[0]!.fields ?? []).map((f) => [f.name, f.value]));
    expect(Object.keys(fields)).toEqual(['Saved self-check results', 'Your time zone']);
    expect(fields['Saved self-check results']).toMatch(/^1 saved result: February 1, 2026, 3\.2 out of 5 \(Some\)\./);
    expect(fields['Saved self-check results']).toMatch(/deleted 365 days after it was saved/);
    expect(fields['Your time zone']).toMatch(/^The last time zone you chose for reminders: Europe\/London\./);
    expect(fields['Your time zone']).toMatch(/until you use `\/privacy delete`/);
  });

  it('show puts a reminder schedule, several results and whom they were about into sentences, never field names', async () => {
    const user = h.fake.addUser({ username: 'noor' });
    h.fake.addMember(h.guild.id, user.id);
    // Dates read in the member's Discord language (en-US here). Thursday 5 March 2026 is 07:15 in Pacific/Chatham at 18:15 UTC the day before (UTC+13:45).
    h.clock.set(Date.UTC(2026, 2, 4, 12, 0));
    await h.fake
      .slash({
        user,
        guildId: h.guild.id,
        name: 'reminders',
        subcommand: 'set',
        options: { time: '07:15', timezone: 'Pacific/Chatham', 'skip-partner-practices': true },
      })
      .reply();
    await h.bot.store.selfcheckHistory.set(user.id, {
      results: [
        { at: Date.UTC(2026, 0, 10), mean: 3.8, band: 'many' },
        { at: Date.UTC(2026, 2, 1), mean: 2.9, band: 'some', statements: 2, about: 'ex' },
      ],
    });
    h.clock.advance(2_000);
    const reply = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    const embed = reply.embeds[0]!;
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(Object.keys(fields)).toEqual(['Reminders', 'Saved self-check results', 'Your time zone']);
    expect(fields.Reminders).toMatch(
      /^07:15 every day, Pacific\/Chatham time, practices from all five strategies, leaving out practices that need a partner\. Next one Thursday 07:15\./,
    );
    expect(fields.Reminders).toMatch(/Reminders sent so far: 0; marked done this week: 0\. Written in American English/);
    expect(fields.Reminders).toMatch(/\*\*Why and for how long:\*\* To send the reminders you asked for.*removed after 90 days/);
    expect(fields['Saved self-check results']).toMatch(
      /^2 saved results since January 10, 2026\. The latest: March 1, 2026, 2\.9 out of 5 \(Some\), about: An ex\./,
    );
    expect(fields['Saved self-check results']).toMatch(/from 2 versions of the statements/);
    const everything = JSON.stringify(embed);
    for (const name of ['dmChannelId', 'nextDueUtc', 'lastSentOccurrence', 'rotationSeed', 'skipPartner', 'lastTimeZone'])
      expect(everything).not.toContain(name);
  });

  it('has plain words for every kind of record kept about a member', () => {
    const missing = h.bot.store.personal.namespaces.filter((namespace) => !hasDescriber(namespace));
    expect(missing).toEqual([]);
  });

  it('export sends a JSON file by DM with everything decrypted', async () => {
    await seed(h.member.id);
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'privacy', subcommand: 'export' }).reply();
    expect(reply.content).toMatch(/direct message/);
    const dm = await h.fake.waitFor(() => h.fake.dmsTo(h.member.id).find((m) => m.files.length > 0));
    const file = dm.files[0]!;
    expect(file.filename).toBe('secure-base-my-data.json');
    const exported = JSON.parse(file.data.toString('utf8'));
    expect(exported.userId).toBe(h.member.id);
    expect(exported.data.members.lastTimeZone).toBe('Europe/London');
    expect(exported.data['selfcheck-history'].results[0].mean).toBe(3.2);
  });

  it('export with DMs closed hands the file over privately instead', async () => {
    await seed(h.other.id);
    h.fake.refuseDMs(h.other.id);
    const reply = await h.fake.slash({ user: h.other, guildId: h.guild.id, name: 'privacy', subcommand: 'export' }).reply();
    h.fake.refuseDMs(h.other.id, false);
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/direct messages are closed/);
    expect(reply.attachments[0]!.filename).toBe('secure-base-my-data.json');
  });

  it('delete asks first; confirming leaves no trace in the raw database file', async () => {
    await seed(h.member.id);
    const hashed = new Codec(Buffer.from(h.encryptionKey, 'base64')).hashId(h.member.id);
    expect(rawBytes().includes(hashed)).toBe(true);

    const ask = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
    expect(ask.content).toMatch(/cannot be undone/);
    const confirmId = findButton(ask, /Yes, delete/).custom_id;

    expect(await h.bot.store.members.get(h.member.id)).toBeDefined();

    const done = await h.fake.button({ user: h.member, message: ask, customId: confirmId }).reply();
    expect(done.content).toMatch(/has been deleted/);
    expect(await h.bot.store.personal.collect(h.member.id)).toEqual({});

    const bytes = rawBytes();
    // The plain id never reaches the file (keys are keyed hashes); the hashed key is what proves the delete.
    expect(bytes.includes(h.member.id)).toBe(false);
    expect(bytes.includes(hashed)).toBe(false);
  });

  it('keeping the data changes nothing', async () => {
    await seed(h.member.id);
    const ask = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
    const kept = await h.fake.button({ user: h.member, message: ask, customId: findButton(ask, 'Keep my data').custom_id }).reply();
    expect(kept.content).toBe('Nothing was deleted.');
    expect(Object.keys(await h.bot.store.personal.collect(h.member.id))).toHaveLength(2);
  });

  it('covers reminders too: shown, exported, and after delete no reminder is ever sent', async () => {
    const user = h.fake.addUser({ username: 'kit' });
    h.fake.addMember(h.guild.id, user.id);
    const set = await h.fake
      .slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '10:00', timezone: 'UTC', days: 'daily' } })
      .reply();
    expect(set.content).toMatch(/10:00/);

    const shown = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    expect(shown.embeds[0]!.fields?.find((f) => f.name === 'Reminders')?.value).toMatch(/^10:00 every day, UTC time/);

    await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'export' }).reply();
    const dm = await h.fake.waitFor(() => h.fake.dmsTo(user.id).find((m) => m.files.length > 0));
    const exported = JSON.parse(dm.files[0]!.data.toString('utf8'));
    expect(exported.data.reminders).toMatchObject({ hour: 10, minute: 0, timeZone: 'UTC', dmChannelId: h.fake.dmChannel(user.id).id });
    expect(exported.data.members.lastTimeZone).toBe('UTC');

    expect(h.bot.scheduler.dueAt(REMINDER_PREFIX, user.id)).toBeTypeOf('number');
    const ask = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
    await h.fake.button({ user, message: ask, customId: findButton(ask, /Yes, delete/).custom_id }).reply();
    expect(await h.bot.store.personal.collect(user.id)).toEqual({});
    // The delete went through the reminders service: the due index forgot the schedule at once.
    expect(h.bot.scheduler.dueAt(REMINDER_PREFIX, user.id)).toBeUndefined();

    const dmsBefore = h.fake.dmsTo(user.id).length;
    const due = Date.UTC(2026, 2, 3, 10, 0);
    h.clock.set(due);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect(h.fake.dmsTo(user.id)).toHaveLength(dmsBefore);
  });
});
