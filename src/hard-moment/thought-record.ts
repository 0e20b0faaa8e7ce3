import type { HeldEntry } from '../log/held-texts.js';
import { ActionRowBuilder, ButtonStyle, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { ContentLibrary } from '../content/index.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR, type View } from '../interactions/presentation.js';
import { buttonRow } from './views.js';

/** Each answer fits one embed field (1,024) with room for the quote marks. */
export const THOUGHT_FIELD_MAX = 900;

/**
 * A finished thought record: a plain object with every field, so a feature that saves things
 * (a private log) can store it as it is, by the member's choice.
 */
export interface ThoughtRecord {
  situation: string;
  thought: string;
  /** 0–100, before looking at the evidence. */
  beliefBefore: number;
  evidenceFor: string;
  evidenceAgainst: string;
  balancedThought: string;
  /** 0–100, after. */
  beliefAfter: number;
  /** ms since the epoch, on the bot's clock. */
  completedAt: number;
}

/** A record between its forms: held in memory only, filled step by step. */
export type ThoughtRecordDraft = Partial<ThoughtRecord> & { step: 1 | 2 | 3; pendingBelief?: string };

/** "70", " 70 ", "70%" → 70; anything else, or outside 0–100, is null. */
export function parseBelief(raw: string): number | null {
  const match = /^\s*(\d{1,3})\s*%?\s*$/.exec(raw);
  if (!match) return null;
  const value = Number(match[1]);
  return value >= 0 && value <= 100 ? value : null;
}

function input(content: ContentLibrary, locale: string, id: string, key: string, style: TextInputStyle, value?: string, placeholderKey = `${key}.placeholder`) {
  const field = new TextInputBuilder()
    .setCustomId(id)
    .setLabel(content.t(locale, key))
    .setPlaceholder(content.t(locale, placeholderKey))
    .setStyle(style)
    .setRequired(true)
    .setMaxLength(style === TextInputStyle.Short ? 8 : THOUGHT_FIELD_MAX);
  if (value) field.setValue(value);
  return new ActionRowBuilder<TextInputBuilder>().addComponents(field);
}

/** The form for one step; a step's earlier answers come back prefilled when it is opened again. */
export function thoughtModal(
  content: ContentLibrary,
  locale: string,
  owner: string,
  recordId: string,
  step: 1 | 2 | 3,
  draft?: ThoughtRecordDraft,
): ModalBuilder {
  const modal = new ModalBuilder()
    .setCustomId(encodeCustomId({ command: 'strategy', action: `tr${step}`, owner, args: [recordId] }))
    .setTitle(content.t(locale, `thought.step${step}.title`));
  const belief = (value: number | undefined) => draft?.pendingBelief ?? (value === undefined ? undefined : String(value));
  if (step === 1) {
    modal.addComponents(
      input(content, locale, 'situation', 'thought.situation', TextInputStyle.Paragraph, draft?.situation),
      input(content, locale, 'thought', 'thought.thought', TextInputStyle.Paragraph, draft?.thought),
      input(content, locale, 'belief', 'thought.belief', TextInputStyle.Short, belief(draft?.beliefBefore)),
    );
  } else if (step === 2) {
    modal.addComponents(
      input(content, locale, 'for', 'thought.evidenceFor', TextInputStyle.Paragraph, draft?.evidenceFor),
      input(content, locale, 'against', 'thought.evidenceAgainst', TextInputStyle.Paragraph, draft?.evidenceAgainst),
    );
  } else {
    modal.addComponents(
      input(content, locale, 'balanced', 'thought.balanced', TextInputStyle.Paragraph, draft?.balancedThought),
      input(content, locale, 'belief', 'thought.beliefAfter', TextInputStyle.Short, belief(draft?.beliefAfter), 'thought.belief.placeholder'),
    );
  }
  return modal;
}

/** Between forms: where they are and the button to the next form. */
export function stepView(content: ContentLibrary, locale: string, owner: string, recordId: string, done: 1 | 2, belief?: number): View {
  return {
    content: content.t(locale, `thought.step${done}.saved`, { belief: belief ?? '' }),
    components: [
      buttonRow('strategy', owner, [
        {
          action: 'tr-open',
          label: content.t(locale, done === 1 ? 'thought.next2' : 'thought.next3'),
          args: [recordId, String(done + 1)],
          style: ButtonStyle.Primary,
        },
        { action: 'tr-cancel', label: content.t(locale, 'thought.cancel'), args: [recordId] },
      ]),
    ],
  };
}

/** A belief outside 0–100: say so, keep what they wrote, and offer the same form again. */
export function badBeliefView(content: ContentLibrary, locale: string, owner: string, recordId: string, step: 1 | 3, raw: string): View {
  return {
    content: content.t(locale, 'thought.badBelief', { input: raw.slice(0, 20).replace(/[`*_~|>]/g, '') }),
    components: [
      buttonRow('strategy', owner, [
        { action: 'tr-open', label: content.t(locale, 'thought.fixBelief'), args: [recordId, String(step)], style: ButtonStyle.Primary },
        { action: 'tr-cancel', label: content.t(locale, 'thought.cancel'), args: [recordId] },
      ]),
    ],
  };
}

function quote(content: ContentLibrary, locale: string, text: string): string {
  return text
    ? text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
    : content.t(locale, 'thought.none');
}

/** The whole record shown back once, privately. */
export function recordView(content: ContentLibrary, locale: string, record: ThoughtRecord): View {
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(content.t(locale, 'thought.result.title'))
    .addFields(
      { name: content.t(locale, 'thought.result.situation'), value: quote(content, locale, record.situation) },
      { name: content.t(locale, 'thought.result.thought'), value: quote(content, locale, record.thought) },
      { name: content.t(locale, 'thought.result.evidenceFor'), value: quote(content, locale, record.evidenceFor) },
      { name: content.t(locale, 'thought.result.evidenceAgainst'), value: quote(content, locale, record.evidenceAgainst) },
      { name: content.t(locale, 'thought.result.balanced'), value: quote(content, locale, record.balancedThought) },
      {
        name: content.t(locale, 'thought.result.belief'),
        value: content.t(locale, 'thought.result.beliefValue', { before: record.beliefBefore, after: record.beliefAfter }),
      },
      { name: content.t(locale, 'strategy.reflection'), value: content.t(locale, 'thought.result.reflection') },
    )
    .setFooter({ text: content.t(locale, 'thought.result.footer') });
  return { content: '', embeds: [embed], components: [] };
}

/**
 * A finished record as a log entry, for "Save to my log": the situation, the thought with how strongly
 * it was believed, and the balanced thought with the belief after. Each part fits the log's own limit
 * (a form field holds at most THOUGHT_FIELD_MAX characters), so nothing is cut.
 */
export function thoughtRecordLogEntry(content: ContentLibrary, locale: string, record: ThoughtRecord): HeldEntry {
  return {
    happened: record.situation,
    feelings: [],
    strength: null,
    mind: content.t(locale, 'thought.log.mind', { thought: record.thought, before: record.beliefBefore }),
    next: content.t(locale, 'thought.log.next', { balanced: record.balancedThought, after: record.beliefAfter }),
    source: 'thought-record',
  };
}
