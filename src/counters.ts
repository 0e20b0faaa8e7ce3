/**
 * A count that only goes up, e.g. how often someone said a crisis alert was not about them. Kept
 * as a number and never with the text or the person behind it, so it can be exported as a metric.
 */
export class Counter {
  #value = 0;

  constructor(
    /** A metric-style name, e.g. `crisis_wrong_alerts_total`. */
    readonly name: string,
    readonly help: string,
  ) {}

  inc(by = 1): void {
    this.#value += by;
  }

  get value(): number {
    return this.#value;
  }
}

/** The bot's counters, one name each; a metrics registry can read them by `name`. */
export interface Counters {
  /** Presses of "This isn't about me" on a crisis-first screen. */
  crisisWrongAlerts: Counter;
}

export function createCounters(): Counters {
  return {
    crisisWrongAlerts: new Counter('crisis_wrong_alerts_total', 'Crisis-first screens the member said were not about them'),
  };
}
