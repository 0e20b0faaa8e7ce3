/**
 * Imported first by the entry (src/index.ts, after dotenv), before the rest of the bot is even loaded:
 * begins the start-up scan of the reminders in worker threads where a cold start will want it
 * (src/store/early-scan.ts), and has ICU's data loaded off the main thread (src/warm-intl.ts). Imports
 * only what those need.
 */
import { reminderDueProjection } from './reminders/due-projection.js';
import { startEarlyScan } from './store/early-scan.js';
import { warmIntlOffThread } from './warm-intl.js';

startEarlyScan(process.env, reminderDueProjection.url);
warmIntlOffThread();
