/**
 * The reference: a bare discord.js bot of the same version with the Guilds intent that answers every
 * slash command with fixed text. Anything the real bot costs beyond this is the bot's own doing.
 *
 * Env: DISCORD_TOKEN, DISCORD_API_URL, and BARE_CACHE=default (discord.js defaults) or `shipped`
 * (the client from src/client.ts, to tell cache settings apart from the rest of the bot).
 * BARE_STORE=<file>: the reference for commands and buttons that touch the store. Every slash command
 * other than /about, and every button press, first reads the member's row from that SQLite file with
 * better-sqlite3 (one prepared SELECT, JSON.parse: the physical floor of one read) and answers with text
 * from it; a button press answers by updating its message, as the bot's reminder buttons do.
 */
import Database from 'better-sqlite3';
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { createClient } from '../src/client.js';

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) throw new Error('bare bot: DISCORD_TOKEN and DISCORD_API_URL are required');

const client = process.env.BARE_CACHE === 'shipped' ? createClient({ apiUrl: api }) : new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });

/** `bare:<user id>` -> a JSON record, as the bench wrote it. */
const select = process.env.BARE_STORE ? new Database(process.env.BARE_STORE).prepare('SELECT value FROM bare WHERE key = ?') : undefined;

function readMember(userId: string): string {
  const row = select?.get(`bare:${userId}`) as { value: string } | undefined;
  const record = row ? (JSON.parse(row.value) as { hour?: number; minute?: number }) : undefined;
  return record ? `Reminders at ${record.hour}:${record.minute}.` : 'No reminders.';
}

const failed = (error: unknown) => console.error('bare bot: reply failed', error);

client.on(Events.InteractionCreate, (interaction: Interaction) => {
  if (interaction.isButton()) {
    interaction.update({ content: readMember(interaction.user.id), components: [] }).catch(failed);
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const content = select && interaction.commandName !== 'about' ? readMember(interaction.user.id) : 'Secure Base bench: a fixed reply.';
  // Ephemeral like the bot's replies, so both take the same path through Discord.
  interaction.reply({ content, flags: MessageFlags.Ephemeral }).catch(failed);
});

async function stop(): Promise<void> {
  await client.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

await client.login(token);
