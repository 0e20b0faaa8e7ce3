import { performance } from 'node:perf_hooks';
import { ActionRowBuilder, ButtonStyle, MessageFlags, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import type { View } from '../interactions/presentation.js';
import type { TickerTask } from '../ticker.js';
import { buttonRow, codeBlockSafe } from './views.js';

/** The waits /pause offers, in minutes: all well inside the 15 minutes an interaction token lives. */
export const PAUSE_WAITS = [2, 5, 10] as const;
export type PauseWait = (typeof PAUSE_WAITS)[number];

/** Long enough for any text message, short enough that the copy view fits one 2,000-character message. */
export const DRAFT_MAX = 1500;

/** Discord accepts follow-ups for 15 minutes after the interaction; keep a margin for a slow send. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const TOKEN_MARGIN_MS = 30_000;

export const DRAFT_FIELD = 'draft';

/**
 * A held draft: the words and the way back to the member (the form's interaction, whose token
 * Discord honours for 15 minutes). Memory only: never stored, never logged.
 */
export interface PauseDraft {
  text: string;
  wait: PauseWait;
  followUp?: TickerTask;
}

export function isPauseWait(value: number): value is PauseWait {
  return (PAUSE_WAITS as readonly number[]).includes(value);
}

export function draftModal(ctx: BotContext, locale: string, customId: string, title: string, value?: string): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(DRAFT_FIELD)
    .setLabel(ctx.content.t(locale, 'pause.modal.label'))
    .setPlaceholder(ctx.content.t(locale, 'pause.modal.placeholder'))
    .setStyle(TextInputStyle.Paragraph)
    .setMaxLength(DRAFT_MAX)
    .setRequired(true);
  if (value) input.setValue(value);
  return new ModalBuilder().setCustomId(customId).setTitle(title).addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

export function holdModal(ctx: BotContext, locale: string, owner: string, wait: PauseWait): ModalBuilder {
  const id = encodeCustomId({ command: 'pause', action: 'hold', owner, args: [String(wait)] });
  return draftModal(ctx, locale, id, ctx.content.t(locale, 'pause.modal.title'));
}

export function followUpView(ctx: BotContext, locale: string, owner: string, draftId: string, text: string): View {
  return {
    content: ctx.content.t(locale, 'pause.followUp', { quoted: `\`\`\`\n${codeBlockSafe(text)}\n\`\`\`` }),
    components: [
      buttonRow('pause', owner, [
        { action: 'send', label: ctx.content.t(locale, 'pause.send'), args: [draftId], style: ButtonStyle.Primary },
        { action: 'rewrite', label: ctx.content.t(locale, 'pause.rewrite'), args: [draftId] },
        { action: 'let-go', label: ctx.content.t(locale, 'pause.letGo'), args: [draftId] },
      ]),
    ],
  };
}

/**
 * Holds the draft and files its follow-up on the shared ticker. The follow-up goes through the
 * form's own interaction, so it lands privately where the member is; it is dropped (never sent
 * late) if real time has run past the token's life, whatever the bot's clock says.
 */
export function holdDraft(
  ctx: BotContext,
  interaction: ModalSubmitInteraction,
  text: string,
  wait: PauseWait,
  /** Settles once the first answer went through (or failed): a follow-up needs the reply acknowledged. */
  answered: Promise<void>,
): string {
  const owner = interaction.user.id;
  const locale = interaction.locale;
  const draft: PauseDraft = { text, wait };
  const draftId = ctx.moments.pauses.put(owner, draft);
  const tokenDeadline = performance.now() + TOKEN_LIFETIME_MS - TOKEN_MARGIN_MS;
  draft.followUp = ctx.ticker.after(wait * 60_000, async () => {
    const held = ctx.moments.pauses.get(draftId, owner);
    if (!held) return;
    if (performance.now() > tokenDeadline) {
      ctx.moments.pauses.delete(draftId);
      ctx.logger.warn({ waitMinutes: wait }, 'a /pause follow-up missed its interaction token and was dropped');
      return;
    }
    // The member gets a full hold time to choose, counted from now, whatever the clock did before.
    ctx.moments.pauses.touch(draftId);
    // A clock moved at once (the playground's "+1 hour", a test) can end the wait before the first answer's
    // response has come back, and discord.js refuses a follow-up until then. Awaited only after the touch
    // above: the hold's own expiry may be due in the same tick.
    await answered;
    await interaction.followUp({ ...followUpView(ctx, locale, owner, draftId, held.text), flags: MessageFlags.Ephemeral });
  });
  return draftId;
}
