import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from '../src/playground/main.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * The private log and the weekly focus in the playground: an entry through the labelled form, the
 * review picture, and the end-of-week question after "Jump to next scheduled send".
 */

/** Debian's Chromium; CI installs it. Playwright's own browser download is never used (no network). */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const SHOTS = join('test-artifacts', 'playground');
/** Pictures a member would look at, for the closing note of the work. */
const NOTES_SHOTS = process.env.NOTES_SCREENS_DIR;
const UI_TIMEOUT_MS = 10_000;

const hasChromium = existsSync(CHROMIUM);
// CI installs Chromium and sets this, so a failed install fails the run instead of skipping quietly.
if (!hasChromium && process.env.PLAYGROUND_REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is missing but PLAYGROUND_REQUIRE_BROWSER is set`);
if (!hasChromium) console.warn(`playground e2e skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

let playground: Playground;
let context: BrowserContext;
let page: Page;
let logs: ReturnType<typeof captureLogs>;
const pageErrors: string[] = [];
let dirs: Record<'data' | 'profile', ReturnType<typeof tempDir>>;

const title = hasChromium ? 'the playground in a browser' : `the playground in a browser (skipped: ${CHROMIUM} is missing; apt-get install chromium)`;

describe.skipIf(!hasChromium)(`${title}: log and weekly focus`, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dirs = { data: tempDir(), profile: tempDir('sb-chromium-') };
    logs = captureLogs();
    playground = await startPlayground({ port: 0, dataDir: dirs.data.path, logger: logs.logger });
    // launchPersistentContext is how Playwright takes a user-data-dir: a new, empty one per run.
    context = await chromium.launchPersistentContext(dirs.profile.path, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1360, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && pageErrors.push(message.text())));
    await page.goto(playground.url);
    await page.locator('body.ready').waitFor();
    await page.locator('[data-channel]', { hasText: 'general' }).click();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await playground?.close();
    dirs?.data.remove();
    dirs?.profile.remove();
  });


  it('/log add: the first-time explanation, yes, then one form with labels and selects saves an entry', async () => {
    await run('log add');
    const ask = lastMessage();
    await expect.poll(() => ask.textContent()).toMatch(/encrypted/);
    await ask.getByRole('button', { name: 'Yes, keep my log' }).click();
    const modal = page.locator('#modal .modal');
    await modal.waitFor();
    await expect.poll(() => modal.locator('.modal-field').count()).toBe(5);
    await addEntryInForm(modal, 'No reply all evening after I shared good news', ['worried', 'lonely'], '7');
    await shot('log-01-form-filled');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => lastMessage().textContent()).toMatch(/Saved to your private log\. Feelings: Worried, Lonely\. Strength: 7 out of 10\./);
    expect((await playground.bot.store.log.get(world().you.id))?.entries).toHaveLength(1);

    // Once opted in, /log add goes straight to the form.
    await run('log add', {}, true);
    await addEntryInForm(modal, 'Plans changed at the last minute', ['worried'], '5');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => playground.bot.store.log.get(world().you.id).then((l) => l?.entries.length)).toBe(2);
  });

  it('/log review shows the heat map picture with its words', async () => {
    await run('log review');
    const reply = lastMessage();
    await expect.poll(() => reply.textContent()).toMatch(/Entries: 2 in the last 7 days/);
    await expect.poll(() => reply.textContent()).toMatch(/What repeats\?/);
    const picture = reply.locator('img');
    await expect.poll(() => picture.evaluate((node) => { const img = node as unknown as { complete: boolean; naturalWidth: number }; return img.complete && img.naturalWidth; })).toBe(800);
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
    const dms = () => playground.fake.dmsTo(world().you.id).length;
    const before = dms();
    await page.locator('#jump-next').click();
    await expect.poll(dms, { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await page.locator('#rail-dm').click();
    const question = page.locator('#messages .message', { hasText: "How did this week's change go?" }).last();
    await question.waitFor();
    await expect.poll(() => page.locator('#clock-ahead').textContent()).toMatch(/ahead/);
    await shot('log-03-end-of-week-dm', question);
    if (NOTES_SHOTS) await question.screenshot({ path: join(NOTES_SHOTS, '15-end-of-week-dm.png') });
    await question.getByRole('button', { name: 'Helped' }).click();
    await expect.poll(() => question.textContent()).toMatch(/Saved: it helped/);
    await expect.poll(() => playground.bot.store.focus.get(world().you.id).then((f) => f?.weeks[0]?.answer)).toBe('helped');
    await page.locator('#rail-guild').click();
  });

  it('the bot sent nothing Discord would refuse, and the page logged no errors', () => {
    expect(playground.warnings).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(logs.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});

async function addEntryInForm(modal: Locator, happened: string, feelings: string[], strength: string): Promise<void> {
  await modal.locator('input[name="happened"]').fill(happened);
  for (const feeling of feelings) await modal.locator(`fieldset[data-name="feelings"] input[value="${feeling}"]`).check();
  await modal.locator('select[name="strength"]').selectOption(strength);
}

function world() {
  const guild = [...playground.fake.state.guilds.values()][0]!;
  const you = [...guild.members.values()].find((m) => m.user.username === 'you')!.user;
  return { guild, you };
}

function lastMessage(): Locator {
  return page.locator('#messages .message').last();
}

type OptionInput = string | { type: string; pick: string };

/**
 * Uses the message box as a member would: type the command, pick it from the list, fill each
 * option, Enter. A string is typed (and picked from the choices if it is one); `{ type, pick }`
 * types part of a word and picks a suggestion, as with autocomplete.
 */
async function run(path: string, options: Record<string, OptionInput> = {}, opensForm = false): Promise<void> {
  const count = await page.locator('#messages .message').count();
  const composer = page.locator('#composer');
  await composer.fill(`/${path}`);
  await popupItem(`/${path}`).click();
  for (const [name, input] of Object.entries(options)) {
    const field = page.locator(`.opt-input[data-option="${name}"]`);
    await field.click();
    if (typeof input === 'string') {
      await field.fill(input);
      if ((await popupItem(input).count()) > 0) await popupItem(input).click();
    } else {
      await field.fill(input.type);
      await popupItem(input.pick).click();
    }
  }
  await composer.press('Enter');
  if (opensForm) return void (await page.locator('#modal .modal').waitFor());
  await expect.poll(() => page.locator('#messages .message').count()).toBeGreaterThan(count);
}

function popupItem(label: string): Locator {
  return page.locator('#popup .popup-item', { has: page.locator('.popup-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `top`: scroll that message's start into view first (long replies), otherwise the newest is shown. */
async function shot(name: string, top?: Locator): Promise<void> {
  await top?.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    el.closest('.messages')?.scrollBy(0, -16);
  });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
