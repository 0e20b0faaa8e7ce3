import { Errors } from './route.js';
import type { RouteRequest, RouteTable } from './route.js';
import { noContent, ok } from './route-lookups.js';
import type { CoreContext, RouteLookups } from './route-lookups.js';
import type { Json } from './types.js';

/** Application command routes, global and per guild (each route exists under both prefixes). */
export function commandRoutes(ctx: CoreContext, { guildOf }: RouteLookups): RouteTable {
  const { state } = ctx;
  const checkApp = (req: RouteRequest) => {
    if (req.params.application_id !== ctx.applicationId()) throw Errors.missingAccess();
  };
  const commandScope = (req: RouteRequest): string => {
    checkApp(req);
    if (!req.params.guild_id) return 'global';
    guildOf(req);
    return req.params.guild_id;
  };
  const commandOf = (req: RouteRequest): { scope: string; command: Json } => {
    const scope = commandScope(req);
    const command = state.commands.get(scope)?.find((c) => c.id === req.params.command_id);
    if (!command) throw Errors.unknownCommand();
    return { scope, command };
  };
  const commands: RouteTable = {
    'GET /commands': (req) => ok(state.commands.get(commandScope(req)) ?? []),
    'PUT /commands': (req) => ok(state.overwriteCommands(commandScope(req), (req.body as Json[]) ?? [], ctx.applicationId())),
    'POST /commands': (req) => {
      const { command, created } = state.upsertCommand(commandScope(req), req.body as Json, ctx.applicationId());
      return ok(command, created ? 201 : 200);
    },
    'GET /commands/{command_id}': (req) => ok(commandOf(req).command),
    'PATCH /commands/{command_id}': (req) => {
      const { scope, command } = commandOf(req);
      return ok(state.upsertCommand(scope, { ...command, ...(req.body as Json) }, ctx.applicationId()).command);
    },
    'DELETE /commands/{command_id}': (req) => {
      const { scope, command } = commandOf(req);
      state.commands.set(
        scope,
        (state.commands.get(scope) ?? []).filter((c) => c !== command),
      );
      return noContent;
    },
  };
  const routes: RouteTable = {};
  for (const [key, handler] of Object.entries(commands)) {
    const [method, rest] = key.split(' ') as [string, string];
    routes[`${method} /applications/{application_id}${rest}`] = handler;
    routes[`${method} /applications/{application_id}/guilds/{guild_id}${rest}`] = handler;
  }
  return routes;
}
