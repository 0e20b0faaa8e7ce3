import { Perm, guildPermissions, has } from './permissions.js';
import { Errors } from './route.js';
import type { RouteRequest, RouteResult, RouteTable } from './route.js';
import { noContent, ok } from './route-lookups.js';
import type { CoreContext, RouteLookups } from './route-lookups.js';

/** Guild, member and member-role routes. */
export function guildRoutes(ctx: CoreContext, { bot, guildOf }: RouteLookups): RouteTable {
  const { state } = ctx;

  /** Role changes need MANAGE_ROLES and a role below the bot's highest, as on Discord. */
  const changeRole = (req: RouteRequest, add: boolean): RouteResult => {
    const guild = guildOf(req);
    const member = guild.members.get(req.params.user_id ?? '');
    if (!member) throw Errors.unknownMember();
    const role = guild.roles.find((r) => r.id === req.params.role_id);
    if (!role) throw Errors.unknownRole();
    const botMember = guild.members.get(bot().id);
    const botTop = Math.max(0, ...guild.roles.filter((r) => botMember?.roles.includes(r.id)).map((r) => r.position));
    if (!has(guildPermissions(guild, bot().id), Perm.ManageRoles) || role.position >= botTop || role.managed) throw Errors.missingPermissions();
    const roles = add ? [...new Set([...member.roles, role.id])] : member.roles.filter((r) => r !== role.id);
    state.setMemberRoles(guild.id, member.user.id, roles);
    return noContent;
  };

  return {
    'GET /guilds/{guild_id}': (req) => {
      const guild = guildOf(req);
      const counts = req.query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
      return ok({ ...state.guildPayload(guild.id), ...counts });
    },
    'GET /guilds/{guild_id}/channels': (req) => ok(guildOf(req).channels),
    'GET /guilds/{guild_id}/roles': (req) => ok(guildOf(req).roles),
    'GET /guilds/{guild_id}/members': (req) => {
      const guild = guildOf(req);
      const limit = Math.min(1000, Number(req.query.get('limit') ?? 1));
      const after = req.query.get('after') ?? '0';
      const members = [...guild.members.values()]
        .filter((m) => BigInt(m.user.id) > BigInt(after))
        .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1))
        .slice(0, limit);
      return ok(members);
    },
    'GET /guilds/{guild_id}/members/{user_id}': (req) => {
      const guild = guildOf(req);
      const member = guild.members.get(req.params.user_id ?? '');
      if (!member) throw Errors.unknownMember();
      return ok(member);
    },
    'PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}': (req) => changeRole(req, true),
    'DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}': (req) => changeRole(req, false),
  };
}
