import type { Repository } from './store/index.js';

export type ConsentedSend<R> = { sent: true; result: R } | { sent: false };

/**
 * The one gate every unrequested DM passes (reminders, and any other message the bot starts on its own):
 * immediately before the request, under the member's lock on the record that holds their consent, the
 * record is read from the store itself and `stillWanted` decides. The send happens inside the lock, so a
 * stop, pause, off or delete either lands before it (and nothing is sent) or waits until it is done (and
 * is confirmed to the member only after it). Once a stop is confirmed, no DM follows it.
 */
export function sendIfStillWanted<T, R>(
  consent: Repository<T>,
  userId: string,
  stillWanted: (current: T) => boolean,
  send: (current: T) => Promise<R>,
): Promise<ConsentedSend<R>> {
  return consent.whileLocked(userId, async (current) => {
    if (current === undefined || !stillWanted(current)) return { sent: false };
    return { sent: true, result: await send(current) };
  });
}
