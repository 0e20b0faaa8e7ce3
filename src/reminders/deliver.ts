import { Routes, type Client, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Paced } from '../scheduler/service.js';

/**
 * The one way a scheduled DM leaves the bot (reminders, the weekly focus question): through the
 * scheduler's paced queue, to the DM channel stored with the schedule. Checks that must hold before
 * any DM is sent belong here.
 */
export function deliverDm(client: Client, paced: Paced, channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<unknown> {
  return paced(() => client.rest.post(Routes.channelMessages(channelId), { body }));
}

/** POST /users/@me/channels: creates or returns the DM channel; its id is kept so each scheduled DM is one request. */
export async function openDmChannel(client: Client, userId: string): Promise<string> {
  const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
  return channel.id;
}
