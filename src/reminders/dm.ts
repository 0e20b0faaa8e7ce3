import {
  ButtonStyle,
  ComponentType,
  EmbedBuilder,
  type APIActionRowComponent,
  type APIButtonComponent,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { ContentLibrary } from '../content/index.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import type { Practice } from './practices.js';

export const REMINDERS_COMMAND = 'reminders';

/** The buttons on a reminder DM, by custom_id action, in the order shown. */
export const DM_ACTIONS = ['done', 'snoozeHour', 'snoozeTomorrow', 'pauseWeek', 'stop'] as const;
export type DmAction = (typeof DM_ACTIONS)[number];

const LABELS: Record<DmAction, string> = {
  done: 'reminders.button.done',
  snoozeHour: 'reminders.button.snoozeHour',
  snoozeTomorrow: 'reminders.button.snoozeTomorrow',
  pauseWeek: 'reminders.button.pauseWeek',
  stop: 'reminders.button.stop',
};

/** Which reminder a button belongs to: the occurrence (base 36), or `t…` for a `/reminders test` one. */
export const occurrenceKey = (occurrence: number): string => occurrence.toString(36);
export const testKey = (nowUtc: number): string => `t${nowUtc.toString(36)}`;

/**
 * The same for every attempt at one occurrence, so with `enforce_nonce` Discord returns the message an
 * interrupted attempt already created instead of posting a second one. At most 25 characters:
 * 1 + 13 (a 64-bit id in base 36) + 1 + 9.
 */
export function nonceFor(userId: string, occurrence: number): string {
  return `r${BigInt(userId).toString(36)}.${occurrence.toString(36)}`;
}

/**
 * The row of buttons as the JSON Discord takes. Built directly rather than through ButtonBuilder: this
 * runs on every press and every reminder, and each builder setter runs a validator that constructs
 * (and throws away) an Error for the null branch of its union (bench/README.md).
 */
export function reminderButtons(
  content: ContentLibrary,
  locale: string,
  userId: string,
  key: string,
  disabled = false,
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: DM_ACTIONS.map((action) => ({
      type: ComponentType.Button,
      custom_id: encodeCustomId({ command: REMINDERS_COMMAND, action, owner: userId, args: [key] }),
      label: content.t(locale, LABELS[action]),
      style: action === 'done' ? ButtonStyle.Success : action === 'stop' ? ButtonStyle.Danger : ButtonStyle.Secondary,
      disabled,
    })),
  };
}

/** One practice, with buttons that work right there in the DM. Pings nobody. */
export function reminderMessage(content: ContentLibrary, locale: string, userId: string, key: string, practice: Practice): RESTPostAPIChannelMessageJSONBody {
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(content.t(locale, 'reminders.dm.title'))
    .setDescription(practice.text)
    .setFooter({ text: content.t(locale, 'reminders.dm.footer', { strategy: practice.strategyName }) });
  return {
    embeds: [embed.toJSON()],
    components: [reminderButtons(content, locale, userId, key)],
    allowed_mentions: { parse: [] },
  };
}

export function textMessage(text: string): RESTPostAPIChannelMessageJSONBody {
  return { content: text, allowed_mentions: { parse: [] } };
}
