import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { Cooldown } from './cooldown.js';
import { detectCrisisLanguage } from './language.js';
import { replyWithEmbeds } from '../interactions/layout.js';
import { crisisButtons, crisisEmbeds } from './view.js';

/** Crisis lines shown because of what someone typed: at most once a day, so help never turns into nagging. */
export const CRISIS_NOTICE_PERIOD_MS = 24 * 60 * 60 * 1000;

/** Every text value the member typed into a modal, for the safety check. */
export function modalText(interaction: ModalSubmitInteraction): string {
  return [...interaction.fields.fields.values()].map((field) => ('value' in field && typeof field.value === 'string' ? field.value : '')).join('\n');
}

/**
 * Free text that sounds like a crisis gets the crisis lines before anything else. Only the
 * cooldown (in memory) remembers it happened; nothing about it is stored or logged.
 */
export function crisisFirst(ctx: Pick<BotContext, 'clock'>): (interaction: ModalSubmitInteraction, ctx: BotContext) => Promise<void> {
  const notice = new Cooldown({ periodMs: CRISIS_NOTICE_PERIOD_MS, clock: () => ctx.clock.now() });
  return async (interaction, context) => {
    if (!detectCrisisLanguage(modalText(interaction)).matched) return;
    if (!notice.tryFire(interaction.user.id)) return;
    const locale = interaction.locale;
    const embeds = await crisisEmbeds(context, { locale, guildId: interaction.guildId, intro: context.content.t(locale, 'crisis.noticedWords') });
    const components = await crisisButtons(context, { userId: interaction.user.id, locale, notAboutMe: true });
    await replyWithEmbeds(interaction, embeds, MessageFlags.Ephemeral, components);
  };
}
