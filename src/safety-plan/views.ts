import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import { countryFromLocale, findCountry } from '../crisis/lines.js';
import type { BotContext } from '../interactions/context.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR, type View } from '../interactions/presentation.js';
import { buttonRow } from '../hard-moment/views.js';
import { PLAN_SECTIONS, SECTION_MAX, type PlanSection, type SafetyPlanRecord } from '../store/safety-plan-record.js';

/** Discord allows 45 characters in a modal title and a text-input label. */
const MODAL_TEXT_MAX = 45;

export function consentView(ctx: BotContext, locale: string, owner: string): View {
  return {
    content: ctx.content.t(locale, 'plan.consent'),
    components: [
      buttonRow('safety-plan', owner, [
        { action: 'consent', label: ctx.content.t(locale, 'plan.consentYes'), style: ButtonStyle.Primary },
        { action: 'decline', label: ctx.content.t(locale, 'plan.consentNo') },
      ]),
    ],
  };
}

/** The plan as one embed, every section in order; empty ones say so. */
export function planEmbed(ctx: BotContext, locale: string, plan: SafetyPlanRecord, footer?: string): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(ctx.content.t(locale, 'plan.title'))
    .addFields(
      PLAN_SECTIONS.map((section) => ({
        name: ctx.content.t(locale, `plan.section.${section}`),
        value: plan.sections[section] ?? ctx.content.t(locale, 'plan.empty'),
      })),
    );
  if (footer) embed.setFooter({ text: footer });
  return embed;
}

/** The plan with a menu to write any one section, and a way to delete it all. */
export function planView(ctx: BotContext, locale: string, owner: string, plan: SafetyPlanRecord, note?: string): View {
  const menu = new StringSelectMenuBuilder()
    .setCustomId(encodeCustomId({ command: 'safety-plan', action: 'edit', owner, args: [] }))
    .setPlaceholder(ctx.content.t(locale, 'plan.editPlaceholder'))
    .addOptions(
      PLAN_SECTIONS.map((section) => ({
        label: ctx.content.t(locale, `plan.section.${section}`),
        description: ctx.content.t(locale, `plan.section.${section}.hint`).slice(0, 100),
        value: section,
      })),
    );
  return {
    content: [note, ctx.content.t(locale, 'plan.intro')].filter(Boolean).join(' '),
    embeds: [planEmbed(ctx, locale, plan)],
    components: [
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu),
      buttonRow('safety-plan', owner, [{ action: 'delete', label: ctx.content.t(locale, 'plan.delete'), style: ButtonStyle.Danger }]),
    ],
  };
}

/** What the professionals section starts with: the member's country line, for them to keep or change. */
function prefill(ctx: BotContext, locale: string, section: PlanSection): string | undefined {
  if (section !== 'professionals') return undefined;
  const country = findCountry(ctx.content.for(locale).resources.countries, countryFromLocale(locale) ?? '');
  const line = country?.crisisLines[0];
  return line ? ctx.content.t(locale, 'plan.prefill', { name: line.name, contact: line.contact }) : undefined;
}

/** One section's own short form. */
export function sectionModal(ctx: BotContext, locale: string, owner: string, section: PlanSection, plan: SafetyPlanRecord): ModalBuilder {
  const label = ctx.content.t(locale, `plan.section.${section}`);
  const input = new TextInputBuilder()
    .setCustomId('text')
    .setLabel(label.slice(0, MODAL_TEXT_MAX))
    .setPlaceholder(ctx.content.t(locale, `plan.section.${section}.hint`).slice(0, 100))
    .setStyle(TextInputStyle.Paragraph)
    .setMaxLength(SECTION_MAX)
    .setRequired(false);
  const value = plan.sections[section] ?? prefill(ctx, locale, section);
  if (value) input.setValue(value);
  return new ModalBuilder()
    .setCustomId(encodeCustomId({ command: 'safety-plan', action: 'save', owner, args: [section] }))
    .setTitle(label.slice(0, MODAL_TEXT_MAX))
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

/** "My safety plan", for the first place on every crisis screen. */
export function myPlanButton(ctx: BotContext, locale: string, owner: string): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(encodeCustomId({ command: 'safety-plan', action: 'show', owner, args: [] }))
    .setLabel(ctx.content.t(locale, 'crisis.myPlan'))
    .setStyle(ButtonStyle.Primary);
}
