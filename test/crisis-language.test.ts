import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCrisisLanguage } from '../src/crisis/language.js';
import { CONTEXT_MASKS, CRISIS_RULES } from '../src/crisis/rules.js';

/**
 * Labelled set. `risk` is the ground truth ("a genuine risk signal we want crisis lines for"),
 * written before the rules were tuned. `knownMiss` marks cases the phrase rules get wrong on
 * purpose or by limitation; they stay in the set and count against the rates.
 */
interface Case {
  text: string;
  risk: boolean;
  knownMiss?: string;
}

const POSITIVES: Case[] = [
  // direct
  { text: 'I have been thinking about suicide a lot lately', risk: true },
  { text: 'I want to kill myself', risk: true },
  { text: 'honestly I just want to end my life', risk: true },
  { text: 'I started self-harming again last week', risk: true },
  { text: "I keep cutting myself when he doesn't text back", risk: true },
  { text: "I'm thinking about taking an overdose tonight", risk: true },
  { text: 'I want to die', risk: true },
  { text: 'i feel so suicidal tonight', risk: true },
  { text: 'I wish I was dead', risk: true },
  // indirect
  { text: 'I don’t want to be here anymore', risk: true },
  { text: 'Everyone would be better off without me', risk: true },
  { text: "There's no reason to live", risk: true },
  { text: 'I can’t go on', risk: true },
  { text: "I won't be around much longer", risk: true },
  { text: "What's the point of living?", risk: true },
  { text: "I've been giving away my things", risk: true },
  { text: "I'm saying goodbye for good", risk: true },
  { text: 'I just want to go to sleep and never wake up', risk: true },
  { text: 'I have nothing left to live for', risk: true },
  { text: 'nobody would even notice if I disappeared forever', risk: true },
  { text: 'I dont want to live anymore', risk: true },
  { text: 'I can’t do this anymore, I want it all to end', risk: true },
  { text: "I've been stockpiling my meds", risk: true },
  // third party / veiled
  { text: 'asking for a friend, how many pills would it take to not wake up', risk: true },
  { text: 'How many sleeping pills would someone need to take? Asking for a friend', risk: true },
  { text: "asking for a friend: what's the most painless way to end your life", risk: true },
  { text: 'My best friend told me she wants to kill herself, what do I do', risk: true },
  // misspellings, spacing, algospeak
  { text: 'i wanna k1ll myself', risk: true },
  { text: 'kms', risk: true },
  { text: 'ugh i just want to unalive myself', risk: true },
  { text: 'thinking about su1cide again', risk: true },
  { text: 'i want to k i l l myself', risk: true },
  { text: 'i want to d1e', risk: true },
  { text: 'been thinking about the sewer slide', risk: true },
  { text: 'I want to s.u.i.c.i.d.e', risk: true },
  // known misses: no keyword a phrase list could reasonably own
  { text: "I've written letters to everyone I love, just in case", risk: true },
  { text: 'Thinking about driving my car into a tree on the way home', risk: true },
  { text: "Tonight is the night. I'm done.", risk: true },
];

const NEGATIVES: Case[] = [
  // everyday idioms of distress that are not a crisis
  { text: "you're killing me 😂", risk: false },
  { text: "I'm dying to see him again", risk: false },
  { text: 'this traffic is killing me', risk: false },
  { text: 'I could just die of embarrassment', risk: false },
  { text: 'Did you see the news about the suicide bombing?', risk: false },
  { text: 'I watched a documentary about suicide prevention', risk: false },
  { text: 'my phone is dead', risk: false },
  { text: "I'd kill for a coffee right now", risk: false },
  { text: "I'm dead tired after work", risk: false },
  { text: "She's killing it at work", risk: false },
  { text: "this song slaps, I'm dead 😂", risk: false },
  // near misses of the positive rules
  { text: 'I ran 5 kms this morning', risk: false },
  { text: 'I finally cut myself off from my ex and it feels great', risk: false },
  { text: "I can't go on another date with him", risk: false },
  { text: "I won't be around much longer tonight, heading to bed soon", risk: false },
  { text: "I'm giving away my old things before the move", risk: false },
  { text: 'saying goodbye to everyone at work today, new job on Monday!', risk: false },
  { text: 'this chocolate cake is to die for', risk: false },
  { text: 'I almost died laughing at his text', risk: false },
  { text: 'quitting without notice would be career suicide', risk: false },
  { text: 'Ugh, Monday. Kill me now.', risk: false },
  { text: "I hope I don't wake up late tomorrow", risk: false },
  { text: "He ghosted me and it's killing me inside", risk: false },
  { text: 'I hurt myself at the gym yesterday', risk: false },
  { text: 'I want to cut my hair short', risk: false },
  { text: 'asking for a friend, how do I text him without looking needy?', risk: false },
  { text: 'I accidentally cut myself while cooking', risk: false },
  // known false positives: accepted costs of favouring recall
  {
    text: "If he leaves me on read again I'll kill myself lol",
    risk: false,
    knownMiss: 'hyperbole; laughter markers are never used to suppress (people deflect real risk with "lol")',
  },
  {
    text: 'The suicide of my favourite author really hit me today',
    risk: false,
    knownMiss: "someone else's suicide, not topic talk; lines are cheap for the bereaved, so it fires",
  },
];

function fixture(name: string): Case[] {
  return (JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { cases: Case[] }).cases;
}

/** More tuning cases, kept as data so the set can grow without touching this file. */
const TUNING_EXTRA = fixture('crisis-phrases-tuning.json');
/** Only scored, never used to tune the rules: an honest estimate of how they do on unseen text. */
const HELD_OUT_PARTS = (
  JSON.parse(readFileSync(new URL('./fixtures/crisis-phrases-held-out.json', import.meta.url), 'utf8')) as {
    parts: { part: number; cases: Case[] }[];
  }
).parts;
const HELD_OUT = HELD_OUT_PARTS.flatMap((p) => p.cases);

const ALL = [...POSITIVES, ...NEGATIVES, ...TUNING_EXTRA];

interface Rates {
  recall: number;
  falsePositiveRate: number;
  line: string;
}

function score(name: string, cases: readonly Case[]): Rates {
  const positives = cases.filter((c) => c.risk);
  const negatives = cases.filter((c) => !c.risk);
  const tp = positives.filter((c) => detectCrisisLanguage(c.text).matched).length;
  const fp = negatives.filter((c) => detectCrisisLanguage(c.text).matched).length;
  const recall = tp / positives.length;
  const falsePositiveRate = fp / negatives.length;
  const line = `${name}: recall ${tp}/${positives.length} = ${(recall * 100).toFixed(1)} %, false positives ${fp}/${negatives.length} = ${(falsePositiveRate * 100).toFixed(1)} %`;
  return { recall, falsePositiveRate, line };
}

describe('detectCrisisLanguage', () => {
  // The issue asks for a third of the set held out, about half of it risk.
  it('has an honest, big enough labelled set with a third of it held out', () => {
    const total = ALL.length + HELD_OUT.length;
    expect(total).toBeGreaterThanOrEqual(150);
    expect(HELD_OUT.length * 3).toBeGreaterThanOrEqual(total);
    const heldOutRisk = HELD_OUT.filter((c) => c.risk).length;
    expect(heldOutRisk * 3).toBeGreaterThanOrEqual(HELD_OUT.length);
    expect(heldOutRisk * 3).toBeLessThanOrEqual(HELD_OUT.length * 2);
    console.log(`crisis-language: held-out share ${HELD_OUT.length}/${total}`);
    const texts = [...ALL, ...HELD_OUT].map((c) => c.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('reaches recall >= 95 % and false positives <= 10 % on the tuning part', () => {
    const tuning = score('tuning set', ALL);
    console.log(`crisis-language: ${tuning.line}`);
    expect(tuning.recall).toBeGreaterThanOrEqual(0.95);
    expect(tuning.falsePositiveRate).toBeLessThanOrEqual(0.1);
  });

  // Issue #16's targets on the held-out parts (recall >= 95 %, false positives <= 10 %): recall NOT met.
  // Parts 12 to 17 (six blind authors from the labelling brief, 780 cases) were committed (b6414a7) before
  // the detector they score and scored once, rates only, against it (word pairs, no gate on the model,
  // threshold set for <= 9 % false positives on the brief-written tuning batches out-of-fold):
  //   part 12 (students and young workers):       73.8 % / 10.8 %
  //   part 13 (LGBTQ+, long distance, family):    80.0 % /  9.2 %
  //   part 14 (parents, postpartum, custody):     69.2 % / 12.3 %
  //   part 15 (recovery, relapse):                78.5 % / 16.9 %
  //   part 16 (very short fragments):             55.4 % /  1.5 %
  //   part 17 (English as a second language):     86.2 % /  9.2 %
  //   all held-out:                               73.8 % / 10.0 %
  // Earlier parts, each scored when it was new: 4-7 86.9 % / 14.4 % (third session); 8-11 62.2 % / 23.5 %
  // against that detector, 73.0 % / 22.7 % against this session's first retrain. Leaving one brief-written
  // tuning batch out predicted 84.8 % / 9.5 %: each new writer is further from the others than that.
  // The assertions are regression bounds a little outside the measured values, never the targets.
  const HELD_OUT_RECALL_TARGET = 0.95;
  const HELD_OUT_FP_TARGET = 0.1;
  const HELD_OUT_RECALL_REGRESSION_FLOOR = 0.7;
  const HELD_OUT_FP_REGRESSION_CEILING = 0.12;
  it('held-out parts: recall and false positives within regression bounds (the 95 % recall target is NOT met)', () => {
    for (const part of HELD_OUT_PARTS) console.log(`crisis-language: ${score(`held-out part ${part.part}`, part.cases).line}`);
    const heldOut = score('held-out set', HELD_OUT);
    console.log(`crisis-language: ${heldOut.line}`);
    const met = heldOut.recall >= HELD_OUT_RECALL_TARGET && heldOut.falsePositiveRate <= HELD_OUT_FP_TARGET;
    console.log(
      `crisis-language: held-out targets (recall >= ${HELD_OUT_RECALL_TARGET * 100} %, false positives <= ${HELD_OUT_FP_TARGET * 100} %) ${met ? 'met' : 'NOT met'}; asserting regression bounds ${HELD_OUT_RECALL_REGRESSION_FLOOR * 100} % / ${HELD_OUT_FP_REGRESSION_CEILING * 100} %`,
    );
    expect(heldOut.recall).toBeGreaterThanOrEqual(HELD_OUT_RECALL_REGRESSION_FLOOR);
    expect(heldOut.falsePositiveRate).toBeLessThanOrEqual(HELD_OUT_FP_REGRESSION_CEILING);
  });

  // Every case is asserted individually. Known misses are asserted as misses so that a rule
  // change that fixes (or newly breaks) one shows up here and the list gets updated.
  it.each(ALL.map((c) => [c.text, c] as const))('%s', (_text, c) => {
    const expected = c.knownMiss ? !c.risk : c.risk;
    expect(detectCrisisLanguage(c.text).matched).toBe(expected);
  });

  it('reports a cue-class id, never the text, when only the cue scorer fires', () => {
    const result = detectCrisisLanguage("Sam here. I'm going to step off the roof tonight");
    expect(result.matched).toBe(true);
    expect(result.reason).toMatch(/^cues:[a-z+]+$/);
    expect(detectCrisisLanguage("I'm going to do it, I'm going to text him tonight")).toEqual({ matched: false });
  });

  it('reports a rule id and never the text', () => {
    const text = 'Priya here: I want to kill myself';
    const result = detectCrisisLanguage(text);
    expect(result.matched).toBe(true);
    expect(CRISIS_RULES.map((r) => r.id)).toContain(result.reason);
    expect(result.reason).not.toContain('priya');
    expect(Object.keys(result)).toEqual(['matched', 'reason']);
    expect(detectCrisisLanguage('hello there')).toEqual({ matched: false });
  });

  it('still fires when an idiom and a real signal share a message', () => {
    expect(detectCrisisLanguage('the news about the suicide bombing made me want to die').matched).toBe(true);
    expect(detectCrisisLanguage("you're killing me. honestly i want to end my life").matched).toBe(true);
  });

  it('handles apostrophe, zero-width and repeated-letter variants', () => {
    expect(detectCrisisLanguage('I don\u02BCt want to be here anymore').matched).toBe(true);
    expect(detectCrisisLanguage('I don`t want to live anymore').matched).toBe(true);
    expect(detectCrisisLanguage('sui\u200Bcide').matched).toBe(true);
    expect(detectCrisisLanguage('i want to kiiiill myself').matched).toBe(true);
  });

  it('keeps rule ids unique', () => {
    const ids = [...CRISIS_RULES, ...CONTEXT_MASKS].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
