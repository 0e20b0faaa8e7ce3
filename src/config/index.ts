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
  /**
   * Decoded records kept in memory per kind of record, so a repeated read costs no decryption; 0 = off
   * (turn it off when several processes share one database and do not tell each other about writes).
   */
  storeCacheEntries: number;
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
    storeCacheEntries: e.STORE_CACHE_ENTRIES,
  };
}
