import { EventEmitter } from 'node:events';
import type { ChangeKind } from './types.js';

const POLL_MS = 20;

export interface WaitOptions {
  timeoutMs?: number;
  /** Named in the timeout error, e.g. "a DM to user 123". */
  what?: string;
}

/**
 * Lets tests await anything the fake records: every mutation calls `notify` and pending waits
 * re-check their predicate at once (plus a light poll for state outside the fake). A timeout error names what was awaited and
 * appends recent activity, because "timed out" alone never explains why a bot stayed silent.
 */
export class ChangeNotifier {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly defaultTimeoutMs: number,
    private readonly describeRecent: () => string,
  ) {
    this.emitter.setMaxListeners(0);
  }

  notify(kind: ChangeKind): void {
    this.emitter.emit('change', kind);
  }

  /** Resolves with the predicate's first truthy result. */
  waitFor<T>(predicate: () => T | undefined | null | false, opts: WaitOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      // Predicates may look at state outside the fake (the discord.js cache), which changes
      // without telling us; a light poll covers that.
      const poll = setInterval(() => void check(), POLL_MS);
      const check = (): boolean => {
        let value: T | undefined | null | false;
        try {
          value = predicate();
        } catch (error) {
          cleanup();
          reject(error);
          return true;
        }
        if (!value) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const onChange = () => void check();
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        clearInterval(poll);
        this.emitter.off('change', onChange);
      };
      if (check()) return;
      this.emitter.on('change', onChange);
      timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a condition'}\n${this.describeRecent()}`));
      }, timeoutMs);
    });
  }
}
