import { describe, expect, it } from 'vitest';
import { customIds, type FakeMessage, type FakeUser, type InteractionHandle } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

/**
 * Interactions a modified client (or a stale registration) can send: custom ids the bot never made,
 * choices outside the registered list, components of one kind named like another. Each must get a calm
 * private answer, and none may reach an error path or go unanswered ("This interaction failed").
 */
const h = useHarness();

const EPHEMERAL = 1 << 6;
const OLDER_MESSAGE = /belongs to an older message/;

/** Lines the bot logged at error level or above since `from`. */
const errorsSince = (from: number) => h.logs.lines.slice(from).filter((line) => /"level":(50|60)/.test(line));

/** A real message from the bot whose first component's custom_id a modified client rewrote. */
function forge(message: FakeMessage, customId: string): FakeMessage {
  const row = message.components[0]!;
  const component = (row.components ?? [])[0]! as { custom_id?: string };
  component.custom_id = customId;
  return message;
}

async function strategyReply(user: FakeUser = h.member): Promise<FakeMessage> {
  return h.fake.slash({ user, guildId: h.guild.id, name: 'strategy', options: { name: 'notice-triggers' } }).reply();
}

describe('handlers are found by own property only', () => {
  for (const action of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
    it(`a custom id whose action is "${action}" gets the older-message answer`, async () => {
      const from = h.logs.lines.length;
      for (const command of ['strategy', 'reminders', 'config', 'privacy']) {
        h.clock.advance(1_000);
        const message = forge(await strategyReply(), `sb1:${command}:${action}:${h.member.id}`);
        const handle = h.fake.button({ user: h.member, message, customId: customIds(message)[0]! });
        const response = await handle.response(2500);
        expect(response.type).toBe(4);
        expect((response.data as { flags: number }).flags & EPHEMERAL).toBe(EPHEMERAL);
        expect((response.data as { content: string }).content).toMatch(OLDER_MESSAGE);
      }
      expect(errorsSince(from)).toEqual([]);
    });
  }

  it('a forged choice (/reminders pause for:constructor) is answered calmly, without an error', async () => {
    await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '21:00', timezone: 'UTC' } }).reply();
    const from = h.logs.lines.length;
    for (const value of ['constructor', '__proto__', 'toString']) {
      h.clock.advance(1_000);
      const reply = await h.fake
        .slash({ user: h.member, guildId: h.guild.id, name: 'reminders', subcommand: 'pause', options: [{ name: 'for', type: 3, value }] })
        .reply();
      expect(reply.content).not.toMatch(/went wrong/);
      expect(reply.content).toMatch(/paused until/);
    }
    expect(errorsSince(from)).toEqual([]);
  });

  it('a forged /config subcommand named after an Object method is answered as unknown', async () => {
    const owner = h.fake.user(h.guild.owner_id);
    const from = h.logs.lines.length;
    for (const name of ['constructor', 'toString']) {
      h.clock.advance(1_000);
      const reply = await h.fake.slash({ user: owner, guildId: h.guild.id, name: 'config', options: [{ name, type: 1, options: [] }] }).reply();
      expect(reply.content).toMatch(/not available any more/);
    }
    expect(errorsSince(from)).toEqual([]);
  });

  it('a client locale named after an Object property still gets the crisis screen', async () => {
    const from = h.logs.lines.length;
    for (const locale of ['constructor', '__proto__']) {
      h.clock.advance(1_000);
      const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', locale }).reply();
      expect(reply.embeds[0]?.title).toBeTruthy();
    }
    expect(errorsSince(from)).toEqual([]);
  });
});

describe('every interaction gets an answer', () => {
  async function firstAnswer(handle: InteractionHandle): Promise<{ type: number; content: string; flags: number }> {
    const response = await handle.response(2500);
    const data = (response.data ?? {}) as { content?: string; flags?: number };
    return { type: response.type, content: data.content ?? '', flags: data.flags ?? 0 };
  }

  it('a modal submit whose id names a button action', async () => {
    const handle = h.fake.modalSubmit({
      user: h.member,
      guildId: h.guild.id,
      customId: `sb1:strategy:idea:${h.member.id}:notice-triggers:0`,
      fields: { text: 'hello' },
    });
    const answer = await firstAnswer(handle);
    expect(answer.content).toMatch(OLDER_MESSAGE);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('a select sent to a button handler', async () => {
    const picker = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'strategy' }).reply();
    const forged = forge(picker, `sb1:strategy:idea:${h.member.id}:notice-triggers:0`);
    const handle = h.fake.select({ user: h.member, message: forged, customId: customIds(forged)[0]!, values: ['notice-triggers'] });
    expect((await firstAnswer(handle)).content).toMatch(OLDER_MESSAGE);
  });

  it('a /config reset button pressed in a DM', async () => {
    await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'reminders', subcommand: 'test' }).reply();
    const dm = forge(h.fake.dmsTo(h.member.id).at(-1)!, `sb1:config:reset:${h.member.id}`);
    const handle = h.fake.button({ user: h.member, message: dm, customId: customIds(dm)[0]! });
    expect((await firstAnswer(handle)).content).toMatch(OLDER_MESSAGE);
  });

  it('a subcommand the bot no longer has (a stale registration)', async () => {
    for (const name of ['reminders', 'privacy', 'selfcheck']) {
      h.clock.advance(1_000);
      const handle = h.fake.slash({ user: h.member, guildId: h.guild.id, name, options: [{ name: 'frobnicate', type: 1, options: [] }] });
      const answer = await firstAnswer(handle);
      expect(answer.content).toMatch(/not available any more/);
      expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    }
  });

  it('an autocomplete with no focused option gets an empty list, without an error', async () => {
    const from = h.logs.lines.length;
    for (const [name, group, sub] of [
      ['reminders', undefined, 'set'],
      ['config', 'weekly-prompt', 'set'],
      ['resources', undefined, undefined],
    ] as const) {
      const handle = h.fake.autocomplete({
        user: h.fake.user(h.guild.owner_id),
        guildId: h.guild.id,
        name,
        ...(group ? { subcommandGroup: group } : {}),
        ...(sub ? { subcommand: sub } : {}),
        options: [],
        focused: 'nothing',
      });
      const response = await handle.response(2500);
      expect(response.type).toBe(8);
      expect((response.data as { choices: unknown[] }).choices).toEqual([]);
    }
    expect(errorsSince(from)).toEqual([]);
  });
});

describe('numbers in custom ids are checked', () => {
  for (const index of ['Infinity', '1e400', '-1', '1.5', '0x1', '99999999999999999999', '7']) {
    it(`"Another idea" with index ${index} never renders a body Discord would reject`, async () => {
      h.clock.advance(1_000);
      const violations = h.fake.violations.length;
      const message = await strategyReply();
      const button = customIds(message).find((id) => id.startsWith('sb1:strategy:idea:'))!;
      const forgedId = button.replace(/:[^:]*$/, `:${index}`);
      forge(message, forgedId);
      const handle = h.fake.button({ user: h.member, message, customId: forgedId });
      const response = await handle.response(2500);
      const shown = JSON.stringify(response.data ?? {});
      expect(shown).not.toMatch(/NaN|undefined|Infinity/);
      expect(response.type).toBe(4);
      expect((response.data as { content: string }).content).toMatch(OLDER_MESSAGE);
      expect(h.fake.violations.slice(violations)).toEqual([]);
    });
  }

  it('a real "Another idea" press still moves to the next idea', async () => {
    h.clock.advance(1_000);
    const message = await strategyReply();
    const next = await h.fake.button({ user: h.member, message, customId: customIds(message).find((id) => id.startsWith('sb1:strategy:idea:'))! }).reply();
    expect(String(next.embeds[0]?.footer?.text)).toMatch(/^Idea 2 of \d+/);
  });
});
