import { backgroundWorker } from './background-thread.js';
import { workerExecArgv } from './store/parallel-scan.js';

/**
 * The first `Intl.DateTimeFormat` a process creates loads ICU's locale and time-zone data: 20 to 30 ms
 * of CPU, paid on the main thread by the minute clock's first schedule (node-cron) right after READY,
 * while the first commands are waiting. ICU keeps that data for the whole process, so a short-lived
 * worker thread that creates one formatter at start-up, at background priority, pays it off the main
 * thread instead (after it, the main thread's first formatter took 0.2 to 0.4 ms in a test). Nothing
 * depends on it: if the worker cannot start or has not finished, the main thread loads the data itself.
 */
const WARM_UP = `
new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(0);
`;

export function warmIntlOffThread(): void {
  try {
    const worker = backgroundWorker(WARM_UP, { eval: true, execArgv: workerExecArgv() });
    worker.on('error', () => undefined);
    worker.unref();
  } catch {
    // The main thread loads the data when it first needs it, as without this.
  }
}
