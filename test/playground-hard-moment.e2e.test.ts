import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from '../src/playground/main.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

/** Debian's Chromium, as in test/playground.e2e.test.ts. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const SHOTS = process.env.SCREENSHOT_DIR ?? join('test-artifacts', 'playground');
const UI_TIMEOUT_MS = 10_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.PLAYGROUND_REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is missing but PLAYGROUND_REQUIRE_BROWSER is set`);

let playground: Playground;
let context: BrowserContext;
let page: Page;
let logs: ReturnType<typeof captureLogs>;
const pageErrors: string[] = [];
let dirs: Record<'data' | 'profile', ReturnType<typeof tempDir>>;

describe.skipIf(!hasChromium)('the tools for a hard moment in the playground', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dirs = { data: tempDir(), profile: tempDir('sb-chromium-') };
    logs = captureLogs();
    playground = await startPlayground({ port: 0, dataDir: dirs.data.path, logger: logs.logger });
    context = await chromium.launchPersistentContext(dirs.profile.path, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1360, height: 900 } });
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

  it('/pause holds a draft, and "+1 hour" brings it back with its three buttons', async () => {
    await run('pause', { wait: '2 minutes' });
    const modal = page.locator('#modal .modal');
    await modal.waitFor();
    await modal.locator('textarea').first().fill('Why haven’t you answered? Are you angry with me?');
    await shot('16-pause-form');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => lastMessage().textContent()).toMatch(/on hold for 2 minutes/);
    await shot('16-pause-held', lastMessage());
    const count = await page.locator('#messages .message').count();
    await page.locator('#plus-hour').click();
    await expect.poll(() => page.locator('#messages .message').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(count);
    const back = lastMessage();
    await expect.poll(() => back.textContent()).toMatch(/Time's up/);
    for (const name of ['Send it as it is', 'Rewrite it', 'Let it go']) await expect.poll(() => back.getByRole('button', { name }).count()).toBe(1);
    await shot('16-pause-follow-up', back);
    await back.getByRole('button', { name: 'Send it as it is' }).click();
    await expect.poll(() => back.textContent()).toMatch(/Here it is to copy/);
    await shot('16-pause-copy', back);
  });

  it('/breathe changes one message phase by phase, and grounding steps on with Next', async () => {
    await run('breathe');
    const breath = lastMessage();
    await expect.poll(() => breath.textContent()).toMatch(/Breathe in/);
    await shot('16-breathe-in', breath);
    await expect.poll(() => breath.textContent(), { timeout: 8000 }).toMatch(/Breathe out/);
    await shot('16-breathe-out', breath);
    await breath.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => breath.textContent()).toMatch(/Stopped/);

    await run('breathe', { exercise: '5-4-3-2-1 grounding, step by step' });
    const walk = lastMessage();
    await expect.poll(() => walk.textContent()).toMatch(/5 things you can see/);
    await walk.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => walk.textContent()).toMatch(/4 things you can touch/);
    await shot('16-grounding', walk);
  });

  it('the thought record takes three forms in a row and shows the whole record', async () => {
    await run('strategy', { name: 'Challenge anxious thoughts' });
    await lastMessage().getByRole('button', { name: 'Work through a thought' }).click();
    const modal = page.locator('#modal .modal');
    await modal.waitFor();
    const fields = modal.locator('textarea, input');
    await fields.nth(0).fill('I texted at 6 and there is no reply at 10');
    await fields.nth(1).fill('They are losing interest in me');
    await fields.nth(2).fill('80');
    await shot('16-thought-record-form-1');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => lastMessage().textContent()).toMatch(/Step 1 of 3 done/);
    await lastMessage().getByRole('button', { name: 'Next: the evidence' }).click();
    await modal.waitFor();
    await modal.locator('textarea').nth(0).fill('Replies have been slower this week');
    await modal.locator('textarea').nth(1).fill('They said work is busy; they called on Sunday');
    await page.locator('#modal .modal').getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => lastMessage().textContent()).toMatch(/Step 2 of 3 done/);
    await lastMessage().getByRole('button', { name: 'Next: a balanced thought' }).click();
    await modal.waitFor();
    await modal.locator('textarea').first().fill('They are probably busy; I can ask how their day went');
    await modal.locator('input').first().fill('35');
    await page.locator('#modal .modal').getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => lastMessage().textContent()).toMatch(/80\/100 before → 35\/100 now/);
    await shot('16-thought-record', lastMessage());
  });

  it('/safety-plan asks first, saves a section from its own form, and /crisis offers it first', async () => {
    await run('safety-plan');
    const plan = lastMessage();
    await expect.poll(() => plan.textContent()).toMatch(/Nothing is kept unless you say yes/);
    await shot('16-safety-plan-consent', plan);
    await plan.getByRole('button', { name: 'Yes, keep my plan privately' }).click();
    await expect.poll(() => plan.locator('.dselect').count()).toBe(1);
    await plan.locator('.dselect-face').click();
    await plan.locator('.dselect-option', { hasText: 'My warning signs' }).click();
    const modal = page.locator('#modal .modal');
    await modal.waitFor();
    await modal.locator('textarea').first().fill('Refreshing his profile again and again; skipping meals');
    await shot('16-safety-plan-section-form');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => plan.textContent()).toContain('Refreshing his profile again and again; skipping meals');
    await shot('16-safety-plan', plan);

    await run('crisis');
    const crisis = lastMessage();
    await expect.poll(() => crisis.locator('button.dbutton').first().textContent()).toBe('My safety plan');
    await shot('16-crisis-with-plan');
    await crisis.getByRole('button', { name: 'My safety plan' }).click();
    await expect.poll(() => lastMessage().textContent()).toContain('Refreshing his profile again and again; skipping meals');
  });

  it('the bot sent nothing Discord would refuse, and the page logged no errors', () => {
    expect(playground.warnings).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(logs.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});

function lastMessage(): Locator {
  return page.locator('#messages .message').last();
}

type OptionInput = string | { type: string; pick: string };

/** Uses the message box as a member would (see test/playground.e2e.test.ts). */
async function run(path: string, options: Record<string, OptionInput> = {}): Promise<void> {
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
  // A command that answers with a form adds no message; the caller waits for the form instead.
  await expect.poll(async () => (await page.locator('#messages .message').count()) > count || (await page.locator('#modal .modal').count()) > 0).toBe(true);
}

function popupItem(label: string): Locator {
  return page.locator('#popup .popup-item', { has: page.locator('.popup-label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

async function shot(name: string, top?: Locator): Promise<void> {
  await top?.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    el.closest('.messages')?.scrollBy(0, -16);
  });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
