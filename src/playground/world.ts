import { Perm, type FakeChannel, type FakeDiscord, type FakeGuild, type FakeRole, type FakeUser } from '../fake-discord/index.js';
import { DISCORD_EPOCH } from '../fake-discord/snowflake.js';

/**
 * Fixed ids, so what the bot stores under data/playground/ (reminders, saved self-checks, server
 * settings) still belongs to the same member and server after a restart of the playground.
 */
const fixedId = (n: number): string => (((BigInt(Date.UTC(2024, 0, 1)) - DISCORD_EPOCH) << 22n) | BigInt(n)).toString();

export interface World {
  guild: FakeGuild;
  /** The person using the page. */
  you: FakeUser;
  owner: FakeUser;
  moderatorRole: FakeRole;
  channels: FakeChannel[];
}

const WELCOME = [
  'Welcome to the **Secure Base playground**. Everything here runs on your computer: a pretend Discord server, with the real bot answering.',
  'Type `/` in the message box to see what Secure Base can do. Replies marked *Only you can see this* are private, just as on Discord.',
  'Turn on **Moderator** (top right) to try `/config`, and use the clock to jump ahead and see reminders arrive in your Direct Messages.',
].join('\n\n');

/** A small server: a few channels, you, a second member and an owner, and a welcome note. */
export function buildWorld(fake: FakeDiscord): World {
  const owner = fake.addUser({ id: fixedId(1), username: 'jordan', globalName: 'Jordan' });
  const you = fake.addUser({ id: fixedId(2), username: 'you', globalName: 'You' });
  const sam = fake.addUser({ id: fixedId(3), username: 'sam', globalName: 'Sam' });
  const guild = fake.addGuild({
    id: fixedId(10),
    name: 'Secure Base Playground',
    ownerId: owner.id,
    // Moderators are whoever may manage the server, as /config expects on a real server.
    roles: [{ id: fixedId(20), name: 'Moderator', permissions: Perm.ManageGuild, color: 0x57f287, hoist: true }],
    channels: [
      { id: fixedId(30), name: 'welcome', topic: 'Start here' },
      { id: fixedId(31), name: 'general', topic: 'Say hello and try the commands' },
      { id: fixedId(32), name: 'check-ins', topic: 'Weekly prompts land here once a moderator sets them up' },
    ],
  });
  fake.addMember(guild.id, you.id);
  fake.addMember(guild.id, sam.id);
  const welcome = fake.channelByName(guild.id, 'welcome');
  fake.userMessage({ user: owner.id, channelId: welcome.id, content: WELCOME });
  const moderatorRole = guild.roles.find((r) => r.name === 'Moderator')!;
  return { guild, you, owner, moderatorRole, channels: guild.channels };
}

export function isModerator(fake: FakeDiscord, world: World): boolean {
  return fake.state.member(world.guild.id, world.you.id).roles.includes(world.moderatorRole.id);
}

/** Gives or takes the Moderator role (GUILD_MEMBER_UPDATE reaches the bot as on Discord). */
export function setModerator(fake: FakeDiscord, world: World, on: boolean): void {
  const roles = fake.state.member(world.guild.id, world.you.id).roles.filter((id) => id !== world.moderatorRole.id);
  fake.state.setMemberRoles(world.guild.id, world.you.id, on ? [...roles, world.moderatorRole.id] : roles);
}
