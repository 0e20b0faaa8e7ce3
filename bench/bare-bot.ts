/**
 * The reference: a bare discord.js bot of the same version with the Guilds intent that answers every
 * slash command with fixed text. Anything the real bot costs beyond this is the bot's own doing.
 *
 * Env: DISCORD_TOKEN, DISCORD_API_URL, and BARE_CACHE=default (discord.js defaults) or `shipped`
 * (the client from src/client.ts, to tell cache settings apart from the rest of the bot).
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { createClient } from '../src/client.js';

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) throw new Error('bare bot: DISCORD_TOKEN and DISCORD_API_URL are required');

const client =
  process.env.BARE_CACHE === 'shipped'
    ? createClient({ apiUrl: api })
    : new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });

client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  // Ephemeral like the bot's /about, so both replies take the same path through Discord.
  interaction.reply({ content: 'Secure Base bench: a fixed reply.', flags: MessageFlags.Ephemeral }).catch((error: unknown) => {
    console.error('bare bot: reply failed', error);
  });
});

async function stop(): Promise<void> {
  await client.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

await client.login(token);
