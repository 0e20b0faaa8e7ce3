import { describe, expect, it } from 'vitest';
import { Routes } from 'discord.js';
import sqlite3 from 'sqlite3';
import { loadLocale } from '../src/content/index.js';
import { customIds, findButton, type FakeMessage, type FakeUser } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const en = loadLocale('en');
const TOTAL = en.selfcheck.statements.length;
const AGREE = en.selfcheck.scale[3]!.label;
const DISAGREE = en.selfcheck.scale[1]!.label;
/** Choosing whom the reflection is about is what begins it. */
const BEGIN = en.selfcheck.relationships.find((r) => r.id === 'partner')!.label;
const REVERSED = en.selfcheck.statements.filter((s) => s.reverse).length;
/** Every forward statement answered "Agree" scores 4, every reverse one 2. */
const ALL_AGREE_MEAN = (4 * (TOTAL - REVERSED) + 2 * REVERSED) / TOTAL;

const h = useHarness();

/** The router limits presses per person per 10 s of bot time; members take at least this long to read and click. */
const HUMAN_PACE_MS = 500;

async function slash(subcommand: 'start' | 'history', opts: { user?: FakeUser; locale?: string } = {}): Promise<FakeMessage> {
  h.clock.advance(HUMAN_PACE_MS);
  return h.fake.slash({ user: opts.user ?? h.member, guildId: h.guild.id, name: 'selfcheck', subcommand, locale: opts.locale }).reply();
}

async function press(message: FakeMessage, label: string | RegExp, opts: { user?: FakeUser; locale?: string } = {}): Promise<FakeMessage> {
  h.clock.advance(HUMAN_PACE_MS);
  return h.fake.button({ user: opts.user ?? h.member, message, customId: findButton(message, label).custom_id, locale: opts.locale }).reply();
}

type EmbedJson = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };

/** Counted as Discord does: titles, descriptions, field names and values, footers. */
function embedCharacters(message: FakeMessage): number {
  return (message.embeds as EmbedJson[])
    .flatMap((e) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])
    .reduce((total, text) => total + (text?.length ?? 0), 0);
}

const title = (message: FakeMessage, index = 0) => String(message.embeds[index]?.title ?? '');

/** Starts, begins, and answers every statement with one label; returns the feeling question. */
async function answerAll(label = AGREE, opts: { locale?: string } = {}): Promise<FakeMessage> {
  let message = await press(await slash('start', opts), BEGIN, opts);
  for (let n = 1; n <= TOTAL; n++) {
    expect(title(message)).toBe(`Question ${n} of ${TOTAL}`);
    message = await press(message, label, opts);
  }
  expect(title(message)).toBe(en.selfcheck.feeling.question);
  return message;
}

async function completed(feeling = 'Okay', opts: { locale?: string } = {}): Promise<FakeMessage> {
  return press(await answerAll(AGREE, opts), feeling, opts);
}

function readAllRecords(file: string): Promise<{ key: string; value: string }[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      db.all('SELECT key, value FROM keyv ORDER BY key', (queryError, rows: { key: string; value: string }[]) =>
        db.close(() => (queryError ? reject(queryError) : resolve(rows))),
      );
    });
  });
}

// Two of twelve statements are reverse-keyed, so "Agree" throughout averages about 3.7: the "many" band.
const allAgreeBand = en.selfcheck.bands.find((b) => b.id === 'many')!;

describe('/selfcheck start', () => {
  it('walks privately from the intro through every statement and the feeling question to a result', async () => {
    const intro = await slash('start');
    expect(intro.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(title(intro)).toBe(en.selfcheck.title);
    expect(intro.embeds[0]!.description).toBe(en.selfcheck.intro);

    const how = await press(intro, 'How is it scored?');
    expect(how.id).not.toBe(intro.id);
    expect(how.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(how.embeds[0]!.description).toContain(en.selfcheck.howScored);

    let message = await press(intro, BEGIN);
    expect(message.id).toBe(intro.id);
    expect(title(message)).toBe(`Question 1 of ${TOTAL}`);
    expect(message.embeds[0]!.description).toBe(en.selfcheck.statements[0]!.text.partner);
    expect(en.selfcheck.scale.map((o) => findButton(message, o.label).custom_id)).toHaveLength(5);
    expect(findButton(message, 'Back').disabled).toBeFalsy();
    findButton(message, 'Cancel');

    for (let n = 1; n <= TOTAL; n++) {
      expect(title(message)).toBe(`Question ${n} of ${TOTAL}`);
      message = await press(message, AGREE);
    }
    expect(title(message)).toBe(en.selfcheck.feeling.question);
    findButton(message, 'Skip');

    const result = await press(message, 'Okay');
    expect(result.id).toBe(intro.id);
    expect(result.embeds).toHaveLength(1);
    const embed = result.embeds[0]!;
    expect(embed.title).toBe(allAgreeBand.title);
    expect(embed.description).toBe(allAgreeBand.text);
    const text = JSON.stringify(embed);
    expect(text).toContain(`**${ALL_AGREE_MEAN.toFixed(1)}** out of 5`);
    expect(text).toContain(JSON.stringify(en.selfcheck.notValidated).slice(1, -1));
    expect(text).toContain(JSON.stringify(en.selfcheck.howScored).slice(1, -1));
    expect(text).toContain(JSON.stringify(en.selfcheck.notDiagnosis).slice(1, -1));
    findButton(result, 'Save this privately');
    findButton(result, 'Done');

    const strategyIds = customIds(result).filter((id) => id.startsWith('sb1:strategy:open:'));
    expect(strategyIds.length).toBeGreaterThanOrEqual(2);
    expect(strategyIds.length).toBeLessThanOrEqual(3);
    const strategyId = strategyIds[0]!.split(':').at(-1)!;
    const strategy = en.strategies.find((s) => s.id === strategyId)!;
    const opened = await press(result, strategy.name);
    expect(opened.id).not.toBe(result.id);
    expect(opened.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(title(opened)).toBe(strategy.title);
  });

  it('asks whom it is about first and words every statement to fit; Back from the first question changes the choice', async () => {
    const intro = await slash('start');
    expect(intro.embeds[0]!.fields?.[0]?.value).toBe(en.selfcheck.relationshipHint);
    for (const r of en.selfcheck.relationships) findButton(intro, r.label);

    let message = await press(intro, 'An ex');
    expect(message.embeds[0]!.description).toBe(en.selfcheck.statements[0]!.text.ex);
    message = await press(message, 'Back');
    expect(title(message)).toBe(en.selfcheck.title);
    expect(findButton(message, 'An ex').style).toBe(1);

    message = await press(message, 'A close friend or family member');
    for (let n = 0; n < TOTAL; n++) {
      const statement = en.selfcheck.statements[n]!;
      expect(message.embeds[0]!.description).toBe(statement.text.close);
      expect(message.embeds[0]!.description).not.toMatch(/partner/);
      message = await press(message, n === 0 ? AGREE : 'Neither agree nor disagree');
    }
    const result = await press(message, 'Low');
    // A low (not very low) feeling adds a gentle pointer above the result, not the crisis lines.
    expect(result.embeds).toHaveLength(2);
    expect(result.embeds[0]!.description).toBe(en.selfcheck.feeling.lowText);
    expect(JSON.stringify(result.embeds[1])).toContain(JSON.stringify(en.selfcheck.notValidated).slice(1, -1));

    await h.bot.store.selfcheckHistory.set(h.member.id, { results: [{ at: h.clock.now() - 86_400_000, mean: 3.1, band: 'some' }] });
    await press(result, 'Save this privately');
    const saved = (await h.bot.store.selfcheckHistory.get(h.member.id))!.results;
    expect(saved.at(-1)).toMatchObject({ about: 'close', statements: en.selfcheck.statementsVersion });

    // The older result predates versioned statements: history marks where they changed.
    const history = await slash('history');
    expect(history.embeds[0]!.description).toMatch(/\*The statements changed on .+: results from before and after aren't directly comparable\.\*/);
    await h.bot.store.selfcheckHistory.delete(h.member.id);
  });

  it('Back returns to the previous statement, shows the earlier answer, and a double press goes back once', async () => {
    let message = await press(await slash('start'), BEGIN);
    message = await press(message, DISAGREE);
    message = await press(message, AGREE);
    expect(title(message)).toBe(`Question 3 of ${TOTAL}`);

    const backId = findButton(message, 'Back').custom_id;
    const first = h.fake.button({ user: h.member, message, customId: backId });
    const second = h.fake.button({ user: h.member, message, customId: backId });
    await Promise.all([first.reply(), second.reply()]);
    message = h.fake.message(message.id)!;
    expect(title(message)).toBe(`Question 2 of ${TOTAL}`);
    expect(findButton(message, AGREE).style).toBe(1);

    message = await press(message, 'Back');
    expect(title(message)).toBe(`Question 1 of ${TOTAL}`);
    expect(findButton(message, DISAGREE).style).toBe(1);
    expect(findButton(message, AGREE).style).toBe(2);
    message = await press(message, AGREE);
    expect(title(message)).toBe(`Question 2 of ${TOTAL}`);
  });

  it('Cancel ends the run, and Start again opens a fresh one', async () => {
    const message = await press(await press(await slash('start'), BEGIN), AGREE);
    const cancelled = await press(message, 'Cancel');
    expect(cancelled.content).toMatch(/cancelled/i);
    expect(cancelled.embeds).toHaveLength(0);
    const again = await press(cancelled, 'Start again');
    expect(title(again)).toBe(en.selfcheck.title);
    expect(title(await press(again, BEGIN))).toBe(`Question 1 of ${TOTAL}`);
  });

  it('a press after 15 minutes says the run timed out and offers a working Start again', async () => {
    const message = await press(await slash('start'), BEGIN);
    h.clock.advance(16 * 60 * 1000);
    const expired = await press(message, AGREE);
    expect(expired.content).toMatch(/timed out/);
    expect(expired.content).toMatch(/15 minutes/);
    const again = await press(expired, 'Start again');
    expect(title(await press(again, BEGIN))).toBe(`Question 1 of ${TOTAL}`);
  });

  it('a new /selfcheck start closes the older run', async () => {
    const older = await press(await slash('start'), BEGIN);
    const newer = await press(await slash('start'), BEGIN);
    const closed = await press(older, AGREE);
    expect(closed.content).toMatch(/no longer open/);
    expect(title(await press(newer, AGREE))).toBe(`Question 2 of ${TOTAL}`);
  });

  it('refuses someone else pressing the buttons and leaves the run untouched', async () => {
    const message = await press(await slash('start'), BEGIN);
    const agreeId = findButton(message, AGREE).custom_id;
    // Ephemeral messages are only visible to their owner, so carry the button to a public message.
    const copy = (await h.bot.client.rest.post(Routes.channelMessages(h.guild.channels[0]!.id), {
      body: {
        content: 'copied',
        allowed_mentions: { parse: [] },
        components: [{ type: 1, components: [{ type: 2, style: 2, label: AGREE, custom_id: agreeId }] }],
      },
    })) as { id: string };
    const refusal = await h.fake.button({ user: h.other, message: copy.id, customId: agreeId }).reply();
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.content).toMatch(/someone else's/);
    expect(title(h.fake.message(message.id)!)).toBe(`Question 1 of ${TOTAL}`);
    expect(title(await press(message, AGREE))).toBe(`Question 2 of ${TOTAL}`);
  });

  it('pressing the same answer twice records it once: the step advances by one', async () => {
    const message = await press(await slash('start'), BEGIN);
    const agreeId = findButton(message, AGREE).custom_id;
    const presses = [h.fake.button({ user: h.member, message, customId: agreeId }), h.fake.button({ user: h.member, message, customId: agreeId })];
    await Promise.all(presses.map((p) => p.reply()));
    expect(title(h.fake.message(message.id)!)).toBe(`Question 2 of ${TOTAL}`);
  });

  it('a "very low" feeling puts crisis support first, with the line guessed from the Discord language', async () => {
    const result = await completed('Very low', { locale: 'en-GB' });
    expect(result.embeds).toHaveLength(2);
    const crisis = result.embeds[0]!.description!;
    expect(crisis.startsWith(en.selfcheck.feeling.crisisText)).toBe(true);
    expect(crisis).toContain(en.resources.emergency);
    expect(crisis).toContain('Samaritans');
    expect(crisis).toContain(en.resources.findLocalLine);
    expect(title(result, 1)).toBe(allAgreeBand.title);
    // Discord rejects a message whose embeds add up to more than 6000 characters.
    expect(embedCharacters(result)).toBeLessThanOrEqual(6000);
  });

  it('with a safety plan written, its crisis screen offers "My safety plan" as the first button', async () => {
    await h.bot.store.safetyPlans.set(h.member.id, { consentedAt: h.clock.now(), updatedAt: h.clock.now(), sections: { 'warning-signs': 'Not sleeping' } });
    const result = await completed('Very low');
    const firstRow = result.components![0]! as { components: { label?: string }[] };
    expect(firstRow.components[0]!.label).toBe('My safety plan');
    const okay = await completed('Okay');
    expect(JSON.stringify(okay.components)).not.toContain('My safety plan');
    await h.bot.store.safetyPlans.delete(h.member.id);
  });
});

describe('saving and /selfcheck history', () => {
  it('saves once on a double press, and history sends the chart as a PNG with a text version', async () => {
    await h.bot.store.selfcheckHistory.delete(h.member.id);
    const result = await completed('Skip');
    const saveId = findButton(result, 'Save this privately').custom_id;
    const presses = [
      h.fake.button({ user: h.member, message: result, customId: saveId }),
      h.fake.button({ user: h.member, message: result, customId: saveId }),
    ];
    await Promise.all(presses.map((p) => p.response()));
    const saved = await h.fake.waitFor(() => {
      const m = h.fake.message(result.id)!;
      return m.content.startsWith('Saved privately') ? m : undefined;
    });
    expect(findButton(saved, 'Saved').disabled).toBe(true);
    const record = await h.bot.store.selfcheckHistory.get(h.member.id);
    expect(record?.results).toEqual([{ at: h.clock.now(), mean: ALL_AGREE_MEAN, band: 'many', statements: en.selfcheck.statementsVersion, about: 'partner' }]);

    const history = await slash('history');
    expect(history.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(history.attachments.map((a) => a.filename)).toEqual(['selfcheck-history.png']);
    const png = history.files[0]!.data;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 400]);
    expect(png.length).toBeGreaterThan(5 * 1024);
    expect(png.length).toBeLessThan(200 * 1024);
    const embed = history.embeds[0]!;
    expect((embed.image as { url: string }).url).toBe('attachment://selfcheck-history.png');
    expect(embed.description).toContain(en.selfcheck.chart.textHeading);
    expect(embed.description).toContain(`${ALL_AGREE_MEAN.toFixed(1)} / 5 (Many)`);
    expect(embed.description).toContain(en.selfcheck.chart.upsAndDowns);
    findButton(history, 'Delete my history');
  });

  it('Delete my history asks first, Keep it backs out, and confirming deletes the record', async () => {
    await h.bot.store.selfcheckHistory.set(h.member.id, { results: [{ at: h.clock.now(), mean: 2.1, band: 'few' }] });
    const history = await slash('history');
    const asked = await press(history, 'Delete my history');
    expect(asked.content).toMatch(/Delete all 1 saved/);
    const kept = await press(asked, 'Keep it');
    expect(kept.content).toBe('');
    expect(await h.bot.store.selfcheckHistory.get(h.member.id)).toBeDefined();

    const deleted = await press(await press(kept, 'Delete my history'), 'Yes, delete my history');
    expect(deleted.content).toMatch(/deleted/);
    expect(deleted.embeds).toHaveLength(0);
    expect(deleted.attachments).toHaveLength(0);
    expect(await h.bot.store.selfcheckHistory.get(h.member.id)).toBeUndefined();

    const empty = await slash('history');
    expect(empty.content).toMatch(/haven't saved any/);
    expect(empty.attachments).toHaveLength(0);
  });

  it('a check finished without saving leaves every stored record unchanged', async () => {
    await h.bot.store.selfcheckHistory.set(h.member.id, { results: [{ at: h.clock.now(), mean: 4, band: 'many' }] });
    const before = await readAllRecords(h.bot.store.file);
    expect(before.length).toBeGreaterThan(0);

    const done = await press(await completed('Good'), 'Done');
    expect(done.embeds).toHaveLength(0);
    expect(done.components).toHaveLength(0);
    const cancelled = await press(await answerAll(), 'Cancel');
    expect(cancelled.content).toMatch(/cancelled/i);

    expect(await readAllRecords(h.bot.store.file)).toEqual(before);
  });
});
