import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findButton, findComponent, type FakeMessage } from '../src/fake-discord/index.js';
import { Codec } from '../src/store/codec.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const DAY = 24 * 60 * 60_000;
const h = useHarness();

const SIGNS = 'Checking his location over and over; not eating';
const PEOPLE = 'My sister Ana, 07700 900123';

function rawBytes(): Buffer {
  const file = h.bot.store.file;
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

function labels(message: FakeMessage): string[] {
  return (message.components ?? []).flatMap((row) => ((row as { components?: { label?: string }[] }).components ?? []).map((c) => c.label ?? ''));
}

function editMenu(message: FakeMessage): string {
  return findComponent(message, (c) => c.type === 3)!.custom_id as string;
}

/** Picks a section in the plan's menu, checks its form, fills it in; returns the updated plan message. */
async function writeSection(user: typeof h.member, plan: FakeMessage, section: string, text: string, locale?: string) {
  const pick = h.fake.select({ user: user.id, message: plan, customId: editMenu(plan), values: [section], ...(locale ? { locale } : {}) });
  const form = await pick.modal();
  expect((form.components as unknown[]).length).toBe(1);
  const submitted = await h.fake.modalSubmit({ from: pick, fields: { text } }).reply();
  return { form, submitted };
}

describe('/safety-plan', () => {
  it('asks first and keeps nothing without a yes', async () => {
    const ask = await h.fake.slash({ user: h.other.id, guildId: h.guild.id, name: 'safety-plan' }).reply();
    expect(ask.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(ask.content).toMatch(/Nothing is kept unless you say yes/);
    const no = await h.fake.button({ user: h.other.id, message: ask, customId: findButton(ask, 'Not now').custom_id }).reply();
    expect(no.content).toMatch(/Nothing was saved/);
    expect(await h.bot.store.safetyPlans.get(h.other.id)).toBeUndefined();
  });

  it('saves each section on its own form, encrypted, and comes first on /crisis; export and delete cover it', async () => {
    const crisisBefore = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'crisis' }).reply();
    expect(labels(crisisBefore)).not.toContain('My safety plan');

    const ask = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'safety-plan', locale: 'en-GB' }).reply();
    let plan = await h.fake.button({ user: h.member.id, message: ask, customId: findButton(ask, 'Yes, keep my plan privately').custom_id }).reply();
    expect(plan.embeds[0]!.title).toBe('My safety plan');
    expect(plan.embeds[0]!.fields!.map((f) => f.name)).toEqual([
      'My warning signs',
      'Things I can do on my own',
      'People and places that take my mind off it',
      'People I can ask for help',
      'Professionals and crisis lines',
      'Making my surroundings safer',
    ]);

    plan = (await writeSection(h.member, plan, 'warning-signs', SIGNS)).submitted;
    plan = (await writeSection(h.member, plan, 'people-to-ask', PEOPLE)).submitted;
    // The professionals section starts with the member's country line, which they can change.
    const pros = await writeSection(h.member, plan, 'professionals', 'Samaritans 116 123; my GP on weekdays', 'en-GB');
    const prefilled = (pros.form.components as { components: { value?: string }[] }[])[0]!.components[0]!.value;
    expect(prefilled).toBe('Samaritans: Call 116 123 (free from landlines and mobiles)');
    plan = pros.submitted;
    const fields = Object.fromEntries(plan.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields['My warning signs']).toBe(SIGNS);
    expect(fields['People I can ask for help']).toBe(PEOPLE);
    expect(fields['Professionals and crisis lines']).toBe('Samaritans 116 123; my GP on weekdays');
    expect(fields['Making my surroundings safer']).toBe('_Not written yet._');

    const bytes = rawBytes();
    expect(bytes.includes(SIGNS)).toBe(false);
    expect(bytes.includes('07700 900123')).toBe(false);

    const crisis = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'crisis' }).reply();
    expect(labels(crisis)[0]).toBe('My safety plan');
    const shown = await h.fake.button({ user: h.member.id, message: crisis, customId: findButton(crisis, 'My safety plan').custom_id }).reply();
    expect(shown.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown.embeds[0]!.fields!.find((f) => f.name === 'My warning signs')!.value).toBe(SIGNS);

    const privacy = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    const planField = privacy.embeds[0]!.fields!.find((f) => f.name === 'Your safety plan')!;
    expect(planField.value).toMatch(/3 of 6 sections written \(My warning signs, People I can ask for help, Professionals and crisis lines\)/);
    expect(planField.value).not.toContain(SIGNS);

    await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'privacy', subcommand: 'export' }).reply();
    const dm = await h.fake.waitFor(() => h.fake.dmsTo(h.member.id).find((m) => m.files.length > 0));
    const exported = JSON.parse(dm.files[0]!.data.toString('utf8'));
    expect(exported.data['safety-plan'].sections).toEqual({
      'warning-signs': SIGNS,
      'people-to-ask': PEOPLE,
      professionals: 'Samaritans 116 123; my GP on weekdays',
    });

    const hashed = new Codec(Buffer.from(h.encryptionKey, 'base64')).hashId(h.member.id);
    expect(rawBytes().includes(hashed)).toBe(true);
    const confirm = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
    expect(confirm.content).toMatch(/your safety plan/);
    await h.fake.button({ user: h.member.id, message: confirm, customId: findButton(confirm, /Yes, delete/).custom_id }).reply();
    expect(await h.bot.store.safetyPlans.get(h.member.id)).toBeUndefined();
    const after = rawBytes();
    expect(after.includes(hashed)).toBe(false);
    expect(after.includes(SIGNS)).toBe(false);

    const crisisAfter = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'crisis' }).reply();
    expect(labels(crisisAfter)).not.toContain('My safety plan');
  });

  it('comes first on the crisis-first screen of a form, before "This isn\'t about me"', async () => {
    h.clock.advance(DAY);
    await h.bot.store.safetyPlans.set(h.other.id, { consentedAt: h.clock.now(), updatedAt: h.clock.now(), sections: { 'on-my-own': 'A walk by the river' } });
    const open = h.fake.slash({ user: h.other.id, guildId: h.guild.id, name: 'pause', options: { wait: 2 } });
    await open.modal();
    const crisis = await h.fake.modalSubmit({ from: open, fields: { draft: "I don't want to be here anymore" } }).reply();
    expect(crisis.embeds[0]!.title).toBe('Help right now');
    expect(labels(crisis)).toEqual(['My safety plan', "This isn't about me"]);
    await h.bot.store.safetyPlans.delete(h.other.id);
  });

  it("the plan's own Delete asks first and leaves no trace in the raw database file", async () => {
    const ask = await h.fake.slash({ user: h.other.id, guildId: h.guild.id, name: 'safety-plan' }).reply();
    let plan = await h.fake.button({ user: h.other.id, message: ask, customId: findButton(ask, 'Yes, keep my plan privately').custom_id }).reply();
    plan = (await writeSection(h.other, plan, 'on-my-own', 'Cold water on my face, then a walk')).submitted;
    const hashed = new Codec(Buffer.from(h.encryptionKey, 'base64')).hashId(h.other.id);
    expect(rawBytes().includes(hashed)).toBe(true);
    const confirm = await h.fake.button({ user: h.other.id, message: plan, customId: findButton(plan, 'Delete my plan').custom_id }).reply();
    expect(confirm.content).toMatch(/can't be undone/);
    const done = await h.fake.button({ user: h.other.id, message: confirm, customId: findButton(confirm, 'Yes, delete it').custom_id }).reply();
    expect(done.content).toMatch(/has been deleted/);
    expect(await h.bot.store.safetyPlans.get(h.other.id)).toBeUndefined();
    expect(rawBytes().includes(hashed)).toBe(false);
  });

  it('refuses a section that is not part of the plan', async () => {
    const ask = await h.fake.slash({ user: h.other.id, guildId: h.guild.id, name: 'safety-plan' }).reply();
    const plan = await h.fake.button({ user: h.other.id, message: ask, customId: findButton(ask, 'Yes, keep my plan privately').custom_id }).reply();
    const forged = h.fake.modalSubmit({ user: h.other.id, customId: `${editMenu(plan).replace(':edit:', ':save:')}:passwords`, fields: { text: 'x' } });
    const reply = await forged.reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/isn't part of the safety plan/);
    await h.bot.store.safetyPlans.delete(h.other.id);
  });
});
