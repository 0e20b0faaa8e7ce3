import type { RouteTable } from './route.js';

/**
 * GET /gateway/bot with the shard count Discord would recommend (set by the test: FakeDiscord's
 * `shards` option), so `SHARD_COUNT=auto` has something to read through the configured REST.
 */
export function shardRoutes(ctx: { gatewayUrl: () => string; shards: number }): RouteTable {
  return {
    'GET /gateway/bot': () => ({
      status: 200,
      body: {
        url: ctx.gatewayUrl(),
        shards: ctx.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    }),
  };
}
