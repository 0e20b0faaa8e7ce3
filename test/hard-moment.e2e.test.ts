import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { findButton, type FakeMessage } from '../src/fake-discord/index.js';
import { startBot, useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const h = useHarness();

function allRows(): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(h.bot.store.file, sqlite3.OPEN_READONLY);
    db.all('SELECT key, value FROM keyv ORDER BY key', (error, rows) => db.close(() => (error ? reject(error) : resolve(rows))));
  });
}

/** Longer than the ticker's poll interval, so a due task has had its chance to run. */
const settle = () => sleep(600);

async function pauseDraft(user: typeof h.member, text: string, wait = 2) {
  const open = h.fake.slash({ user, guildId: h.guild.id, name: 'pause', options: { wait } });
  const modal = await open.modal();
  expect(modal.title).toBe('Pause before you send');
  return h.fake.modalSubmit({ from: open, fields: { draft: text } });
}

function editsOf(message: FakeMessage) {
  return h.fake.requests.filter(
    (r) => r.method === 'PATCH' && r.path.includes('/messages/') && r.status === 200 && (r.response as { id?: string } | undefined)?.id === message.id,
  );
}

describe('/pause', () => {
  it('answers at once, then brings the draft back once, privately, with its three buttons after the wait', async () => {
    const before = await allRows();
    const submit = await pauseDraft(h.member, 'Why are you ignoring me?? Just answer');
    const reply = await submit.reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/on hold for 2 minutes/);
    expect(reply.content).toMatch(/What am I hoping this message will do\?/);
    expect(reply.content).toMatch(/What else could the silence mean\?/);
    expect(reply.content).toMatch(/what would I tell them\?/);
    expect(reply.content).toMatch(/restarts .* the draft is gone/);

    h.clock.advance(2 * MINUTE - 5000);
    await settle();
    expect(submit.followUps).toHaveLength(0);

    h.clock.advance(5000);
    const followUp = await h.fake.waitFor(() => submit.followUps[0], { timeoutMs: 10_000, what: 'the /pause follow-up' });
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(followUp.content).toContain('Why are you ignoring me?? Just answer');
    for (const label of ['Send it as it is', 'Rewrite it', 'Let it go']) expect(findButton(followUp, label)).toBeTruthy();

    h.clock.advance(20 * MINUTE);
    await settle();
    expect(submit.followUps).toHaveLength(1);

    const sent = await h.fake.button({ user: h.member.id, message: followUp, customId: findButton(followUp, 'Send it as it is').custom_id }).reply();
    expect(sent.content).toMatch(/Here it is to copy/);
    expect(sent.content).toContain('Why are you ignoring me?? Just answer');
    expect(sent.components ?? []).toHaveLength(0);
    expect(await allRows()).toEqual(before);
    expect(h.logs.text()).not.toContain('ignoring me');
  });

  it('Rewrite it opens the form prefilled; Let it go discards the draft', async () => {
    const submit = await pauseDraft(h.member, 'You never have time for me', 5);
    await submit.reply();
    h.clock.advance(5 * MINUTE);
    const followUp = await h.fake.waitFor(() => submit.followUps[0], { timeoutMs: 10_000, what: 'the follow-up' });

    const rewrite = h.fake.button({ user: h.member.id, message: followUp, customId: findButton(followUp, 'Rewrite it').custom_id });
    const form = await rewrite.modal();
    const field = (form.components as { components: { value?: string }[] }[])[0]!.components[0]!;
    expect(field.value).toBe('You never have time for me');
    const rewritten = await h.fake.modalSubmit({ from: rewrite, fields: { draft: 'I miss you. Free for a call this week?' } }).reply();
    expect(rewritten.content).toContain('I miss you. Free for a call this week?');

    const second = await pauseDraft(h.member, 'Fine. Whatever.', 2);
    await second.reply();
    h.clock.advance(2 * MINUTE);
    const back = await h.fake.waitFor(() => second.followUps[0], { timeoutMs: 10_000, what: 'the second follow-up' });
    const letGo = await h.fake.button({ user: h.member.id, message: back, customId: findButton(back, 'Let it go').custom_id }).reply();
    expect(letGo.content).toMatch(/Let go/);
    expect(letGo.content).not.toContain('Fine. Whatever.');
  });

  it('refuses an empty draft with a clear private message', async () => {
    const reply = await (await pauseDraft(h.member, '   ')).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/nothing in the message box/);
  });
});

describe('/breathe', () => {
  it('edits one private message through every phase, then stops on Stop', async () => {
    const handle = h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'breathe' });
    const first = await handle.reply();
    expect(first.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(first.content).toMatch(/Breathe in/);
    expect(first.content).toMatch(/Round 1 of 6/);
    const seen = [first.content];
    // Six rounds of in 4 s, out 6 s: eleven more phases and the closing message, all on one message.
    for (let phase = 1; phase <= 12; phase++) {
      h.clock.advance(phase % 2 === 1 ? 4000 : 6000);
      const shown = await h.fake.waitFor(
        () => {
          const now = h.fake.message(first.id)!;
          return now.content !== seen.at(-1) ? now : undefined;
        },
        { timeoutMs: 10_000, what: `phase ${phase}` },
      );
      seen.push(shown.content);
    }
    expect(seen.filter((c) => /Breathe in/.test(c))).toHaveLength(6);
    expect(seen.filter((c) => /Breathe out/.test(c))).toHaveLength(6);
    expect(seen.at(-1)).toMatch(/about a minute of slower breathing/);
    await h.fake.waitFor(() => editsOf(first).length >= 12 || undefined, { timeoutMs: 10_000, what: 'twelve recorded edits' });
    expect(editsOf(first)).toHaveLength(12);
    expect(handle.followUps).toHaveLength(0);

    // Another round, stopped after two phases: no edit after Stop's own answer.
    const done = h.fake.message(first.id)!;
    const again = await h.fake.button({ user: h.member.id, message: done, customId: findButton(done, 'Another minute').custom_id }).reply();
    expect(again.content).toMatch(/Breathe in/);
    h.clock.advance(4000);
    const out = await h.fake.waitFor(() => (/Breathe out/.test(h.fake.message(first.id)!.content) ? h.fake.message(first.id)! : undefined), {
      timeoutMs: 10_000,
      what: 'the out-breath',
    });
    const stopped = await h.fake.button({ user: h.member.id, message: out, customId: findButton(out, 'Stop').custom_id }).reply();
    expect(stopped.content).toMatch(/Stopped/);
    const editsAtStop = editsOf(first).length;
    h.clock.advance(60_000);
    await settle();
    expect(editsOf(first)).toHaveLength(editsAtStop);
    expect(h.fake.message(first.id)!.content).toMatch(/Stopped/);
    expect(h.bot.context.moments.breathing.size).toBe(0);
  });

  it('walks 5-4-3-2-1 grounding with Next, one plain-text step at a time', async () => {
    let message = await h.fake.slash({ user: h.member.id, guildId: h.guild.id, name: 'breathe', options: { exercise: 'grounding' } }).reply();
    const steps = [message.content];
    for (let i = 0; i < 5; i++) {
      message = await h.fake.button({ user: h.member.id, message, customId: findButton(message, 'Next').custom_id }).reply();
      steps.push(message.content);
    }
    expect(steps[0]).toMatch(/5 things you can see/);
    expect(steps[1]).toMatch(/4 things you can touch/);
    expect(steps[2]).toMatch(/3 things you can hear/);
    expect(steps[3]).toMatch(/2 things you can smell/);
    expect(steps[4]).toMatch(/1 thing you can taste/);
    expect(steps[5]).toMatch(/all five senses/);
  });
});

describe('thought record (challenge anxious thoughts)', () => {
  async function openRecord(user: typeof h.member) {
    const strategy = await h.fake.slash({ user: user.id, guildId: h.guild.id, name: 'strategy', options: { name: 'challenge-thoughts' } }).reply();
    const open = h.fake.button({ user: user.id, message: strategy, customId: findButton(strategy, 'Work through a thought').custom_id });
    const form = await open.modal();
    expect(form.title).toBe('Thought record · 1 of 3');
    expect((form.components as unknown[]).length).toBeLessThanOrEqual(5);
    return open;
  }

  it('round-trips every field through three forms, and stores nothing', async () => {
    const before = await allRows();
    const open = await openRecord(h.member);
    let view = await h.fake
      .modalSubmit({ from: open, fields: { situation: 'Texted him at 6, no reply by 10', thought: "He's losing interest", belief: '85' } })
      .reply();
    expect(view.content).toMatch(/Step 1 of 3 done.*85\/100/s);

    const step2 = h.fake.button({ user: h.member.id, message: view, customId: findButton(view, 'Next: the evidence').custom_id });
    expect((await step2.modal()).title).toBe('Thought record · 2 of 3');
    view = await h.fake
      .modalSubmit({ from: step2, fields: { for: 'He replied slower this week', against: 'He said he had a long shift; he called on Sunday' } })
      .reply();
    expect(view.content).toMatch(/Step 2 of 3 done/);

    const step3 = h.fake.button({ user: h.member.id, message: view, customId: findButton(view, 'Next: a balanced thought').custom_id });
    expect((await step3.modal()).title).toBe('Thought record · 3 of 3');
    const result = await h.fake
      .modalSubmit({ from: step3, fields: { balanced: "He's probably tired; I can ask about his day tomorrow", belief: '40%' } })
      .reply();
    expect(result.flags & EPHEMERAL).toBe(EPHEMERAL);
    const fields = Object.fromEntries(result.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields['The situation']).toBe('> Texted him at 6, no reply by 10');
    expect(fields['The thought']).toBe("> He's losing interest");
    expect(fields['Evidence for']).toBe('> He replied slower this week');
    expect(fields['Evidence against']).toBe('> He said he had a long shift; he called on Sunday');
    expect(fields['A more balanced thought']).toBe("> He's probably tired; I can ask about his day tomorrow");
    expect(fields['How much you believe the old thought']).toBe('85/100 before → 40/100 now');
    expect(await allRows()).toEqual(before);
    expect(h.logs.text()).not.toContain('losing interest');
  });

  it('the finished record can be saved to the private log, by choice: the situation, the thought and the balanced thought', async () => {
    const user = h.fake.addUser({ username: 'recorder' });
    h.fake.addMember(h.guild.id, user.id);
    const strategy = await h.fake.slash({ user: user.id, guildId: h.guild.id, name: 'strategy', options: { name: 'challenge-thoughts' } }).reply();
    const open = h.fake.button({ user: user.id, message: strategy, customId: findButton(strategy, 'Work through a thought').custom_id });
    await open.modal();
    let view = await h.fake.modalSubmit({ from: open, fields: { situation: 'No reply all evening', thought: 'They are pulling away', belief: '70' } }).reply();
    const step2 = h.fake.button({ user: user.id, message: view, customId: findButton(view, 'Next: the evidence').custom_id });
    await step2.modal();
    view = await h.fake.modalSubmit({ from: step2, fields: { for: 'Short answers today', against: 'We made plans for Saturday' } }).reply();
    const step3 = h.fake.button({ user: user.id, message: view, customId: findButton(view, 'Next: a balanced thought').custom_id });
    await step3.modal();
    const result = await h.fake.modalSubmit({ from: step3, fields: { balanced: 'They may just be busy; Saturday is still on', belief: '30' } }).reply();
    expect(await h.bot.store.log.get(user.id)).toBeUndefined();
    const ask = await h.fake.button({ user: user.id, message: result, customId: findButton(result, 'Save to my log').custom_id }).reply();
    const saved = await h.fake.button({ user: user.id, message: ask, customId: findButton(ask, 'Yes, keep my log and save this').custom_id }).reply();
    expect(saved.content).toMatch(/saved in it/);
    expect((await h.bot.store.log.get(user.id))?.entries[0]).toMatchObject({
      happened: 'No reply all evening',
      mind: 'They are pulling away (believed 70 out of 100)',
      next: 'They may just be busy; Saturday is still on (afterwards the old thought was believed 30 out of 100)',
      source: 'thought-record',
    });
  });

  it('a belief outside 0–100 gets a clear private message and the form back, prefilled', async () => {
    const open = await openRecord(h.member);
    const bad = await h.fake.modalSubmit({ from: open, fields: { situation: 'Left on read', thought: 'I said something wrong', belief: '150' } }).reply();
    expect(bad.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bad.content).toMatch(/"150" isn't a number from 0 to 100/);
    const fix = h.fake.button({ user: h.member.id, message: bad, customId: findButton(bad, 'Fix the number').custom_id });
    const form = await fix.modal();
    const values = (form.components as { components: { custom_id: string; value?: string }[] }[]).map((row) => row.components[0]!);
    expect(values.find((v) => v.custom_id === 'situation')!.value).toBe('Left on read');
    expect(values.find((v) => v.custom_id === 'belief')!.value).toBe('150');
    const ok = await h.fake.modalSubmit({ from: fix, fields: { situation: 'Left on read', thought: 'I said something wrong', belief: '60' } }).reply();
    expect(ok.content).toMatch(/Step 1 of 3 done.*60\/100/s);
  });
});

describe('crisis-first screens', () => {
  it('"This isn\'t about me" replaces the crisis screen, keeps a pointer to /crisis, and counts a wrong alert without the text', async () => {
    h.clock.advance(DAY);
    const counter = h.bot.context.counters.crisisWrongAlerts;
    const before = counter.value;
    const submit = await pauseDraft(h.other, "If you leave me I swear I'll kill myself lol");
    const crisis = await submit.reply();
    expect(crisis.embeds[0]!.title).toBe('Help right now');
    const buttons = (crisis.components![0]!.components as { label: string }[]).map((b) => b.label);
    expect(buttons).toEqual(["This isn't about me"]);
    const asked = await h.fake.waitFor(() => submit.followUps[0], { timeoutMs: 10_000, what: 'what was asked for' });
    expect(asked.content).toMatch(/on hold for 2 minutes/);

    const replaced = await h.fake.button({ user: h.other.id, message: crisis, customId: findButton(crisis, "This isn't about me").custom_id }).reply();
    expect(replaced.embeds).toHaveLength(0);
    expect(replaced.content).toMatch(/just below.*`\/crisis`/s);
    expect(counter.value).toBe(before + 1);
    expect(h.logs.text()).not.toContain('kill myself');
  });
});

describe('/pause across a restart', () => {
  it('says the draft is gone when a button is pressed after the bot restarted', async () => {
    const submit = await pauseDraft(h.member, 'Are we okay?');
    await submit.reply();
    h.clock.advance(2 * MINUTE);
    const followUp = await h.fake.waitFor(() => submit.followUps[0], { timeoutMs: 10_000, what: 'the follow-up' });

    await h.bot.stop();
    const restarted = await startBot(h.fake, { dataDir: h.dataDir, encryptionKey: h.encryptionKey, clock: h.clock });
    try {
      const reply = await h.fake.button({ user: h.member.id, message: followUp, customId: findButton(followUp, 'Send it as it is').custom_id }).reply();
      expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(reply.content).toMatch(/This draft is gone/);
      expect(reply.content).not.toContain('Are we okay?');
      expect(restarted.logs.text()).not.toContain('Are we okay?');
    } finally {
      await restarted.stop();
    }
  });
});
