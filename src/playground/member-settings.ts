/** Discord client languages the page offers; the bot answers in the nearest one it has. */
export const PLAYGROUND_LANGUAGES: Readonly<Record<string, string>> = {
  'en-US': 'English',
  'es-ES': 'Español (España)',
  'es-419': 'Español (Latinoamérica)',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  nl: 'Nederlands',
  'pt-BR': 'Português (Brasil)',
  'sv-SE': 'Svenska',
  no: 'Norsk',
  pl: 'Polski',
  ja: '日本語',
  ko: '한국어',
  hi: 'हिन्दी',
};

/** How the member in the page uses Discord: their client's language, and which install their DMs go through. */
export interface MemberSettings {
  locale: string;
  /** The app added to their own account: their DM commands come through a user install. */
  ownInstall: boolean;
}
