import { describe, expect, it } from 'vitest';
import type { FakeMessage } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

/**
 * /crisis shows the server's own note beside the real crisis lines, so a note must never be able to pass
 * for one of them: no masked links, no right-to-left overrides, and always under the moderators' heading.
 */
const h = useHarness();

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const MASKED_LINK = /\[[^\]]*\]\(/;
const HOSTILE_NOTE =
  'Call [Samaritans 116 123](https://example.org/other) or \u202E321 611\u202C any time. # Crisis line\n# Samaritans [free](<https://example.org/x>)';

type Field = { name: string; value: string };
/** Every field of every embed: /crisis and /resources lay long screens out over several embeds. */
const fieldsOf = (message: FakeMessage): Field[] => message.embeds.flatMap((embed) => (embed.fields ?? []) as Field[]);

async function setNote(note: string): Promise<void> {
  const owner = h.fake.user(h.guild.owner_id);
  const reply = await h.fake
    .slash({ user: owner, guildId: h.guild.id, name: 'config', subcommandGroup: 'resources', subcommand: 'set', options: { note } })
    .reply();
  expect(reply.content).toMatch(/Saved/);
}

describe('a moderator note cannot impersonate the crisis screen', () => {
  it('/crisis and /resources show it under the moderators heading, with real addresses and no direction overrides', async () => {
    await setNote(HOSTILE_NOTE);
    const crisis = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis' }).reply();
    h.clock.advance(1_000);
    const resources = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources' }).reply();
    for (const message of [crisis, resources]) {
      const fields = fieldsOf(message);
      const note = fields.find((f) => f.value.includes('any time'));
      expect(note?.name).toMatch(/moderators/i);
      expect(note!.value).not.toMatch(BIDI);
      expect(note!.value).not.toMatch(MASKED_LINK);
      // The address is shown as it is, and the reversed digits read as what they really are.
      expect(note!.value).toContain('https://example.org/other');
      expect(note!.value).toContain('https://example.org/x');
      expect(note!.value).toContain('321 611');
      // No line of it renders as a heading.
      expect(note!.value.split('\n').some((line) => /^#{1,3} /.test(line))).toBe(false);
      // The note appears only there, never inside the bot's own crisis text.
      for (const embed of message.embeds) expect(String(embed.description ?? '')).not.toContain('any time');
    }
  });

  it('a note saved before these rules is shown by them too', async () => {
    await h.bot.store.guilds.update(h.guild.id, (current) => ({ ...current!, resourcesNote: 'Text [116 123](https://example.org/old) \u202Eabc' }));
    h.clock.advance(1_000);
    const crisis = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis' }).reply();
    const note = fieldsOf(crisis).find((f) => /moderators/i.test(f.name))!;
    expect(note.value).not.toMatch(BIDI);
    expect(note.value).not.toMatch(MASKED_LINK);
    expect(note.value).toContain('https://example.org/old');
  });
});
