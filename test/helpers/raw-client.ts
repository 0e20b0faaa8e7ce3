import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { FakeDiscord } from '../../src/fake-discord/index.js';

/**
 * A bare discord.js client logged in to the fake, standing in for a bot in tests of the fake itself:
 * every interaction goes to `handle`, and what it throws is collected in `errors` for the test to check.
 */
export async function connectRawClient(fake: FakeDiscord, handle: (interaction: Interaction) => Promise<unknown>, errors: unknown[]): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction).catch((error: unknown) => errors.push(error)));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}
