/**
 * Imported first by the entry (src/index.ts, after dotenv): begins the start-up scan of the reminders
 * in worker threads before the rest of the bot is even loaded, where a cold start will want it
 * (src/store/early-scan.ts). Imports only what that needs.
 */
import { reminderDueProjection } from './reminders/due-projection.js';
import { startEarlyScan } from './store/early-scan.js';

startEarlyScan(process.env, reminderDueProjection.url);
