import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { strategyChoices } from '../src/content/index.js';
import type { Command, ComponentHandler } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { asIs } from '../src/interactions/prepared.js';
import { refusalReason, type Reminders, type ScheduleInput } from '../src/reminders/index.js';
import { DM_ACTIONS, REMINDERS_COMMAND, reminderButtons, type DmAction } from '../src/reminders/dm.js';
import { describeSchedule, doneThisWeek } from '../src/reminders/format.js';
import { fullTime, relativeTime, shortTime } from '../src/interactions/presentation.js';
import { MIXED } from '../src/reminders/practices.js';
import { parseDays, parseTime, parseTimeZone, searchTimeZones } from '../src/scheduler/parse.js';
import { effectiveDue } from '../src/scheduler/schedule-math.js';
import type { ReminderRecord } from '../src/store/index.js';
import { WEEKLY_FOCUS } from '../src/focus/change-text.js';

/** Pause choices by value, in days; a Map because the chosen value arrives from outside. */
const PAUSES: ReadonlyMap<string, number> = new Map([
  ['1d', 1],
  ['3d', 3],
  ['1w', 7],
  ['2w', 14],
]);
const WEEK_DAYS = 7;

const quoteInput = (text: string): string => text.trim().slice(0, 40);

function reply(interaction: ChatInputCommandInteraction, content: string): Promise<unknown> {
  if (interaction.deferred) return interaction.editReply({ content });
  return interaction.reply({ content, flags: MessageFlags.Ephemeral });
}

/** Reads and checks every option before anything is sent or saved; throws with what is accepted. */
async function readInput(interaction: ChatInputCommandInteraction, ctx: BotContext, current: ReminderRecord | undefined): Promise<ScheduleInput> {
  const timeText = interaction.options.getString('time', true);
  const time = parseTime(timeText);
  if (!time.ok) throw new UserFacingError('reminders.error.time', { input: quoteInput(timeText) });

  const zoneText = interaction.options.getString('timezone') ?? (await ctx.store.members.get(interaction.user.id))?.lastTimeZone ?? current?.timeZone;
  if (zoneText === undefined) throw new UserFacingError('reminders.error.zoneMissing');
  const zone = parseTimeZone(zoneText);
  if (!zone.ok) throw new UserFacingError('reminders.error.zone', { input: quoteInput(zoneText) });

  const daysText = interaction.options.getString('days') ?? 'daily';
  const days = parseDays(daysText);
  if (!days.ok) {
    if (days.reason === 'days-empty') throw new UserFacingError('reminders.error.daysEmpty');
    throw new UserFacingError('reminders.error.days', { input: quoteInput(days.detail ?? daysText) });
  }

  const focus = interaction.options.getString('focus') ?? MIXED;
  if (focus !== MIXED && focus !== WEEKLY_FOCUS && !ctx.content.for(interaction.locale).strategies.some((s) => s.id === focus)) {
    throw new UserFacingError('reminders.error.focus');
  }
  // Left out, the choice made last time stands: changing the time should not bring partner practices back.
  const skipPartner = interaction.options.getBoolean('skip-partner-practices') ?? current?.skipPartner ?? false;
  return { rule: { ...time.value, days: days.value, timeZone: zone.value }, focus, skipPartner, locale: interaction.locale };
}

async function set(interaction: ChatInputCommandInteraction, ctx: BotContext, reminders: Reminders): Promise<void> {
  const userId = interaction.user.id;
  const locale = interaction.locale;
  const current = await reminders.get(userId);
  const input = await readInput(interaction, ctx, current);
  // Two requests to Discord before the answer: make sure the 3-second window cannot run out.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const channelId = await reminders.openDm(userId);
  // Saved first, confirmed second: a "set up" DM never stands beside a schedule that was not saved
  // (a full disk fails here, before anything is sent).
  const saved = await reminders.save(userId, input, channelId);
  const schedule = describeSchedule(ctx.content, locale, saved);
  const next = effectiveDue(saved);
  try {
    await reminders.sendText(channelId, ctx.content.t(locale, 'reminders.dm.confirm', { schedule, next: fullTime(next) }));
  } catch (error) {
    // Opt-in means a DM that arrives: without one, nothing is set up, so what was there before comes back.
    await reminders.restore(userId, current).catch((undoError: unknown) => ctx.logger.warn({ err: undoError }, 'could not undo an unconfirmed schedule'));
    if (refusalReason(error) === 'dm-refused') throw new UserFacingError('reminders.error.dmRefused');
    throw error;
  }
  // Only a convenience for next time: failing to remember it must not turn a saved schedule into an error.
  await ctx.store.members
    .update(userId, (member) => ({ ...member, lastTimeZone: input.rule.timeZone }))
    .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not remember the time zone'));
  const text = ctx.content.t(locale, 'reminders.set.saved', { schedule, next: fullTime(next), relative: relativeTime(next) });
  // "My weekly focus" with no focus yet would quietly rotate practices: say how to choose one.
  const noFocus = input.focus === WEEKLY_FOCUS && !(await ctx.focus.get(userId))?.change;
  await reply(interaction, noFocus ? `${text}\n\n${ctx.content.t(locale, 'reminders.focus.weeklyMissing')}` : text);
}

function statusText(ctx: BotContext, locale: string, r: ReminderRecord): string {
  const now = ctx.clock.now();
  const t = ctx.content.t.bind(ctx.content);
  const next = effectiveDue(r);
  const lines = [t(locale, 'reminders.status.schedule', { schedule: describeSchedule(ctx.content, locale, r) })];
  if (r.pausedReason !== null) {
    lines.push(t(locale, 'reminders.status.stopped', { reason: t(locale, `reminders.reason.${r.pausedReason}`) }));
  } else {
    if (r.pausedUntil !== null && r.pausedUntil > now) lines.push(t(locale, 'reminders.status.pausedUntil', { until: fullTime(r.pausedUntil) }));
    if (r.snoozedUntil !== null && r.snoozedUntil > now) lines.push(t(locale, 'reminders.status.snoozed', { until: fullTime(r.snoozedUntil) }));
    lines.push(t(locale, 'reminders.status.next', { next: fullTime(next), relative: relativeTime(next) }));
  }
  lines.push(t(locale, 'reminders.status.done', { count: doneThisWeek(r, now) }));
  return lines.join('\n');
}

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const reminders = ctx.reminders;
  const userId = interaction.user.id;
  const locale = interaction.locale;
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  switch (interaction.options.getSubcommand()) {
    case 'set':
      return set(interaction, ctx, reminders);
    case 'status': {
      const r = await reminders.get(userId);
      await reply(interaction, r ? statusText(ctx, locale, r) : t('reminders.status.none'));
      return;
    }
    case 'pause': {
      // A value from an older registration (or a modified client) pauses for the usual week.
      const days = PAUSES.get(interaction.options.getString('for', true)) ?? WEEK_DAYS;
      const r = await reminders.pause(userId, days);
      await reply(
        interaction,
        r ? t('reminders.pause.done', { until: fullTime(r.pausedUntil!), next: fullTime(effectiveDue(r)) }) : t('reminders.status.none'),
      );
      return;
    }
    case 'resume': {
      const before = await reminders.get(userId);
      if (!before) return void (await reply(interaction, t('reminders.status.none')));
      const wasPaused = before.pausedReason !== null || (before.pausedUntil !== null && before.pausedUntil > ctx.clock.now());
      // After "unknown channel" a fresh DM channel is needed; opening one is a Discord request, so
      // acknowledge first rather than risk Discord's 3-second limit.
      if (before.pausedReason !== null) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const channelId = before.pausedReason !== null ? await reminders.openDm(userId) : undefined;
      const r = (await reminders.resume(userId, channelId)) ?? before;
      const next = effectiveDue(r);
      await reply(interaction, t(wasPaused ? 'reminders.resume.done' : 'reminders.resume.notPaused', { next: fullTime(next), relative: relativeTime(next) }));
      return;
    }
    case 'off': {
      // Off means no more DMs from Secure Base, the end-of-week focus question included.
      const questionStopped = await ctx.focus.stopQuestion(userId);
      await reply(interaction, t((await reminders.remove(userId)) || questionStopped ? 'reminders.off.done' : 'reminders.off.none'));
      return;
    }
    case 'test': {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      try {
        await reminders.sendTest(userId, locale);
      } catch (error) {
        if (refusalReason(error) === 'dm-refused') throw new UserFacingError('reminders.error.dmRefusedTest');
        throw error;
      }
      await reply(interaction, t('reminders.test.sent'));
      return;
    }
  }
}

/** A press on a reminder DM: do it, then turn the buttons off and say what happened, in the DM itself. */
function dmButton(action: DmAction): ComponentHandler {
  return async (interaction, id, ctx) => {
    if (!interaction.isButton()) return;
    const reminders = ctx.reminders;
    const locale = interaction.locale;
    const userId = interaction.user.id;
    const key = id.args[0] ?? '';
    const t = (k: string, vars?: Record<string, string | number>) => ctx.content.t(locale, k, vars);
    let ack: string;
    if (action === 'stop') {
      await reminders.remove(userId);
      await ctx.focus.stopQuestion(userId);
      ack = t('reminders.ack.stop');
    } else {
      const r =
        action === 'done'
          ? await reminders.markDone(userId, key)
          : action === 'snoozeHour'
            ? await reminders.snoozeHour(userId)
            : action === 'snoozeTomorrow'
              ? await reminders.snoozeUntilTomorrow(userId)
              : await reminders.pause(userId, WEEK_DAYS);
      if (!r) ack = t('reminders.ack.off');
      else if (action === 'done') ack = t('reminders.ack.done', { count: doneThisWeek(r, ctx.clock.now()) });
      else if (action === 'snoozeHour') ack = t('reminders.ack.snoozeHour', { when: shortTime(r.snoozedUntil!) });
      else ack = t(action === 'snoozeTomorrow' ? 'reminders.ack.snoozeTomorrow' : 'reminders.ack.pauseWeek', { next: fullTime(effectiveDue(r)) });
    }
    // Already Discord's JSON: sent as it is, not copied into snake_case again on every press.
    await interaction.update({ content: ack, components: [asIs(reminderButtons(ctx.content, locale, userId, key, true))] });
  };
}

export const reminders = {
  name: REMINDERS_COMMAND,
  data: (text) =>
    new SlashCommandBuilder()
      .setName(REMINDERS_COMMAND)
      .setDescription(text('reminders'))
      .addSubcommand((sub) =>
        sub
          .setName('set')
          .setDescription(text('reminders.set'))
          .addStringOption((o) => o.setName('time').setDescription(text('reminders.set.time')).setRequired(true).setMaxLength(20))
          .addStringOption((o) => o.setName('timezone').setDescription(text('reminders.set.timezone')).setAutocomplete(true).setMaxLength(100))
          .addStringOption((o) => o.setName('days').setDescription(text('reminders.set.days')).setMaxLength(100))
          .addStringOption((o) =>
            o
              .setName('focus')
              .setDescription(text('reminders.set.focus'))
              .addChoices(
                text.uiChoice('reminders.focus.mixed', MIXED),
                text.uiChoice('reminders.focus.weekly', WEEKLY_FOCUS),
                ...text.choices(strategyChoices),
              ),
          )
          .addBooleanOption((o) => o.setName('skip-partner-practices').setDescription(text('reminders.set.skip-partner-practices'))),
      )
      .addSubcommand((sub) => sub.setName('status').setDescription(text('reminders.status')))
      .addSubcommand((sub) =>
        sub
          .setName('pause')
          .setDescription(text('reminders.pause'))
          .addStringOption((o) =>
            o
              .setName('for')
              .setDescription(text('reminders.pause.for'))
              .setRequired(true)
              .addChoices(...[...PAUSES.keys()].map((value) => text.uiChoice(`reminders.pause.${value}`, value))),
          ),
      )
      .addSubcommand((sub) => sub.setName('resume').setDescription(text('reminders.resume')))
      .addSubcommand((sub) => sub.setName('off').setDescription(text('reminders.off')))
      .addSubcommand((sub) => sub.setName('test').setDescription(text('reminders.test'))),

  execute,

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'timezone') return void (await interaction.respond([]));
    const choices = searchTimeZones(focused.value);
    if (focused.value.trim() === '') {
      // The zone they chose last time first: most members never move.
      const last = (await ctx.store.members.get(interaction.user.id))?.lastTimeZone ?? (await ctx.reminders.get(interaction.user.id))?.timeZone;
      if (last) {
        const rest = choices.filter((c) => c.value !== last);
        await interaction.respond([{ name: last, value: last }, ...rest].slice(0, 25));
        return;
      }
    }
    await interaction.respond(choices);
  },

  components: Object.fromEntries(DM_ACTIONS.map((action) => [action, dmButton(action)])),
} satisfies Command;
