import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const envSchema = z.object({
  // .env.example leaves these empty: empty means missing, not malformed.
  DISCORD_TOKEN: z.preprocess(emptyToUndefined, z.string({ error: 'is required' }).min(20, 'does not look like a bot token')),
  DISCORD_CLIENT_ID: z.preprocess(emptyToUndefined, snowflake),
  DISCORD_DEV_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(z.string().url('must be a URL such as https://discord.com/api')),
  STORE_URL: z.string().default('sqlite://data/securebase.sqlite'),
  DATA_ENCRYPTION_KEY: optional(
    z.string().regex(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, 'must be 32 bytes as base64 (44 chars) or hex (64 chars)'),
  ),
  PRIVACY_URL: optional(z.string().url('must be a URL, e.g. where your copy of PRIVACY.md is published')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
  REMINDER_GRACE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
  SELFCHECK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LEADER_RETRY_SECONDS: z.coerce.number().min(0.1).max(3600).default(15),
  SHARD_COUNT: optional(z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)], { error: 'must be a whole number of shards or auto' })),
  SHARD_IDS: optional(z.string().regex(/^\d+(,\d+)*$/, 'must be shard ids separated by commas, such as 0,1')),
});

export interface Config {
  token: string;
  clientId: string;
  devGuildId: string | undefined;
  apiUrl: string | undefined;
  storeUrl: string;
  encryptionKey: string | undefined;
  /** Where the host publishes PRIVACY.md; /about and /privacy show link to it. */
  privacyUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  prettyLogs: boolean;
  /** discord.js builders re-validate every call; worth it while developing, measurable cost in production. */
  validateBuilders: boolean;
  reminderGraceMs: number;
  selfcheckRetentionDays: number;
  /** Log entries older than this are removed by the daily sweep. */
  logRetentionDays: number;
  /** How often a standby process tries to become the scheduler (PostgreSQL store only). */
  leaderRetryMs: number;
  /** Set when this install runs shards (SHARD_COUNT): how many in all, and which of them on this machine. */
  sharding: { count: number | 'auto'; ids: number[] | undefined } | undefined;
}

export class ConfigError extends Error {
  readonly variables: string[];
  constructor(problems: { variable: string; message: string }[]) {
    super(
      'Secure Base cannot start: its configuration is incomplete.\n' +
        problems.map((p) => `  ${p.variable} ${p.message}`).join('\n') +
        '\nSet these in .env (copy .env.example) or the environment; README.md explains each one.',
    );
    this.variables = problems.map((p) => p.variable);
  }
}

/** Parses the environment once; throws ConfigError naming every bad or missing variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0]),
        message: issue.code === 'invalid_type' && !env[String(issue.path[0])] ? 'is required' : issue.message,
      })),
    );
  }
  const e = result.data;
  const shardIds = e.SHARD_IDS?.split(',').map(Number);
  const shardProblem =
    shardIds && typeof e.SHARD_COUNT !== 'number'
      ? { variable: 'SHARD_IDS', message: 'needs SHARD_COUNT set to the total number of shards across all machines' }
      : shardIds?.some((id) => id >= (e.SHARD_COUNT as number))
        ? { variable: 'SHARD_IDS', message: `must be below SHARD_COUNT (${e.SHARD_COUNT})` }
        : e.SHARD_COUNT !== undefined && !/^postgres(ql)?:\/\//.test(e.STORE_URL)
          ? { variable: 'SHARD_COUNT', message: 'needs STORE_URL=postgres://… (several processes cannot share one SQLite file)' }
          : undefined;
  if (shardProblem) throw new ConfigError([shardProblem]);
  return {
    token: e.DISCORD_TOKEN,
    clientId: e.DISCORD_CLIENT_ID,
    devGuildId: e.DISCORD_DEV_GUILD_ID,
    apiUrl: e.DISCORD_API_URL,
    storeUrl: e.STORE_URL,
    encryptionKey: e.DATA_ENCRYPTION_KEY,
    privacyUrl: e.PRIVACY_URL,
    logLevel: e.LOG_LEVEL,
    prettyLogs: e.NODE_ENV === 'development',
    validateBuilders: e.NODE_ENV !== 'production',
    reminderGraceMs: e.REMINDER_GRACE_MINUTES * 60_000,
    selfcheckRetentionDays: e.SELFCHECK_RETENTION_DAYS,
    logRetentionDays: e.LOG_RETENTION_DAYS,
    leaderRetryMs: e.LEADER_RETRY_SECONDS * 1000,
    sharding: e.SHARD_COUNT === undefined ? undefined : { count: e.SHARD_COUNT, ids: shardIds },
  };
}
