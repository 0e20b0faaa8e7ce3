import { channelRoutes } from './channel-routes.js';
import { commandRoutes } from './command-routes.js';
import { guildRoutes } from './guild-routes.js';
import { Errors } from './route.js';
import type { RouteTable } from './route.js';
import { lookup, ok, routeLookups } from './route-lookups.js';
import type { CoreContext } from './route-lookups.js';
import type { Json } from './types.js';

export type { CoreContext } from './route-lookups.js';
export { NONCE_WINDOW_MS } from './channel-routes.js';

/**
 * The REST routes other than interaction callbacks and interaction webhooks. Each answers as
 * Discord does, including the permission errors (50001, 50013) a bot must handle.
 */
export function coreRoutes(ctx: CoreContext): RouteTable {
  const look = routeLookups(ctx.state);
  return {
    ...gatewayAndUserRoutes(ctx),
    ...commandRoutes(ctx, look),
    ...channelRoutes(ctx, look),
    ...guildRoutes(ctx, look),
  };
}

function gatewayAndUserRoutes(ctx: CoreContext): RouteTable {
  const { state } = ctx;
  return {
    'GET /gateway': () => ok({ url: ctx.gatewayUrl() }),
    'GET /gateway/bot': () =>
      ok({
        url: ctx.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    'GET /users/@me': () => ok(state.botUser),
    'GET /users/{user_id}': (req) => ok(lookup(() => state.user(req.params.user_id ?? ''), Errors.unknownUser)),
    'POST /users/@me/channels': (req) => {
      const recipient = String((req.body as Json | undefined)?.recipient_id ?? '');
      const channel = lookup(() => state.dmChannel(recipient), Errors.unknownUser);
      return ok(channel);
    },
    'GET /applications/@me': () => ok(ctx.application()),
  };
}
