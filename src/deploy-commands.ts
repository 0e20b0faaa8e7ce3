import 'dotenv/config';
import { REST, Routes } from 'discord.js';
import { commands } from '../commands/index.js';
import { ConfigError, parseConfig } from './config/index.js';
import { ContentLibrary } from './content/index.js';
import { commandDefinitions } from './interactions/definitions.js';

/**
 * Registers the slash commands: to DISCORD_DEV_GUILD_ID when set (instant, for development),
 * otherwise globally. Run it when commands change, never on start: Discord rate-limits command writes.
 */
async function main(): Promise<void> {
  const config = parseConfig();
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = commandDefinitions(commands, new ContentLibrary());
  const route = config.devGuildId ? Routes.applicationGuildCommands(config.clientId, config.devGuildId) : Routes.applicationCommands(config.clientId);
  const registered = (await rest.put(route, { body })) as { name: string; id: string }[];
  const where = config.devGuildId ? `guild ${config.devGuildId}` : 'globally (may take up to an hour to appear everywhere)';
  console.log(`Registered ${registered.length} commands ${where}:`);
  for (const command of registered) console.log(`  /${command.name}  (${command.id})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
