import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, hasChromium, UI_TIMEOUT_MS, usePlaygroundPage, type OptionInput, type PlaygroundPage } from './helpers/playground-browser.js';

/**
 * The private log and the weekly focus in the playground: an entry through the labelled form, the
 * review picture, and the end-of-week question after "Jump to next scheduled send".
 */

/** The page, the playground behind it and the helpers a test uses, set up by the suite below. */
/** Pictures a member would look at, for the closing note of the work. */
const NOTES_SHOTS = process.env.NOTES_SCREENS_DIR;
let ui: PlaygroundPage;
const page = (): Page => ui.page;
const lastMessage = (): Locator => ui.lastMessage();
const run = (path: string, options?: Record<string, OptionInput>) => ui.run(path, options);
const shot = (name: string, top?: Locator) => ui.shot(name, top);
const world = () => ui.world();

describe.skipIf(!hasChromium)(browserSuite('the playground in a browser: log and weekly focus'), () => {
  ui = usePlaygroundPage();

  it('/log add: the first-time explanation, yes, then one form with labels and selects saves an entry', async () => {
    await run('log add');
    const ask = lastMessage();
    await expect.poll(() => ask.textContent()).toMatch(/encrypted/);
    await ask.getByRole('button', { name: 'Yes, keep my log' }).click();
    const modal = page().locator('#modal .modal');
    await modal.waitFor();
    await expect.poll(() => modal.locator('.modal-field').count()).toBe(5);
    await addEntryInForm(modal, 'No reply all evening after I shared good news', ['worried', 'lonely'], '7');
    await shot('log-01-form-filled');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => lastMessage().textContent()).toMatch(/Saved to your private log\. Feelings: Worried, Lonely\. Strength: 7 out of 10\./);
    expect((await ui.playground.bot.store.log.get(world().you.id))?.entries).toHaveLength(1);

    // Once opted in, /log add goes straight to the form.
    await run('log add');
    await addEntryInForm(modal, 'Plans changed at the last minute', ['worried'], '5');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => ui.playground.bot.store.log.get(world().you.id).then((l) => l?.entries.length)).toBe(2);
  });

  it('/log review shows the heat map picture with its words', async () => {
    await run('log review');
    const reply = lastMessage();
    await expect.poll(() => reply.textContent()).toMatch(/Entries: 2 in the last 7 days/);
    await expect.poll(() => reply.textContent()).toMatch(/What repeats\?/);
    const picture = reply.locator('img');
    await expect
      .poll(() =>
        picture.evaluate((node) => {
          const img = node as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth;
        }),
      )
      .toBe(800);
    await shot('log-02-review', reply);
    if (NOTES_SHOTS) await reply.screenshot({ path: join(NOTES_SHOTS, '15-log-review.png') });
  });

  it('/focus set in two steps, then "Jump to next scheduled send" brings the end-of-week question by DM', async () => {
    await run('focus set', { timezone: { type: 'London', pick: 'Europe/London' } });
    const reply = lastMessage();
    await reply.locator('.dselect-face').click();
    await reply.locator('.dselect-option', { hasText: 'Soothe yourself' }).first().click();
    await expect.poll(() => reply.textContent()).toMatch(/Pick one small thing/);
    await reply.locator('.dselect-face').click();
    await reply.locator('.dselect-option').first().click();
    await expect.poll(() => reply.textContent()).toMatch(/This week's small change/);
    const dms = () => ui.playground.fake.dmsTo(world().you.id).length;
    const before = dms();
    await page().locator('#jump-next').click();
    await expect.poll(dms, { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await page().locator('#rail-dm').click();
    const question = page().locator('#messages .message', { hasText: "How did this week's change go?" }).last();
    await question.waitFor();
    await expect.poll(() => page().locator('#clock-ahead').textContent()).toMatch(/ahead/);
    await shot('log-03-end-of-week-dm', question);
    if (NOTES_SHOTS) await question.screenshot({ path: join(NOTES_SHOTS, '15-end-of-week-dm.png') });
    await question.getByRole('button', { name: 'Helped' }).click();
    await expect.poll(() => question.textContent()).toMatch(/Saved: it helped/);
    await expect.poll(() => ui.playground.bot.store.focus.get(world().you.id).then((f) => f?.weeks[0]?.answer)).toBe('helped');
    await page().locator('#rail-guild').click();
  });

  it('the bot sent nothing Discord would refuse, and the page logged no errors', () => {
    expect(ui.playground.warnings).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
    expect(ui.logs.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});

async function addEntryInForm(modal: Locator, happened: string, feelings: string[], strength: string): Promise<void> {
  await modal.locator('input[name="happened"]').fill(happened);
  for (const feeling of feelings) await modal.locator(`fieldset[data-name="feelings"] input[value="${feeling}"]`).check();
  await modal.locator('select[name="strength"]').selectOption(strength);
}
