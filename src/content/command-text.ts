import { Locale, type APIApplicationCommandOptionChoice, type LocalizationMap } from 'discord.js';
import { DEFAULT_LOCALE, type ContentLibrary, type LocaleContent } from './index.js';

/** A choice as the content names it: the value Discord sends back, and its name in one locale. */
export interface NamedChoice<V extends string | number> {
  value: V;
  name: string;
}

/**
 * What a command definition reads its words from: `text(path)` is the English description at a
 * path such as `config.public-channels.add.channel` (an option shared by several commands, e.g.
 * `share`, may be described once under its own name), and `text.choices(...)` names choices in
 * English with `name_localizations` for every other full locale. Descriptions get their
 * localizations afterwards from the same paths (`localizeDefinition`), so a definition only ever
 * names a path.
 */
export interface CommandText {
  (path: string): string;
  choices<V extends string | number>(pick: (content: LocaleContent) => readonly NamedChoice<V>[]): APIApplicationCommandOptionChoice<V>[];
  /** A choice named by an interface-text key (content/<locale>/ui). */
  uiChoice<V extends string | number>(key: string, value: V): APIApplicationCommandOptionChoice<V>;
}

/** Every Discord locale whose members should see a full content locale other than English. */
function localizedLocales(content: ContentLibrary): [Locale, string][] {
  const out: [Locale, string][] = [];
  for (const discordLocale of Object.values(Locale)) {
    const resolved = content.resolveFull(discordLocale);
    if (resolved !== DEFAULT_LOCALE) out.push([discordLocale, resolved]);
  }
  return out;
}

function describeAt(content: LocaleContent, path: string): string | undefined {
  return content.commands[path] ?? content.commands[path.split('.').at(-1)!];
}

/** The command text for one loaded content library; built once per library. */
export function commandText(library: ContentLibrary): CommandText {
  const english = library.for(DEFAULT_LOCALE);
  const others = localizedLocales(library);
  const text = ((path: string) => {
    const found = describeAt(english, path);
    if (found === undefined) throw new Error(`content/${DEFAULT_LOCALE}/commands.json has no description for "${path}"`);
    return found;
  }) as CommandText;
  text.choices = (pick) => {
    const byLocale = new Map(others.map(([discordLocale, locale]) => [discordLocale, pick(library.for(locale))]));
    return pick(english).map(({ value, name }) => {
      const name_localizations: LocalizationMap = {};
      for (const [discordLocale, choices] of byLocale) {
        const localized = choices.find((c) => c.value === value)?.name;
        if (localized && localized !== name) name_localizations[discordLocale] = localized;
      }
      return Object.keys(name_localizations).length ? { name, value, name_localizations } : { name, value };
    });
  };
  text.uiChoice = (key, value) => text.choices((content) => [{ value, name: content.ui[key] ?? english.ui[key]! }])[0]!;
  return text;
}

interface DescribedNode {
  name: string;
  description?: string;
  description_localizations?: LocalizationMap | null;
  options?: DescribedNode[];
  type?: number;
}

/**
 * Fills `description_localizations` on a command and each of its options from every full locale's
 * commands.json, at the same paths the English descriptions came from. Names stay English.
 */
export function localizeDefinition<T extends DescribedNode>(library: ContentLibrary, definition: T): T {
  const others = localizedLocales(library);
  const visit = (node: DescribedNode, path: string): DescribedNode => {
    const localizations: LocalizationMap = {};
    for (const [discordLocale, locale] of others) {
      const localized = describeAt(library.for(locale), path);
      if (localized && localized !== node.description) localizations[discordLocale] = localized;
    }
    return {
      ...node,
      ...(Object.keys(localizations).length ? { description_localizations: localizations } : {}),
      ...(node.options ? { options: node.options.map((option) => visit(option, `${path}.${option.name}`)) } : {}),
    };
  };
  return visit(definition, definition.name) as T;
}
