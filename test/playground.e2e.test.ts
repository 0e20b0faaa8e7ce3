import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, hasChromium, UI_TIMEOUT_MS, usePlaygroundPage, type OptionInput, type PlaygroundPage } from './helpers/playground-browser.js';

/** The page, the playground behind it and the helpers a test uses, set up by the suite below. */
let ui: PlaygroundPage;
const page = (): Page => ui.page;
const lastMessage = (): Locator => ui.lastMessage();
const run = (path: string, options?: Record<string, OptionInput>) => ui.run(path, options);
const popupItem = (label: string): Locator => ui.popupItem(label);
const shot = (name: string, top?: Locator) => ui.shot(name, top);
const world = () => ui.world();

describe.skipIf(!hasChromium)(browserSuite('the playground in a browser'), () => {
  ui = usePlaygroundPage();

  it('lists the commands when "/" is typed, and hides /config from non-moderators', async () => {
    await page().locator('#composer').fill('/');
    const labels = await page().locator('#popup .popup-label').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['/learn', '/strategy', '/crisis']));
    expect(labels.some((l) => l.startsWith('/config'))).toBe(false);
    await shot('01-command-list');
    await page().locator('#composer').fill('');
  });

  it('/strategy: pick a strategy from the menu, then "Another idea to try" shows the next idea', async () => {
    await run('strategy');
    const reply = lastMessage();
    await expect.poll(() => reply.locator('.dselect').count()).toBe(1);
    await expect.poll(() => reply.textContent()).toContain('Only you can see this');
    await reply.locator('.dselect-face').click();
    await reply.locator('.dselect-option').first().click();
    await expect.poll(() => footer(reply)).toMatch(/Idea 1 of \d+/);
    await reply.getByRole('button', { name: 'Another idea to try' }).click();
    await expect.poll(() => footer(reply)).toMatch(/Idea 2 of \d+/);
    await shot('02-strategy-next-idea');
  });

  it('/learn with a topic from its choices, and Next moves to the next topic', async () => {
    await run('learn', { topic: 'What anxious attachment is' });
    const reply = lastMessage();
    await expect.poll(() => footer(reply)).toContain('1 of 9');
    await reply.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => footer(reply)).toContain('2 of 9');
    await shot('03-learn-next');
  });

  it('autocomplete: typing in /crisis country asks the bot for suggestions', async () => {
    await page().locator('#composer').fill('/crisis');
    await popupItem('/crisis').click();
    await page().locator('.opt-input[data-option="country"]').fill('new');
    await popupItem('New Zealand').waitFor();
    await shot('04-crisis-autocomplete-suggestions');
    await popupItem('New Zealand').click();
    await page().locator('#composer').press('Enter');
    await expect.poll(() => lastMessage().textContent()).toMatch(/New Zealand/);
    await shot('05-crisis-reply', lastMessage());
  });

  it('/resources for a country shows its emergency number, crisis line and domestic-abuse line in full', async () => {
    await page().locator('#composer').fill('/resources');
    await popupItem('/resources').click();
    await page().locator('.opt-input[data-option="country"]').fill('canada');
    await popupItem('Canada').click();
    await page().locator('#composer').press('Enter');
    await expect.poll(() => lastMessage().textContent()).toMatch(/Support in Canada/);
    const text = (await lastMessage().textContent()) ?? '';
    expect(text).toContain('Emergency number: 911');
    expect(text).toContain("If this number doesn't connect, call your local emergency number");
    expect(text).toContain('https://sheltersafe.ca');
    expect(text).toContain('searchable by country and topic.');
    await shot('10-resources-country', lastMessage().getByText('Support in Canada'));
  });

  it('a button opens a form (modal) and what is submitted comes back privately', async () => {
    await run('strategy', { name: 'Notice your triggers' });
    await lastMessage()
      .getByRole('button', { name: /write it down/i })
      .click();
    const modal = page().locator('#modal .modal');
    await modal.waitFor();
    await modal.locator('textarea').first().fill('My partner replied late and I assumed the worst.');
    await shot('06-modal');
    await modal.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => lastMessage().textContent()).toContain('My partner replied late and I assumed the worst.');
    await expect.poll(() => lastMessage().textContent()).toContain('Only you can see this');
  });

  it('the Moderator switch makes /config available', async () => {
    await page()
      .locator('label.switch', { has: page().locator('#moderator') })
      .click();
    await expect.poll(() => page().locator('#me-role').textContent()).toBe('Moderator');
    await page().locator('#composer').fill('/config');
    await expect.poll(() => page().locator('#popup .popup-label').allTextContents()).toContain('/config show');
    await page().locator('#composer').fill('');
    await run('config show');
    await expect.poll(() => lastMessage().locator('.message-header .author').textContent()).toBe('Secure Base');
    await shot('07-config-as-moderator', lastMessage());
  });

  it('/selfcheck start, answered to the result', async () => {
    await run('selfcheck start');
    const reply = lastMessage();
    // Choosing whom it is about begins it.
    await reply.getByRole('button', { name: "Someone I'm dating" }).click();
    await expect.poll(() => reply.textContent()).toMatch(/the person I'm dating/);
    // Answer every statement with the first answer offered, whatever the number of questions.
    for (let i = 0; i < 40; i++) {
      const text = (await reply.textContent()) ?? '';
      if (/Where you are on the scale right now/.test(text)) break;
      const answer = reply.locator('button.dbutton:not([disabled])').filter({ hasNotText: /^(Back|Cancel|How is it scored\?|Skip)$/ });
      const before = text;
      await answer.first().click();
      await expect.poll(() => reply.textContent()).not.toBe(before);
    }
    await expect.poll(() => reply.textContent()).toMatch(/Where you are on the scale right now/);
    await shot('08-selfcheck-result');
    await reply.getByRole('button', { name: 'Save this privately' }).click();
    await expect.poll(() => reply.textContent()).toMatch(/Saved privately/);
  });

  it('/reminders set, then "Jump to next scheduled send" delivers the reminder by DM', async () => {
    await run('reminders set', { time: '09:00', timezone: { type: 'London', pick: 'Europe/London' }, 'skip-partner-practices': 'True' });
    await expect.poll(() => lastMessage().textContent()).toMatch(/Reminders are on/);
    await expect.poll(() => lastMessage().textContent()).toMatch(/leaving out practices that need a partner/);
    const dms = () => ui.playground.fake.dmsTo(world().you.id).length;
    await expect.poll(dms).toBeGreaterThan(0);
    const before = dms();
    await page().locator('#jump-next').click();
    await expect.poll(dms, { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await page().locator('#rail-dm').click();
    await expect.poll(() => page().locator('#messages .message').count()).toBe(before + 1);
    await expect.poll(() => page().locator('#clock-ahead').textContent()).toMatch(/ahead/);
    await shot('09-reminder-dm');
    await page().locator('#rail-guild').click();
  });

  it('/privacy show puts the reminder schedule and what is kept into sentences', async () => {
    await run('privacy show');
    const reply = lastMessage();
    await expect
      .poll(() => reply.textContent())
      .toMatch(/09:00 every day, Europe\/London time, practices from all five strategies, leaving out practices that need a partner\./);
    await expect.poll(() => reply.textContent()).toMatch(/Next one \w+day/);
    await expect.poll(() => reply.textContent()).toMatch(/Why and for how long:/);
    await expect.poll(() => reply.textContent()).toMatch(/Your time zone/);
    await expect.poll(() => reply.textContent()).toMatch(/1 saved result: .+ out of 5 \(\w+\), about: Someone I'm dating\./);
    expect(await reply.textContent()).not.toMatch(/dmChannelId|nextDueUtc|lastTimeZone/);
    await shot('10-privacy-show', reply);
  });

  it('"Own install (DMs)": commands in your DMs come through your own install of the app', async () => {
    await page()
      .locator('label.switch', { has: page().locator('#own-install') })
      .click();
    await expect.poll(() => page().locator('#own-install').isChecked()).toBe(true);
    await page().locator('#rail-dm').click();
    await run('partner', { share: 'True' });
    await expect.poll(() => lastMessage().textContent()).toMatch(/only works in a server that added Secure Base/);
    const reply = ui.playground.fake.messages(ui.playground.fake.dmChannel(world().you.id).id).at(-1)!;
    expect(reply.interaction_metadata).toMatchObject({ authorizing_integration_owners: { 1: world().you.id } });
    await shot('11-own-install-dm', lastMessage());
    await page()
      .locator('label.switch', { has: page().locator('#own-install') })
      .click();
    await page().locator('#rail-guild').click();
  });

  it('the language switch: with Japanese chosen, /crisis answers in Japanese', async () => {
    await page().locator('#language').selectOption('ja');
    await expect.poll(() => page().locator('#language').inputValue()).toBe('ja');
    await run('crisis');
    await expect.poll(() => lastMessage().textContent()).toContain('いますぐの助け');
    await expect.poll(() => lastMessage().textContent()).toContain('0120-279-338');
    await shot('12-crisis-in-japanese', lastMessage());
    await page().locator('#language').selectOption('en-US');
  });

  it('the bot sent nothing Discord would refuse, and the page logged no errors', () => {
    expect(ui.playground.warnings).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
    expect(ui.logs.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});

function footer(message: Locator): Promise<string | null> {
  return message.locator('.embed-footer').last().textContent();
}
