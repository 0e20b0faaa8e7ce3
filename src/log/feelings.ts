/**
 * The feelings the log's form offers, in the order shown, each with the strategy that fits it best:
 * the review's "try this next" button opens the strategy of the feeling that came up most. Words are
 * in content (`log.feeling.<id>`); ids are what is stored, so a translation never changes old entries.
 */
export const FEELINGS = [
  { id: 'worried', strategy: 'challenge-thoughts' },
  { id: 'afraid', strategy: 'self-soothe' },
  { id: 'restless', strategy: 'self-soothe' },
  { id: 'insecure', strategy: 'challenge-thoughts' },
  { id: 'jealous', strategy: 'notice-triggers' },
  { id: 'rejected', strategy: 'seek-support' },
  { id: 'lonely', strategy: 'seek-support' },
  { id: 'sad', strategy: 'seek-support' },
  { id: 'angry', strategy: 'communicate-openly' },
  { id: 'needy', strategy: 'communicate-openly' },
  { id: 'ashamed', strategy: 'challenge-thoughts' },
  { id: 'hopeful', strategy: 'notice-triggers' },
  { id: 'calm', strategy: 'notice-triggers' },
] as const;

export type FeelingId = (typeof FEELINGS)[number]['id'];

const BY_ID: ReadonlyMap<string, (typeof FEELINGS)[number]> = new Map(FEELINGS.map((f) => [f.id, f]));

export function isFeeling(id: string): id is FeelingId {
  return BY_ID.has(id);
}

export function strategyForFeeling(id: string): string | undefined {
  return BY_ID.get(id)?.strategy;
}

/** The strategy for a log with no feelings picked: noticing is where the practice starts. */
export const DEFAULT_STRATEGY = 'notice-triggers';
