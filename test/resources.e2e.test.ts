import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers/harness.js';

/** /resources and /crisis through the real client: what a member sees for their country. */

const EPHEMERAL = 1 << 6;
const FALLBACK = "If this number doesn't connect, call your local emergency number, or find another line at https://findahelpline.com";
const DOUBT = /could not confirm|not confirmed|please check|⚠/i;
const h = useHarness();

function field(embed: { fields?: { name: string; value: string }[] }, name: string | RegExp): string {
  const found = embed.fields?.filter((f) => (typeof name === 'string' ? f.name.startsWith(name) : name.test(f.name))) ?? [];
  expect(found.length, `field ${name}`).toBeGreaterThan(0);
  return found.map((f) => f.value).join('\n');
}

describe('/resources', () => {
  it('shows the organisations in full, with https links, and NAMI as a line with hours that is not a crisis line', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources' }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const general = reply.embeds[0]!;
    // The last organisation used to be cut mid-word and lose its link.
    expect(field(general, 'Find A Helpline')).toBe(
      'A checked directory of free, confidential helplines around the world, searchable by country and topic.\nhttps://findahelpline.com',
    );
    const nami = field(general, 'NAMI');
    expect(nami).toMatch(/not a crisis line/);
    expect(nami).toMatch(/Monday to Friday/);
    expect(nami).toContain('https://www.nami.org');
  });

  it('for a country shows its emergency number, crisis line with its check date, and domestic-abuse line', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources', options: { country: 'GB' } }).reply();
    const lines = reply.embeds.at(-1)!;
    expect(lines.title).toBe('Support in United Kingdom');
    const crisis = field(lines, 'Crisis line');
    expect(crisis).toContain('Emergency number: 999 or 112');
    expect(crisis).toContain('**Samaritans**\nCall 116 123 (free from landlines and mobiles)\n24/7\nhttps://www.samaritans.org\nNumber checked on 2026-12-03.');
    const abuse = field(lines, /hurting/);
    expect(abuse).toContain('0808 2000 247');
    expect(abuse).toContain('https://www.nationaldahelpline.org.uk');
    expect(abuse).toContain('Number checked on 2026-12-03.');
  });

  it('shows a line it could not confirm with its website and the fallback, never with doubt', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources', options: { country: 'Canada' } }).reply();
    const crisis = field(reply.embeds.at(-1)!, 'Crisis line');
    expect(crisis).toContain('Emergency number: 911');
    expect(crisis).toContain(`**9-8-8: Suicide Crisis Helpline**\nCall or text 988\n24/7, in English and French\nhttps://988.ca\n${FALLBACK}`);
    expect(crisis).not.toMatch(/checked on/);
    expect(JSON.stringify(reply.embeds)).not.toMatch(DOUBT);
  });

  it('without a country lists which countries have lines and how to find a local one', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources' }).reply();
    const crisis = field(reply.embeds.at(-1)!, 'Crisis line');
    expect(crisis).toMatch(/^Lines are listed for United States, Canada, .*Singapore\./);
    expect(crisis).toContain('https://findahelpline.com');
  });

  it('with a country it does not list says so and explains how to find a local line', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources', options: { country: 'Atlantis' } }).reply();
    const crisis = field(reply.embeds.at(-1)!, 'Crisis line');
    expect(crisis).toContain('"Atlantis"');
    expect(crisis).toContain('https://findahelpline.com');
  });

  it('country autocomplete matches names as typed and offers every listed country', async () => {
    const choices = await h.fake
      .autocomplete({ user: h.member, guildId: h.guild.id, name: 'crisis', options: { country: 'new' }, focused: 'country' })
      .choices();
    expect(choices.map((c) => c.value)).toContain('NZ');
    const all = await h.fake.autocomplete({ user: h.member, guildId: h.guild.id, name: 'resources', options: { country: '' }, focused: 'country' }).choices();
    expect(all).toHaveLength(25);
  });
});

describe('/crisis', () => {
  it('puts emergency advice first, then the country with its emergency number, lines and abuse line, then every other country', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', options: { country: 'US' } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.components ?? []).toHaveLength(0);
    const text = [reply.embeds[0]!.description!, ...(reply.embeds[0]!.fields ?? []).map((f) => f.value)].join('\n');
    const order = [
      'If you are in immediate danger',
      '**Support in United States**\nEmergency number: 911',
      '**988 Suicide & Crisis Lifeline**\nCall or text 988, or chat on the website\n24/7\nhttps://988lifeline.org\nNumber checked on 2026-12-03.',
      '**If someone is hurting, threatening or controlling you**',
      'Call 1-800-799-7233 (SAFE), text START to 88788, or chat on the website',
      '**Lines in other countries**',
      '• **Ireland**: Samaritans Ireland, Call 116 123 (freephone) (emergency 112 or 999)',
      'https://findahelpline.com and pick your country',
    ].map((part) => text.indexOf(part));
    expect(
      order.every((index) => index >= 0),
      JSON.stringify(order),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toMatch(DOUBT);
  });

  it('gives Japan a 24-hour line that was checked, and the shorter-hours line with the fallback', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', options: { country: 'Japan' } }).reply();
    const text = reply.embeds[0]!.description!;
    expect(text).toContain('Emergency number: 119 (ambulance) or 110 (police)');
    expect(text).toContain('**Yorisoi Hotline (よりそいホットライン)**\nCall 0120-279-338');
    expect(text).toMatch(/0120-279-338[\s\S]*?24\/7\nhttps:\/\/www\.since2011\.net\/yorisoi\/\nNumber checked on 2026-12-03\./);
    expect(text).toMatch(/Inochi no Denwa[\s\S]*?https:\/\/www\.inochinodenwa\.org\nIf this number doesn't connect/);
  });

  it('without a country guesses from the Discord language', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', locale: 'en-GB' }).reply();
    const text = reply.embeds[0]!.description!;
    expect(text.indexOf('Support in United Kingdom')).toBeGreaterThan(0);
    expect(text.indexOf('Samaritans')).toBeLessThan(text.indexOf('Lines in other countries'));
  });

  it('with an unknown country says so, and still lists every line', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', options: { country: 'Atlantis' } }).reply();
    const text = [reply.embeds[0]!.description!, ...(reply.embeds[0]!.fields ?? []).map((f) => f.value)].join('\n');
    expect(text).toContain('"Atlantis"');
    expect(text).toContain('(emergency 911)');
    expect(text).toContain('Call 116 123');
    expect(text).toContain('• **Singapore**');
  });
});
