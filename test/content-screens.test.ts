import { describe, expect, it } from 'vitest';
import { partnerEmbed } from '../commands/partner.js';
import { topicMessage } from '../commands/learn.js';
import { ManualClock } from '../src/clock.js';
import { ContentLibrary } from '../src/content/index.js';
import { RELATIONSHIP_IDS } from '../src/content/selfcheck-schema.js';
import type { BotContext } from '../src/interactions/context.js';
import { privacyShowEmbed } from '../src/privacy/show.js';
import { reminderMessage } from '../src/reminders/dm.js';
import { describeSchedule } from '../src/reminders/format.js';
import { historyMessage } from '../src/selfcheck/history-view.js';
import { start } from '../src/selfcheck/session.js';
import type { OpenRun } from '../src/selfcheck/session-store.js';
import { currentView, howScoredView, introView } from '../src/selfcheck/views.js';
import type { ReminderRecord, SelfcheckHistoryRecord } from '../src/store/index.js';
import { newReminder } from '../src/store/records.js';
import { expectFitsDiscord } from './helpers/discord-limits.js';

/**
 * Renders every screen of the self-check, /privacy show, /learn, /partner and the reminder DM with
 * the real view code, for every locale, and fails when any of them breaks a Discord limit. Nothing
 * is cut to fit anywhere, so an overflow here is a message Discord would refuse.
 */

const content = new ContentLibrary();
const LOCALES = [...content.locales.keys()];
const NOW = Date.UTC(2026, 5, 1, 12, 0);
const OWNER = '123456789012345678';
const ctx = {
  content,
  clock: new ManualClock(NOW),
  // The longest retention a host may set gives the longest sentence.
  selfcheckRetentionDays: 3650,
  privacyUrl: 'https://example.org/a/fairly/long/path/to/the/privacy/notice/PRIVACY.md',
  // A member with a safety plan: crisis screens then carry one more button, the larger screen.
  store: { safetyPlans: { get: async () => ({ consentedAt: NOW, updatedAt: NOW, sections: { 'warning-signs': 'Not sleeping' } }) } },
} as unknown as BotContext;
/** Discord locales whose guessed crisis line differs, so results are rendered with each. */
const DISCORD_LOCALES = ['en-US', 'en-GB', 'de', 'fr', 'es-ES', 'pt-BR', 'ja', 'hi', 'nl', 'it', 'sv-SE', 'ko'];

function run(locale: string, about: (typeof RELATIONSHIP_IDS)[number] | undefined, step: number, answer: number, feeling: number | null): OpenRun {
  const ids = content.for(locale).selfcheck.statements.map((s) => s.id);
  const session = start(OWNER, NOW, ids, 'abcdefghijkl');
  const answers = Object.fromEntries(ids.slice(0, step).map((id) => [id, answer]));
  return { session: { ...session, step, answers, feeling }, locale, about, feelingDone: step >= ids.length && feeling !== undefined };
}

describe('expectFitsDiscord', () => {
  it('fails on any overflow', () => {
    expect(() => expectFitsDiscord('content', { content: 'a'.repeat(2001) })).toThrow();
    expect(() => expectFitsDiscord('field', { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] })).toThrow();
    const big = {
      description: 'd'.repeat(4000),
      fields: [
        { name: 'n', value: 'v'.repeat(1000) },
        { name: 'n', value: 'v'.repeat(1000) },
      ],
    };
    expect(() => expectFitsDiscord('total', { embeds: [big] })).toThrow();
    expectFitsDiscord('fits', { content: 'a'.repeat(2000), embeds: [{ description: 'd'.repeat(4096) }] });
  });
});

describe.each(LOCALES)('screens in locale %s', (locale) => {
  const c = content.for(locale);

  it('self-check: intro, how it is scored, every statement for every relationship, the feeling question', async () => {
    expectFitsDiscord('intro', introView(ctx, run(locale, undefined, 0, 3, null)));
    expectFitsDiscord('how scored', howScoredView(ctx, locale));
    for (const about of RELATIONSHIP_IDS) {
      for (let step = 0; step <= c.selfcheck.statements.length; step++) {
        const r = { ...run(locale, about, step, 5, null), feelingDone: false };
        expectFitsDiscord(`${about} step ${step}`, await currentView(ctx, r, null));
      }
    }
  });

  it('self-check: every result, with every feeling, saved or not, in every guessed country', async () => {
    const total = c.selfcheck.statements.length;
    for (const discordLocale of [locale, ...DISCORD_LOCALES]) {
      for (const answer of [1, 3, 5]) {
        for (const feeling of [null, ...c.selfcheck.feeling.options.map((o) => o.value)]) {
          const r = { ...run(locale, 'ex', total, answer, feeling), locale: discordLocale, feelingDone: true };
          const view = await currentView(ctx, r, null);
          expectFitsDiscord(`result ${discordLocale} answer ${answer} feeling ${feeling}`, view);
        }
      }
    }
  });

  it('self-check history: the fullest record, across three versions of the statements', async () => {
    const results: SelfcheckHistoryRecord['results'] = Array.from({ length: 500 }, (_, i) => ({
      at: NOW - (500 - i) * 86_400_000,
      mean: 1 + ((i * 7) % 40) / 10,
      band: 'some' as const,
      ...(i < 150 ? {} : { statements: i < 300 ? 2 : 3, about: RELATIONSHIP_IDS[i % 4]! }),
    }));
    const message = await historyMessage(ctx, locale, OWNER, { results });
    expectFitsDiscord('history', message!);
    const one = await historyMessage(ctx, locale, OWNER, { results: results.slice(-1) });
    expectFitsDiscord('history of one', one!);
  });

  it('/privacy show: every kind of record at its longest, and nothing', () => {
    const strategies = c.strategies;
    const longestStrategy = [...strategies].sort((a, b) => b.name.length - a.name.length)[0]!;
    const reminder: ReminderRecord = newReminder({
      hour: 23,
      minute: 59,
      days: 0b0101011,
      timeZone: 'America/Argentina/ComodRivadavia',
      focus: longestStrategy.id,
      skipPartner: true,
      locale: 'zh-TW',
      dmChannelId: '123456789012345678',
      nextDueUtc: NOW + 30 * 86_400_000,
      pausedUntil: NOW + 14 * 86_400_000,
      rotationSeed: 1,
      practicesSent: 123_456,
      doneWeek: null,
    });
    const refused: ReminderRecord = { ...reminder, pausedReason: 'unknown-channel', pausedAt: NOW, noticePending: true };
    const history: SelfcheckHistoryRecord = {
      results: Array.from({ length: 500 }, (_, i) => ({ at: NOW - i * 3_600_000, mean: 3.45, band: 'some' as const, statements: (i % 3) + 1, about: 'close' })),
    };
    for (const discordLocale of [locale, ...DISCORD_LOCALES]) {
      for (const r of [reminder, refused]) {
        const data = { reminders: r, 'selfcheck-history': history, members: { lastTimeZone: 'America/Argentina/ComodRivadavia' }, 'some-new-kind': { a: 1 } };
        expectFitsDiscord(`privacy show ${discordLocale}`, { embeds: [privacyShowEmbed(ctx, discordLocale, data)] });
      }
      expectFitsDiscord('privacy show, nothing', { embeds: [privacyShowEmbed(ctx, discordLocale, {})] });
    }
    // The reminders confirmation carries the same schedule sentence.
    const schedule = describeSchedule(content, locale, reminder);
    const next = '<t:1234567890:F>';
    expectFitsDiscord('reminders set', { content: content.t(locale, 'reminders.set.saved', { schedule, next, relative: '<t:1234567890:R>' }) });
    expectFitsDiscord('reminders status', { content: content.t(locale, 'reminders.status.schedule', { schedule }) });
  });

  it('/learn every topic, /partner, and every reminder DM', () => {
    for (const topic of c.learn) expectFitsDiscord(`learn ${topic.id}`, topicMessage(ctx, locale, topic.id, OWNER));
    expectFitsDiscord('partner', { embeds: [partnerEmbed(ctx, locale)] });
    for (const strategy of c.strategies) {
      for (const text of strategy.tryThisWeek) {
        const practice = { strategyId: strategy.id, strategyName: strategy.name, text };
        expectFitsDiscord(`reminder ${strategy.id}`, reminderMessage(content, locale, OWNER, 'zzzzzzzzzzzzz', practice));
      }
    }
  });
});
