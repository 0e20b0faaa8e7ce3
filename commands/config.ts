import {
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandChannelOption,
} from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { defaultGuildRecord } from '../src/guild-settings/change-log.js';
import { CONFIG_COMMAND, ConfigAction } from '../src/guild-settings/custom-ids.js';
import { fileWeeklyPrompt } from '../src/guild-settings/weekly-prompt-kind.js';
import { hasManageServer, isModerator } from '../src/guild-settings/permissions.js';
import { NOTE_MAX, SUBCOMMANDS } from '../src/guild-settings/subcommands.js';
import { searchTimeZones } from '../src/scheduler/parse.js';

/** The bot posts embeds, so only channels that take ordinary messages can be chosen. */
const POSTABLE = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const channelOption = (description: string) => (option: SlashCommandChannelOption) =>
  option
    .setName('channel')
    .setDescription(description)
    .setRequired(true)
    .addChannelTypes(...POSTABLE);

/** Values are Date#getUTCDay numbers (0 = Sunday), the order src/scheduler uses; listed Monday first. */
const DAYS = [
  { name: 'Monday', value: 1 },
  { name: 'Tuesday', value: 2 },
  { name: 'Wednesday', value: 3 },
  { name: 'Thursday', value: 4 },
  { name: 'Friday', value: 5 },
  { name: 'Saturday', value: 6 },
  { name: 'Sunday', value: 0 },
];

export const config = {
  name: CONFIG_COMMAND,
  data: (text) =>
    new SlashCommandBuilder()
      .setName(CONFIG_COMMAND)
      .setDescription(text('config'))
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
      .setContexts(InteractionContextType.Guild)
      // Hidden from members without Manage Server until an admin opens it up in Server Settings → Integrations.
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((sub) => sub.setName('show').setDescription(text('config.show')))
      .addSubcommandGroup((group) =>
        group
          .setName('public-channels')
          .setDescription(text('config.public-channels'))
          .addSubcommand((sub) =>
            sub
              .setName('add')
              .setDescription(text('config.public-channels.add'))
              .addChannelOption(channelOption(text('config.public-channels.add.channel'))),
          )
          .addSubcommand((sub) =>
            sub
              .setName('remove')
              .setDescription(text('config.public-channels.remove'))
              .addChannelOption(channelOption(text('config.public-channels.remove.channel'))),
          ),
      )
      .addSubcommandGroup((group) =>
        group
          .setName('weekly-prompt')
          .setDescription(text('config.weekly-prompt'))
          .addSubcommand((sub) =>
            sub
              .setName('set')
              .setDescription(text('config.weekly-prompt.set'))
              .addChannelOption(channelOption(text('config.weekly-prompt.set.channel')))
              .addIntegerOption((o) =>
                o
                  .setName('day')
                  .setDescription(text('config.weekly-prompt.set.day'))
                  .setRequired(true)
                  .addChoices(...DAYS),
              )
              .addStringOption((o) => o.setName('time').setDescription(text('config.weekly-prompt.set.time')).setRequired(true).setMinLength(3).setMaxLength(5))
              .addStringOption((o) =>
                o.setName('timezone').setDescription(text('config.weekly-prompt.set.timezone')).setRequired(true).setAutocomplete(true).setMaxLength(100),
              ),
          )
          .addSubcommand((sub) => sub.setName('off').setDescription(text('config.weekly-prompt.off'))),
      )
      .addSubcommandGroup((group) =>
        group
          .setName('resources')
          .setDescription(text('config.resources'))
          .addSubcommand((sub) =>
            sub
              .setName('set')
              .setDescription(text('config.resources.set'))
              .addStringOption((o) => o.setName('note').setDescription(text('config.resources.set.note')).setRequired(true).setMaxLength(NOTE_MAX)),
          )
          .addSubcommand((sub) => sub.setName('clear').setDescription(text('config.resources.clear'))),
      )
      .addSubcommandGroup((group) =>
        group
          .setName('moderator-role')
          .setDescription(text('config.moderator-role'))
          .addSubcommand((sub) =>
            sub
              .setName('set')
              .setDescription(text('config.moderator-role.set'))
              .addRoleOption((o) => o.setName('role').setDescription(text('config.moderator-role.set.role')).setRequired(true)),
          )
          .addSubcommand((sub) => sub.setName('clear').setDescription(text('config.moderator-role.clear'))),
      )
      .addSubcommand((sub) => sub.setName('reset').setDescription(text('config.reset'))),

  async execute(interaction, ctx) {
    // A DM can still arrive from a registration made before the command was limited to servers.
    if (!interaction.inGuild()) throw new UserFacingError('config.guildOnly');
    if (!interaction.inCachedGuild()) throw new UserFacingError('config.guildUnavailable');
    const record = (await ctx.store.guilds.get(interaction.guildId)) ?? defaultGuildRecord();
    // default_member_permissions can be loosened per server, so it is a default, not the rule.
    if (!isModerator(interaction, record)) {
      throw new UserFacingError(record.moderatorRoleId ? 'config.notAllowedWithRole' : 'config.notAllowed', {
        role: record.moderatorRoleId ?? '',
      });
    }
    const group = interaction.options.getSubcommandGroup(false);
    const sub = interaction.options.getSubcommand();
    const key = group ? `${group} ${sub}` : sub;
    // Own properties only: the name arrives from outside, and `constructor` is on every object.
    const handler = Object.hasOwn(SUBCOMMANDS, key) ? SUBCOMMANDS[key] : undefined;
    if (!handler) throw new UserFacingError('error.unknownCommand');
    const view = await handler(interaction, ctx, record);
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  },

  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? searchTimeZones(focused.value) : []);
  },

  components: {
    async [ConfigAction.Reset](interaction, _id, ctx) {
      if (!interaction.isButton() || !interaction.inCachedGuild()) return;
      // Checked again: the role may have been taken away since the question was asked.
      if (!hasManageServer(interaction)) throw new UserFacingError('config.needsManageServer');
      await ctx.store.guilds.delete(interaction.guildId);
      fileWeeklyPrompt(ctx.scheduler, interaction.guildId, undefined);
      ctx.logger.info({ guild: interaction.guildId }, 'guild settings reset');
      await interaction.update({ content: ctx.content.t(interaction.locale, 'config.reset.done'), components: [] });
    },
    async [ConfigAction.Keep](interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update({ content: ctx.content.t(interaction.locale, 'config.reset.cancelled'), components: [] });
    },
  },
} satisfies Command;
