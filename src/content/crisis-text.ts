import { readLocaleTree } from './parity.js';

/** Interface texts of the crisis screen: every `crisis.*` key. */
export const isCrisisKey = (key: string): boolean => key.startsWith('crisis.');

/** The words of the crisis screen, as a crisis-tier locale's crisis.json holds them. */
export interface CrisisTexts {
  ui: Record<string, string>;
  emergency: string;
  findLocalLine: string;
}

/** English's (or any full locale's) crisis texts, in the shape a crisis-tier locale translates. */
export function crisisTextsOf(dir: string, locale: string): CrisisTexts {
  const tree = readLocaleTree(dir, locale) as { ui: Record<string, string>; resources: { emergency: string; findLocalLine: string } };
  const ui = Object.fromEntries(Object.entries(tree.ui).filter(([key]) => isCrisisKey(key)));
  return { ui, emergency: tree.resources.emergency, findLocalLine: tree.resources.findLocalLine };
}
