import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { respondPrivately } from '../src/interactions/respond.js';
import { fieldValue, replaceOrRespond, buttonRow } from '../src/hard-moment/views.js';
import { isPlanSection, SECTION_MAX, type SafetyPlanRecord } from '../src/store/safety-plan-record.js';
import { consentView, planEmbed, planView, sectionModal } from '../src/safety-plan/views.js';
import { ButtonStyle } from 'discord.js';

export const safetyPlan = {
  name: 'safety-plan',
  data: (text) => new SlashCommandBuilder().setName('safety-plan').setDescription(text('safety-plan')),

  async execute(interaction, ctx) {
    const owner = interaction.user.id;
    const plan = await ctx.store.safetyPlans.get(owner);
    const view = plan ? planView(ctx, interaction.locale, owner, plan) : consentView(ctx, interaction.locale, owner);
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  },

  components: {
    /** The member said yes: an empty plan (just the consent) is kept, so sections can be written one at a time. */
    async consent(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const now = ctx.clock.now();
      const plan = await ctx.store.safetyPlans.update(interaction.user.id, (current) => current ?? { consentedAt: now, updatedAt: now, sections: {} });
      await replaceOrRespond(interaction, planView(ctx, interaction.locale, interaction.user.id, plan!));
    },
    async decline(interaction, _id, ctx) {
      await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'plan.declined') });
    },
    async edit(interaction, _id, ctx) {
      if (!interaction.isStringSelectMenu()) return;
      const section = interaction.values[0] ?? '';
      if (!isPlanSection(section)) throw new UserFacingError('plan.unknownSection');
      const plan = await ctx.store.safetyPlans.get(interaction.user.id);
      if (!plan) throw new UserFacingError('plan.noConsent');
      await interaction.showModal(sectionModal(ctx, interaction.locale, interaction.user.id, section, plan));
    },
    /** One section saved on its own; an emptied section is removed. */
    async save(interaction, id, ctx) {
      if (!interaction.isModalSubmit()) return;
      const section = id.args[0] ?? '';
      if (!isPlanSection(section)) throw new UserFacingError('plan.unknownSection');
      const text = fieldValue(interaction, 'text');
      if (text.length > SECTION_MAX) throw new UserFacingError('plan.tooLong', { max: SECTION_MAX });
      const now = ctx.clock.now();
      const plan = await ctx.store.safetyPlans.update(interaction.user.id, (current): SafetyPlanRecord | undefined => {
        if (!current) return undefined;
        const sections = { ...current.sections };
        if (text) sections[section] = text;
        else delete sections[section];
        return { ...current, sections, updatedAt: now };
      });
      if (!plan) throw new UserFacingError('plan.noConsent');
      await replaceOrRespond(interaction, planView(ctx, interaction.locale, interaction.user.id, plan, ctx.content.t(interaction.locale, 'plan.saved')));
    },
    /** From a crisis screen: the plan itself, read-only, as a new private message. */
    async show(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const plan = await ctx.store.safetyPlans.get(interaction.user.id);
      if (!plan) return respondPrivately(interaction, ctx.content.t(interaction.locale, 'plan.none'));
      await respondPrivately(interaction, { embeds: [planEmbed(ctx, interaction.locale, plan, ctx.content.t(interaction.locale, 'plan.crisisFooter'))] });
    },
    async delete(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const locale = interaction.locale;
      await replaceOrRespond(interaction, {
        content: ctx.content.t(locale, 'plan.deleteAsk'),
        components: [
          buttonRow('safety-plan', interaction.user.id, [
            { action: 'delete-yes', label: ctx.content.t(locale, 'plan.deleteYes'), style: ButtonStyle.Danger },
            { action: 'delete-no', label: ctx.content.t(locale, 'plan.deleteNo') },
          ]),
        ],
      });
    },
    async 'delete-yes'(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await ctx.store.safetyPlans.delete(interaction.user.id);
      await ctx.store.checkpoint();
      await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'plan.deleted') });
    },
    async 'delete-no'(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const plan = await ctx.store.safetyPlans.get(interaction.user.id);
      const view = plan ? planView(ctx, interaction.locale, interaction.user.id, plan) : { content: ctx.content.t(interaction.locale, 'plan.kept') };
      await replaceOrRespond(interaction, view);
    },
  },
} satisfies Command;
