import { describe, expect, it } from 'vitest';
import { ContentLibrary } from '../src/content/index.js';
import { PLAN_SECTIONS } from '../src/store/safety-plan-record.js';

const content = new ContentLibrary();

/** Interface text that becomes a form title or field label (45), a placeholder (100) or a button (80). */
const MODAL_LABELS = [
  'pause.modal.title',
  'pause.modal.label',
  'pause.rewriteTitle',
  'thought.step1.title',
  'thought.step2.title',
  'thought.step3.title',
  ...['situation', 'thought', 'belief', 'evidenceFor', 'evidenceAgainst', 'balanced', 'beliefAfter'].map((k) => `thought.${k}`),
  ...PLAN_SECTIONS.map((s) => `plan.section.${s}`),
];
const PLACEHOLDERS = [
  'pause.modal.placeholder',
  ...['situation', 'thought', 'belief', 'evidenceFor', 'evidenceAgainst', 'balanced'].map((k) => `thought.${k}.placeholder`),
  ...PLAN_SECTIONS.map((s) => `plan.section.${s}.hint`),
];
const BUTTONS = [
  'pause.send',
  'pause.rewrite',
  'pause.letGo',
  'breathe.stop',
  'breathe.again',
  'breathe.next',
  'thought.next2',
  'thought.next3',
  'thought.fixBelief',
  'crisis.notMe',
  'crisis.myPlan',
  'plan.consentYes',
  'plan.delete',
];

describe('hard-moment and safety-plan text fits Discord', () => {
  for (const locale of content.locales.keys()) {
    it(`${locale}: form titles and labels ≤ 45, placeholders ≤ 100, buttons ≤ 80`, () => {
      for (const key of MODAL_LABELS) expect(content.t(locale, key).length, key).toBeLessThanOrEqual(45);
      for (const key of PLACEHOLDERS) expect(content.t(locale, key).length, key).toBeLessThanOrEqual(100);
      for (const key of BUTTONS) expect(content.t(locale, key).length, key).toBeLessThanOrEqual(80);
    });
  }
});
