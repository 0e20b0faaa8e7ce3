import { Routes, type Client, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { sendIfStillWanted, type ConsentedSend } from '../dm-consent.js';
import type { Paced } from '../scheduler/service.js';
import type { Repository } from '../store/index.js';

/** Where a scheduled DM goes and who must still want it: the record that holds the member's consent. */
export interface ScheduledDm<T> {
  consent: Repository<T>;
  userId: string;
  /** Read from the store under the member's lock right before the request. */
  stillWanted: (current: T) => boolean;
  channelOf: (current: T) => string;
  body: RESTPostAPIChannelMessageJSONBody;
}

/**
 * The one way a scheduled DM leaves the bot (reminders, the weekly focus question): through the
 * scheduler's paced queue, past the consent gate, to the DM channel stored with the schedule.
 * A stop, pause, off or delete confirmed while the DM waited in line means nothing is sent.
 *
 * The consent read starts a little before the DM's turn and the request waits for its turn inside
 * the member's lock, so what is paced is the request itself: the store's round trips in between
 * neither bunch requests over Discord's limit nor slow the fan-out. A DM no longer wanted takes no turn.
 */
export function deliverDm<T>(client: Client, paced: Paced, dm: ScheduledDm<T>): Promise<ConsentedSend<unknown>> {
  return paced.gated((gate) =>
    sendIfStillWanted(dm.consent, dm.userId, dm.stillWanted, async (current) => {
      await gate();
      return client.rest.post(Routes.channelMessages(dm.channelOf(current)), { body: dm.body });
    }),
  );
}

/** POST /users/@me/channels: creates or returns the DM channel; its id is kept so each scheduled DM is one request. */
export async function openDmChannel(client: Client, userId: string): Promise<string> {
  const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
  return channel.id;
}
