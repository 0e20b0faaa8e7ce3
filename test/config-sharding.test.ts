import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/index.js';

const valid = {
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token-for-tests-only',
  DISCORD_CLIENT_ID: '123456789012345678',
};
const PG = 'postgres://securebase@127.0.0.1:5432/securebase';

function problem(env: Record<string, string>): string {
  try {
    parseConfig({ ...valid, ...env });
  } catch (error) {
    // One line: "Secure Base cannot start: <VARIABLE> <problem>. Set it in .env …"
    if (error instanceof ConfigError) return error.message.replace(/^Secure Base cannot start: /, '');
    throw error;
  }
  return '';
}

describe('sharding and the scheduler lock in config', () => {
  it('runs unsharded by default, with standbys retrying the lock every 15 s', () => {
    const config = parseConfig(valid);
    expect(config.sharding).toBeUndefined();
    expect(config.leaderRetryMs).toBe(15_000);
    expect(parseConfig({ ...valid, SHARD_COUNT: '' }).sharding).toBeUndefined();
  });

  it('takes a shard count or auto, and the shards this machine runs', () => {
    expect(parseConfig({ ...valid, STORE_URL: PG, SHARD_COUNT: 'auto' }).sharding).toEqual({ count: 'auto', ids: undefined });
    expect(parseConfig({ ...valid, STORE_URL: PG, SHARD_COUNT: '4', SHARD_IDS: '2,3' }).sharding).toEqual({ count: 4, ids: [2, 3] });
    expect(parseConfig({ ...valid, LEADER_RETRY_SECONDS: '0.5' }).leaderRetryMs).toBe(500);
  });

  it('names the variable when the combination cannot work', () => {
    expect(problem({ SHARD_COUNT: '2' })).toMatch(/^SHARD_COUNT needs STORE_URL=postgres/);
    expect(problem({ STORE_URL: PG, SHARD_COUNT: 'many' })).toMatch(/^SHARD_COUNT must be a whole number of shards or auto/);
    expect(problem({ STORE_URL: PG, SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toMatch(/^SHARD_IDS needs SHARD_COUNT/);
    expect(problem({ STORE_URL: PG, SHARD_COUNT: '2', SHARD_IDS: '1,2' })).toMatch(/^SHARD_IDS must be below SHARD_COUNT \(2\)/);
    expect(problem({ STORE_URL: PG, SHARD_COUNT: '2', SHARD_IDS: '0;1' })).toMatch(/^SHARD_IDS must be shard ids separated by commas/);
  });
});
