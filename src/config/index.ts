import { z } from 'zod';
import { DEFAULT_STORE_URL, ENCRYPTION_KEY_PATTERN } from '../store/layout.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

/**
 * The store backends this build supports, by STORE_URL scheme: the one list the start-up check reads.
 * `sqlite://path` is a file path (relative to the working directory); `sqlite://:memory:` is for tests.
 */
export const STORE_SCHEMES = ['sqlite', 'postgres', 'postgresql'] as const;
export type StoreScheme = (typeof STORE_SCHEMES)[number];

function storeUrlProblem(url: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  const supported = STORE_SCHEMES.map((s) => `${s}://…`).join(' or ');
  if (!scheme) return `must look like ${supported} (got "${url.slice(0, 40)}")`;
  if (!(STORE_SCHEMES as readonly string[]).includes(scheme[1]!.toLowerCase()))
    return `uses ${scheme[1]}://, which this bot does not support; use ${supported}`;
  if (scheme[2] === '') return 'names no database after the scheme';
  return undefined;
}

/** A URL the bot will fetch or show as a link: http(s) only, never javascript:, file: or data:. */
const webUrl = (example: string) =>
  z
    .string()
    .url(`must be a URL such as ${example}`)
    .refine((value) => /^https?:\/\//i.test(value), `must be an http:// or https:// URL such as ${example}`);
const port = z.coerce.number().int().min(0).max(65_535);

const envSchema = z.object({
  // .env.example leaves these empty: empty means missing, not malformed.
  DISCORD_TOKEN: z.preprocess(emptyToUndefined, z.string({ error: 'is required' }).min(20, 'does not look like a bot token')),
  DISCORD_CLIENT_ID: z.preprocess(emptyToUndefined, snowflake),
  DISCORD_DEV_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(webUrl('https://discord.com/api')),
  STORE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(DEFAULT_STORE_URL)
      .superRefine((url, ctx) => {
        const problem = storeUrlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  ),
  DATA_ENCRYPTION_KEY: optional(z.string().regex(ENCRYPTION_KEY_PATTERN, 'must be 32 bytes as base64 (44 chars) or hex (64 chars)')),
  PRIVACY_URL: optional(webUrl('https://example.org/privacy (where your copy of PRIVACY.md is published)')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
  REMINDER_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  SELFCHECK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LEADER_RETRY_SECONDS: z.coerce.number().min(0.1).max(3600).default(15),
  SHARD_COUNT: optional(z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)], { error: 'must be a whole number of shards or auto' })),
  SHARD_IDS: optional(z.string().regex(/^\d+(,\d+)*$/, 'must be shard ids separated by commas, such as 0,1')),
  STORE_CHECK_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(60)),
  HEALTH_PORT: optional(port),
  HEALTH_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  STORE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
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
  /** NODE_ENV=production: a missing token is an error, never the playground. */
  production: boolean;
  /** How often the running bot checks that its store file is still the one it opened. */
  storeCheckMs: number;
  /** Where /healthz and /metrics listen; undefined when HEALTH_PORT is not set. */
  health: { port: number; host: string } | undefined;
  /**
   * Decoded records kept in memory per kind of record, so a repeated read costs no decryption; 0 = off
   * (always off with PostgreSQL, where other processes write too: see openStore).
   */
  storeCacheEntries: number;
}

/** One line on stderr for an operator: what is wrong and where to fix it. */
export class ConfigError extends Error {
  readonly variables: string[];
  constructor(problems: { variable: string; message: string }[]) {
    super(
      `Secure Base cannot start: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}${/[.…)]$/.test(problems.at(-1)?.message ?? '') ? '' : '.'} ` +
        `Set ${problems.length > 1 ? 'them' : 'it'} in .env (copy .env.example) or the environment; README.md explains each variable.`,
    );
    this.variables = problems.map((p) => p.variable);
  }
}

/** Parses the environment once; throws ConfigError naming every bad or missing variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    // The first problem per variable: a value that is not a URL at all need not also hear it is not http(s).
    const problems = new Map<string, string>();
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0]);
      if (!problems.has(variable)) problems.set(variable, issue.code === 'invalid_type' && !env[variable] ? 'is required' : issue.message);
    }
    throw new ConfigError([...problems].map(([variable, message]) => ({ variable, message })));
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
    production: e.NODE_ENV === 'production',
    storeCheckMs: e.STORE_CHECK_SECONDS * 1000,
    health: e.HEALTH_PORT === undefined ? undefined : { port: e.HEALTH_PORT, host: e.HEALTH_HOST },
    storeCacheEntries: e.STORE_CACHE_ENTRIES,
  };
}
