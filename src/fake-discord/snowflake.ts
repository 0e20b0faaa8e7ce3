/** Milliseconds since the Unix epoch of 2015-01-01T00:00:00Z, Discord's snowflake epoch. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Generates Discord-shaped snowflakes from a clock.
 *
 * Real ids are 17 to 19 digits because they embed the creation time; discord.js derives
 * `createdTimestamp` from them and some code sorts by them, so fake ids must look real.
 * The 22 low bits (worker, process, increment) only need to keep ids unique and increasing.
 */
export class SnowflakeGenerator {
  private increment = 0n;
  private last = 0n;

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    let id = (BigInt(Math.floor(this.clock())) - DISCORD_EPOCH) << 22n;
    // A frozen or rewound test clock must still yield strictly increasing, unique ids.
    if (id <= this.last) id = this.last + 1n;
    else id += this.increment++ & 0xfffn;
    this.last = id;
    return id.toString();
  }
}

/** The creation time (ms since the Unix epoch) embedded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
