import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/index.js';
import { parseKey } from '../src/store/codec.js';

const valid = {
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token-for-tests-only',
  DISCORD_CLIENT_ID: '123456789012345678',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.variables;
    throw error;
  }
  return [];
}

describe('config', () => {
  it('applies defaults', () => {
    const config = parseConfig(valid);
    expect(config.storeUrl).toBe('sqlite://data/securebase.sqlite');
    expect(config.logLevel).toBe('info');
    expect(config.apiUrl).toBeUndefined();
    expect(config.devGuildId).toBeUndefined();
    expect(config.reminderGraceMs).toBe(30 * 60_000);
    expect(config.logRetentionDays).toBe(365);
    expect(parseConfig({ ...valid, LOG_RETENTION_DAYS: '30' }).logRetentionDays).toBe(30);
  });

  it('names every missing variable in its message', () => {
    expect(problemsOf({})).toEqual(['DISCORD_TOKEN', 'DISCORD_CLIENT_ID']);
    expect(() => parseConfig({})).toThrow(/DISCORD_TOKEN is required[\s\S]*README/);
  });

  it('rejects malformed values with the variable named', () => {
    expect(problemsOf({ ...valid, DISCORD_CLIENT_ID: 'abc' })).toEqual(['DISCORD_CLIENT_ID']);
    expect(problemsOf({ ...valid, DISCORD_API_URL: 'not a url' })).toEqual(['DISCORD_API_URL']);
    expect(problemsOf({ ...valid, DATA_ENCRYPTION_KEY: 'short' })).toEqual(['DATA_ENCRYPTION_KEY']);
    expect(problemsOf({ ...valid, LOG_LEVEL: 'loud' })).toEqual(['LOG_LEVEL']);
    expect(problemsOf({ ...valid, DISCORD_DEV_GUILD_ID: '12' })).toEqual(['DISCORD_DEV_GUILD_ID']);
    expect(problemsOf({ ...valid, LOG_RETENTION_DAYS: '0' })).toEqual(['LOG_RETENTION_DAYS']);
  });

  it('says an empty token or client id (as copied from .env.example) is required, not malformed', () => {
    expect(() => parseConfig({ DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '' })).toThrow(/DISCORD_TOKEN is required; DISCORD_CLIENT_ID is required\./);
  });

  it('treats empty optional values as unset, as .env files often leave them', () => {
    const config = parseConfig({ ...valid, DISCORD_DEV_GUILD_ID: '', DISCORD_API_URL: '', DATA_ENCRYPTION_KEY: '' });
    expect(config.devGuildId).toBeUndefined();
    expect(config.encryptionKey).toBeUndefined();
  });

  it('says everything on one line, for an operator reading a service log', () => {
    expect(() => parseConfig({})).toThrow(/^[^\n]+$/);
  });

  it('accepts only http(s) for URLs the bot calls or shows as a link', () => {
    expect(problemsOf({ ...valid, PRIVACY_URL: 'javascript:alert(1)' })).toEqual(['PRIVACY_URL']);
    expect(problemsOf({ ...valid, PRIVACY_URL: 'file:///etc/passwd' })).toEqual(['PRIVACY_URL']);
    expect(problemsOf({ ...valid, DISCORD_API_URL: 'ftp://example.org/api' })).toEqual(['DISCORD_API_URL']);
    expect(parseConfig({ ...valid, PRIVACY_URL: 'https://example.org/privacy' }).privacyUrl).toBe('https://example.org/privacy');
    expect(parseConfig({ ...valid, DISCORD_API_URL: 'http://127.0.0.1:9/api' }).apiUrl).toBe('http://127.0.0.1:9/api');
  });

  it('accepts only the store schemes this build supports, naming the one it got', () => {
    expect(() => parseConfig({ ...valid, STORE_URL: 'mysql://db/bot' })).toThrow(/STORE_URL uses mysql:\/\/, which this bot does not support; use sqlite:\/\//);
    expect(problemsOf({ ...valid, STORE_URL: 'data/bot.sqlite' })).toEqual(['STORE_URL']);
    expect(problemsOf({ ...valid, STORE_URL: 'sqlite://' })).toEqual(['STORE_URL']);
    expect(parseConfig({ ...valid, STORE_URL: '' }).storeUrl).toBe('sqlite://data/securebase.sqlite');
  });

  it('health port and store check: defaults and limits', () => {
    const config = parseConfig(valid);
    expect(config.health).toBeUndefined();
    expect(config.storeCheckMs).toBe(60_000);
    expect(parseConfig({ ...valid, HEALTH_PORT: '9464' }).health).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(parseConfig({ ...valid, HEALTH_PORT: '9464', HEALTH_HOST: '0.0.0.0' }).health).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(problemsOf({ ...valid, HEALTH_PORT: '70000' })).toEqual(['HEALTH_PORT']);
    expect(problemsOf({ ...valid, STORE_CHECK_SECONDS: '0' })).toEqual(['STORE_CHECK_SECONDS']);
  });

  it('accepts a 32-byte key as base64 or hex, and both read as the same bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1));
    const base64 = bytes.toString('base64');
    const hex = bytes.toString('hex');
    expect(parseConfig({ ...valid, DATA_ENCRYPTION_KEY: base64 }).encryptionKey).toBe(base64);
    expect(parseConfig({ ...valid, DATA_ENCRYPTION_KEY: hex }).encryptionKey).toBe(hex);
    expect(parseKey(base64).equals(bytes)).toBe(true);
    expect(parseKey(hex).equals(bytes)).toBe(true);
    // Upper-case hex and a trailing newline (a key file, a pasted value) read the same.
    expect(parseKey(`${hex.toUpperCase()}\n`).equals(bytes)).toBe(true);
  });

  it('refuses a key of the wrong length or alphabet, naming the variable', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(problemsOf({ ...valid, DATA_ENCRYPTION_KEY: short })).toEqual(['DATA_ENCRYPTION_KEY']);
    expect(() => parseConfig({ ...valid, DATA_ENCRYPTION_KEY: short })).toThrow(/DATA_ENCRYPTION_KEY must be 32 bytes/);
    expect(problemsOf({ ...valid, DATA_ENCRYPTION_KEY: 'zz'.repeat(32) })).toEqual(['DATA_ENCRYPTION_KEY']);
    expect(() => parseKey(Buffer.alloc(16, 7).toString('base64'))).toThrow(/32 bytes/);
  });
});
