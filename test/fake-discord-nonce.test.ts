import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeUser } from '../src/fake-discord/index.js';

/** The fake honours `enforce_nonce` as Discord does: a repeat returns the first message, nothing new. */
let fake: FakeDiscord;
let rest: REST;
let user: FakeUser;
let channelId: string;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  user = fake.addUser({ username: 'robin' });
  rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  channelId = ((await rest.post(Routes.userChannels(), { body: { recipient_id: user.id } })) as { id: string }).id;
});

afterAll(async () => {
  await fake?.close();
  fake?.assertNoViolations();
});

const send = (body: Record<string, unknown>) =>
  rest.post(Routes.channelMessages(channelId), { body: { allowed_mentions: { parse: [] }, ...body } }) as Promise<{ id: string; content: string }>;

describe('enforce_nonce', () => {
  it('a repeated nonce returns the message it created, and no second one appears', async () => {
    const first = await send({ content: 'one', nonce: 'r1.abc', enforce_nonce: true });
    const again = await send({ content: 'one, retried', nonce: 'r1.abc', enforce_nonce: true });
    expect(again.id).toBe(first.id);
    expect(again.content).toBe('one');
    expect(fake.dmsTo(user.id).filter((m) => m.id === first.id)).toHaveLength(1);
    expect(fake.dmsTo(user.id).map((m) => m.content)).not.toContain('one, retried');
  });

  it('without enforce_nonce, or with a different nonce, each send is a new message', async () => {
    const before = fake.dmsTo(user.id).length;
    await send({ content: 'two', nonce: 'r1.two' });
    await send({ content: 'two', nonce: 'r1.two' });
    await send({ content: 'three', nonce: 'r1.three', enforce_nonce: true });
    await send({ content: 'four', nonce: 'r1.four', enforce_nonce: true });
    expect(fake.dmsTo(user.id).length - before).toBe(4);
  });

  it('the same nonce in another channel is a different message', async () => {
    const other = fake.addUser({ username: 'sam' });
    const otherChannel = ((await rest.post(Routes.userChannels(), { body: { recipient_id: other.id } })) as { id: string }).id;
    const mine = await send({ content: 'mine', nonce: 'r1.same', enforce_nonce: true });
    const theirs = (await rest.post(Routes.channelMessages(otherChannel), {
      body: { content: 'theirs', nonce: 'r1.same', enforce_nonce: true, allowed_mentions: { parse: [] } },
    })) as { id: string };
    expect(theirs.id).not.toBe(mine.id);
    expect(fake.dmsTo(other.id)).toHaveLength(1);
  });

  it('a deleted message does not swallow a later send with its nonce', async () => {
    const first = await send({ content: 'gone soon', nonce: 'r1.del', enforce_nonce: true });
    await rest.delete(Routes.channelMessage(channelId, first.id));
    const again = await send({ content: 'back', nonce: 'r1.del', enforce_nonce: true });
    expect(again.id).not.toBe(first.id);
  });
});
