import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, hasChromium, UI_TIMEOUT_MS, usePlaygroundPage, type OptionInput, type PlaygroundPage } from './helpers/playground-browser.js';

/** The page, the playground behind it and the helpers a test uses, set up by the suite below. */
let ui: PlaygroundPage;
const page = (): Page => ui.page;
const lastMessage = (): Locator => ui.lastMessage();
const run = (path: string, options?: Record<string, OptionInput>) => ui.run(path, options);
const shot = (name: string, top?: Locator) => ui.shot(name, top);

describe.skipIf(!hasChromium)(browserSuite('the tools for a hard moment in the playground'), () => {
  ui = usePlaygroundPage({ width: 1360, height: 900 });

  it('/pause holds a draft, and "+1 hour" brings it back with its three buttons', async () => {
    await run('pause', { wait: '2 minutes' });
    const modal = page().locator('#modal .modal');
    await modal.waitFor();
    await modal.locator('textarea').first().fill('Why haven’t you answered? Are you angry with me?');
    await shot('16-pause-form');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => lastMessage().textContent()).toMatch(/on hold for 2 minutes/);
    await shot('16-pause-held', lastMessage());
    const count = await page().locator('#messages .message').count();
    await page().locator('#plus-hour').click();
    await expect.poll(() => page().locator('#messages .message').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(count);
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
    const modal = page().locator('#modal .modal');
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
    await page().locator('#modal .modal').getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => lastMessage().textContent()).toMatch(/Step 2 of 3 done/);
    await lastMessage().getByRole('button', { name: 'Next: a balanced thought' }).click();
    await modal.waitFor();
    await modal.locator('textarea').first().fill('They are probably busy; I can ask how their day went');
    await modal.locator('input').first().fill('35');
    await page().locator('#modal .modal').getByRole('button', { name: 'Submit' }).click();
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
    const modal = page().locator('#modal .modal');
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
    expect(ui.playground.warnings).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
    expect(ui.logs.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});
