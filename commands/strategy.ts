import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  SlashCommandBuilder,
  type MessageActionRowComponentBuilder,
  StringSelectMenuBuilder,
} from 'discord.js';
import { strategyChoices } from '../src/content/index.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { encodeCustomId, integerArg } from '../src/interactions/custom-id.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { EMBED_COLOR, shareOption, visibilityFlags, type View } from '../src/interactions/presentation.js';
import { shareVisibility, withShareNote } from '../src/guild-settings/share.js';
import { respondPrivately } from '../src/interactions/respond.js';
import { STRATEGY_COMMAND, StrategyAction } from '../src/strategy/custom-ids.js';
import { reflectionEmbed, writingModal, writtenTexts } from '../src/strategy/write-it-down.js';
import { saveToLogRow } from '../src/log/views.js';
import { openThoughtRecord, thoughtRecordComponents } from '../src/hard-moment/thought-record-handlers.js';

/** A strategy as one embed, showing one of its try-this-week ideas; shared with /selfcheck's suggestions. */
export function strategyMessage(ctx: BotContext, locale: string, strategyId: string, ideaIndex: number, owner: string): View {
  const strategies = ctx.content.for(locale).strategies;
  const strategy = strategies.find((s) => s.id === strategyId);
  if (!strategy) {
    throw new UserFacingError('strategy.unknown', { strategies: strategies.map((s) => s.name).join(', ') });
  }
  const ideas = strategy.tryThisWeek;
  const index = ((ideaIndex % ideas.length) + ideas.length) % ideas.length;
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(strategy.title)
    .setDescription(strategy.summary)
    .addFields(
      { name: ctx.content.t(locale, 'strategy.why'), value: strategy.why },
      { name: ctx.content.t(locale, 'strategy.how'), value: strategy.how },
      { name: ctx.content.t(locale, 'strategy.example'), value: strategy.example },
      { name: ctx.content.t(locale, 'strategy.tryThisWeek'), value: ideas[index]! },
    )
    .setFooter({ text: ctx.content.t(locale, 'strategy.footer', { n: index + 1, total: ideas.length }) });
  const row = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: STRATEGY_COMMAND, action: StrategyAction.Idea, owner, args: [strategy.id, String((index + 1) % ideas.length)] }))
      .setLabel(ctx.content.t(locale, 'strategy.anotherIdea'))
      .setStyle(ButtonStyle.Primary),
  );
  if (strategy.writeItDown) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: STRATEGY_COMMAND, action: StrategyAction.Write, owner, args: [strategy.id] }))
        .setLabel(strategy.writeItDown.button)
        .setStyle(ButtonStyle.Secondary),
    );
  }
  return { content: '', embeds: [embed], components: [row] };
}

function pickerMessage(ctx: BotContext, locale: string, owner: string): View {
  const menu = new StringSelectMenuBuilder()
    .setCustomId(encodeCustomId({ command: STRATEGY_COMMAND, action: StrategyAction.Pick, owner, args: [] }))
    .setPlaceholder(ctx.content.t(locale, 'strategy.pickPlaceholder'))
    .addOptions(ctx.content.for(locale).strategies.map((s) => ({ label: s.name, description: s.summary, value: s.id })));
  return {
    content: ctx.content.t(locale, 'strategy.pickPrompt'),
    components: [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu)],
  };
}

export const strategy = {
  name: STRATEGY_COMMAND,
  data: (text) =>
    new SlashCommandBuilder()
      .setName(STRATEGY_COMMAND)
      .setDescription(text('strategy'))
      .addStringOption((option) => option.setName('name').setDescription(text('strategy.name')).addChoices(text.choices(strategyChoices)))
      .addBooleanOption(shareOption(text)),

  async execute(interaction, ctx) {
    const name = interaction.options.getString('name');
    const message = name ? strategyMessage(ctx, interaction.locale, name, 0, interaction.user.id) : pickerMessage(ctx, interaction.locale, interaction.user.id);
    const share = await shareVisibility(interaction, ctx);
    await interaction.reply({ ...withShareNote(message, share.note), flags: share.flags });
  },

  components: {
    async [StrategyAction.Idea](interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const [strategyId = '', indexText] = id.args;
      const ideas = ctx.content.for(interaction.locale).strategies.find((s) => s.id === strategyId)?.tryThisWeek.length ?? 0;
      const index = integerArg(indexText, 0, ideas - 1);
      if (index === undefined) throw new UserFacingError('error.expiredButton', { command: 'strategy' });
      await interaction.update(strategyMessage(ctx, interaction.locale, strategyId, index, id.owner));
    },
    async [StrategyAction.Pick](interaction, id, ctx) {
      if (!interaction.isStringSelectMenu()) return;
      await interaction.update(strategyMessage(ctx, interaction.locale, interaction.values[0] ?? '', 0, id.owner));
    },
    /** Opens the strategy's private writing exercise. */
    async [StrategyAction.Write](interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const chosen = ctx.content.for(interaction.locale).strategies.find((s) => s.id === id.args[0]);
      if (!chosen?.writeItDown) throw new UserFacingError('error.expiredButton', { command: STRATEGY_COMMAND });
      if (chosen.writeItDown.form === 'thought-record') return openThoughtRecord(interaction, ctx);
      await interaction.showModal(writingModal(chosen, interaction.user.id));
    },
    /**
     * What they wrote comes back once, privately, beside a reflection. It is held in memory only, for as
     * long as "Save to my log" can be pressed, and stored only if it is.
     */
    async [StrategyAction.Reflect](interaction, id, ctx) {
      if (!interaction.isModalSubmit()) return;
      const chosen = ctx.content.for(interaction.locale).strategies.find((s) => s.id === id.args[0]);
      if (!chosen?.writeItDown) throw new UserFacingError('error.expiredButton', { command: STRATEGY_COMMAND });
      const [happened = '', mind = '', next = ''] = writtenTexts(interaction, chosen);
      const embeds = [reflectionEmbed(ctx, interaction, chosen)];
      if (!happened) return void (await respondPrivately(interaction, { embeds }));
      const key = ctx.heldTexts.hold(interaction.user.id, { happened, feelings: [], strength: null, mind, next, source: chosen.id });
      await respondPrivately(interaction, { embeds, components: [saveToLogRow(ctx, interaction.locale, interaction.user.id, key)] });
    },
    /** Opens a strategy as a new private message (used by buttons on other commands' replies). */
    async [StrategyAction.Open](interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const message = strategyMessage(ctx, interaction.locale, id.args[0] ?? '', 0, interaction.user.id);
      await interaction.reply({ embeds: message.embeds ?? [], components: message.components ?? [], flags: visibilityFlags(false) });
    },
    ...thoughtRecordComponents,
  },
} satisfies Command;
