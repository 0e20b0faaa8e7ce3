/**
 * Text a server's moderators typed, made safe to show beside the bot's own words (the crisis lines above
 * all), so it can never pass for them:
 * - direction controls are removed, so `\u202E321 611` cannot display as "116 123";
 * - masked links show their real address (`[Samaritans](https://x)` becomes `Samaritans (<https://x>)`),
 *   and any bracket left over is escaped so no other link syntax can hide one;
 * - a line cannot become a heading, so a note cannot look like a title of the screen.
 * Where it is shown, it also sits under a heading saying it comes from the server's moderators.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const MASKED_LINK = /\[([^\]\n]*)\]\(\s*<?([^\s)>]+)>?[^)\n]*\)/g;
const HEADING_START = /^(\s*)(#{1,3}|-#)(?=\s)/gm;

export function moderatorText(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(MASKED_LINK, (_whole, label: string, url: string) => `${label.trim()} (<${url}>)`.trimStart())
    .replace(/[[\]]/g, (bracket) => `\\${bracket}`)
    .replace(HEADING_START, (_whole, space: string, mark: string) => `${space}\\${mark}`);
}
