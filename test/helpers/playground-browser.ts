import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../src/playground/main.js';
import { captureLogs } from './logs.js';
import { tempDir } from './temp-dir.js';

/** Debian's Chromium; CI installs it. Playwright's own browser download is never used (no network). */
export const CHROMIUM = '/usr/bin/chromium';
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
const SHOTS = process.env.SCREENSHOT_DIR ?? join('test-artifacts', 'playground');
export const UI_TIMEOUT_MS = 10_000;

export const hasChromium = existsSync(CHROMIUM);
// CI installs Chromium and sets this, so a failed install fails the run instead of skipping quietly.
if (!hasChromium && process.env.PLAYGROUND_REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is missing but PLAYGROUND_REQUIRE_BROWSER is set`);

/** A suite title that says why it was skipped when Chromium is missing. */
export function browserSuite(name: string): string {
  return hasChromium ? name : `${name} (skipped: ${CHROMIUM} is missing; apt-get install chromium)`;
}

export type OptionInput = string | { type: string; pick: string };

/** The playground, its page in a real headless Chromium, and how a member uses it. */
export interface PlaygroundPage {
  readonly playground: Playground;
  readonly page: Page;
  readonly logs: ReturnType<typeof captureLogs>;
  readonly pageErrors: string[];
  /** The newest message in the channel on screen. */
  lastMessage(): Locator;
  /**
   * Uses the message box as a member would: type the command, pick it from the list, fill each
   * option, Enter. A string is typed (and picked from the choices if it is one); `{ type, pick }`
   * types part of a word and picks a suggestion, as with autocomplete. Resolves once a new message
   * or a form shows.
   */
  run(path: string, options?: Record<string, OptionInput>): Promise<void>;
  popupItem(label: string): Locator;
  /** `top`: scroll that message's start into view first (long replies), otherwise the newest is shown. */
  shot(name: string, top?: Locator): Promise<void>;
  /** The server and the member the page acts as. */
  world(): { guild: ReturnType<Playground['fake']['guild']>; you: { id: string; username: string } };
}

/**
 * One playground and one browser page for a test file, opened in `general`, closed after it. Call at
 * the top of a `describe.skipIf(!hasChromium)` block; the members work once its `beforeAll` ran.
 */
export function usePlaygroundPage(viewport = { width: 1360, height: 860 }): PlaygroundPage {
  let playground: Playground;
  let context: BrowserContext;
  let page: Page;
  let logs: ReturnType<typeof captureLogs>;
  const pageErrors: string[] = [];
  let dirs: Record<'data' | 'profile', ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dirs = { data: tempDir(), profile: tempDir('sb-chromium-') };
    logs = captureLogs();
    playground = await startPlayground({ port: 0, dataDir: dirs.data.path, logger: logs.logger });
    // launchPersistentContext is how Playwright takes a user-data-dir: a new, empty one per run.
    context = await chromium.launchPersistentContext(dirs.profile.path, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
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

  const popupItem = (label: string): Locator =>
    page.locator('#popup .popup-item', { has: page.locator('.popup-label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

  return {
    get playground() {
      return playground;
    },
    get page() {
      return page;
    },
    get logs() {
      return logs;
    },
    pageErrors,
    lastMessage: () => page.locator('#messages .message').last(),
    popupItem,
    async run(path, options = {}) {
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
      // A command that answers with a form adds no message; the caller then works in the form.
      await expect.poll(async () => (await page.locator('#messages .message').count()) > count || (await page.locator('#modal .modal').count()) > 0).toBe(true);
    },
    async shot(name, top) {
      await top?.evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        el.closest('.messages')?.scrollBy(0, -16);
      });
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    world() {
      const guild = [...playground.fake.state.guilds.values()][0]!;
      const you = [...guild.members.values()].find((m) => m.user.username === 'you')!.user;
      return { guild, you };
    },
  };
}
