import { loadLocale, DEFAULT_LOCALE } from './index.js';

/**
 * Slash-command descriptions come from content/<locale>/commands.json like every other word
 * the bot shows. Definitions are built when a command module loads, before any ContentLibrary
 * exists, so English is read here once.
 */
const text = loadLocale(DEFAULT_LOCALE).commands;

/**
 * The description at a path such as `config.public-channels.add.channel`; an option shared by
 * several commands (e.g. `share`) may be described once under its own name.
 */
export function commandText(path: string): string {
  const found = text[path] ?? text[path.split('.').at(-1)!];
  if (found === undefined) throw new Error(`content/${DEFAULT_LOCALE}/commands.json has no description for "${path}"`);
  return found;
}
