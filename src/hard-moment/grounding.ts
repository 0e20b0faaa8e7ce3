import { ButtonStyle } from 'discord.js';
import type { ContentLibrary } from '../content/index.js';
import type { View } from '../interactions/presentation.js';
import { buttonRow } from './views.js';

/** The senses in walking order: 5 things seen, 4 touched, 3 heard, 2 smelled, 1 tasted. */
export const GROUNDING_STEPS = [5, 4, 3, 2, 1] as const;

/**
 * One step of the 5-4-3-2-1 walk. The step lives in the Next button itself, so the walk needs no
 * memory and survives a restart.
 */
export function groundingView(content: ContentLibrary, locale: string, owner: string, step: number): View {
  if (step >= GROUNDING_STEPS.length) {
    return {
      content: content.t(locale, 'grounding.done'),
      components: [buttonRow('breathe', owner, [{ action: 'again', label: content.t(locale, 'breathe.toBreathing'), style: ButtonStyle.Primary }])],
    };
  }
  const sense = GROUNDING_STEPS[step]!;
  const lines = [
    step === 0 ? content.t(locale, 'grounding.intro') : '',
    content.t(locale, `grounding.step.${sense}`),
    content.t(locale, 'grounding.progress', { n: step + 1 }),
  ].filter(Boolean);
  return {
    content: lines.join('\n\n'),
    components: [
      buttonRow('breathe', owner, [
        { action: 'ground', label: content.t(locale, 'breathe.next'), args: [String(step + 1)], style: ButtonStyle.Primary },
        { action: 'stop', label: content.t(locale, 'breathe.stop'), style: ButtonStyle.Danger },
      ]),
    ],
  };
}
