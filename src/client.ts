import { Client, GatewayIntentBits, Options } from 'discord.js';

export interface ClientOptions {
  /** REST base such as https://discord.com/api; tests and proxies point it elsewhere. */
  apiUrl?: string | undefined;
  /** Which shards this client runs; without it discord.js takes them from its ShardingManager (or runs unsharded). */
  shards?: { ids: number[]; count: number } | undefined;
}

/**
 * A slash-command bot needs only the Guilds intent (no privileged intents) and almost no cache:
 * no messages, presences, reactions or voice; members and users only for the bot itself (permission checks).
 */
export function createClient(options: ClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: options.apiUrl ? { api: options.apiUrl } : {},
    ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : {}),
    // Every message the bot sends defaults to pinging nobody, including replies.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      VoiceStateManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      ThreadMemberManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      // Every member who ever used a command would otherwise stay cached for good (bench/memory.bench.ts).
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
    }),
  });
}
