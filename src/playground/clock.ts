import type { Clock } from '../clock.js';

/**
 * The one clock the bot, the fake Discord and the page share. It runs in real time, so the
 * playground feels alive, and can jump forward, so a reminder due tomorrow is seen now.
 * It never goes back: snowflakes and stored "last sent" times assume time only moves on.
 */
export class PlaygroundClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** How far ahead of real time the playground is. */
  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }

  /** Jumps to `ms` if that is in the future; returns whether it moved. */
  jumpTo(ms: number): boolean {
    const ahead = ms - this.now();
    if (ahead <= 0) return false;
    this.offsetMs += ahead;
    return true;
  }
}
