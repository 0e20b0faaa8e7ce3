import type { Clock } from '../clock.js';
import type { ContentLibrary } from '../content/index.js';
import type { Logger } from '../logger.js';
import type { Ticker } from '../ticker.js';
import { BreathingSessions } from './breathing.js';
import { MemoryHold } from './memory-hold.js';
import type { PauseDraft } from './pause.js';
import type { ThoughtRecordDraft } from './thought-record.js';

/** A held draft is dropped an hour after it came back to the member (or was written), buttons used or not. */
const PAUSE_HOLD_MS = 60 * 60_000;
/** A thought record left half-way is dropped after an hour. */
const THOUGHT_RECORD_HOLD_MS = 60 * 60_000;

/**
 * What the tools for the hard moment hold while a member uses them. Memory only, by design: none
 * of it is written to disk or logged, and a restart clears it (the member is told so).
 */
export interface HardMoments {
  pauses: MemoryHold<PauseDraft>;
  breathing: BreathingSessions;
  thoughtRecords: MemoryHold<ThoughtRecordDraft>;
}

export function createHardMoments(parts: { ticker: Ticker; clock: Clock; content: ContentLibrary; logger: Logger }): HardMoments {
  return {
    pauses: new MemoryHold(parts.ticker, PAUSE_HOLD_MS),
    breathing: new BreathingSessions(parts.ticker, parts.clock, parts.content, parts.logger),
    thoughtRecords: new MemoryHold(parts.ticker, THOUGHT_RECORD_HOLD_MS),
  };
}
