import type { ContentLibrary } from '../content/index.js';
import type { Practice } from '../reminders/practices.js';
import type { FocusChange } from '../store/index.js';

/** The value of `/reminders set focus:` that carries the member's weekly focus in each reminder. */
export const WEEKLY_FOCUS = 'weekly-focus';

/** A change as a practice: the idea's words (or the member's own) and where it came from. */
export function changeAsPractice(content: ContentLibrary, locale: string, change: FocusChange): Practice | undefined {
  if (change.ownWords !== null) return { strategyId: change.strategyId ?? '', strategyName: content.t(locale, 'focus.ownWordsSource'), text: change.ownWords };
  const strategy = content.for(locale).strategies.find((s) => s.id === change.strategyId);
  const text = change.idea === null ? undefined : strategy?.tryThisWeek[change.idea];
  // A strategy or idea removed from content since: nothing to carry rather than the wrong words.
  if (!strategy || text === undefined) return undefined;
  return { strategyId: strategy.id, strategyName: strategy.name, text };
}
