import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RELATIONSHIP_IDS, selfcheckSchema, STRATEGY_IDS } from '../src/content/selfcheck-schema.js';

const raw = JSON.parse(readFileSync(new URL('../content/en/selfcheck.json', import.meta.url), 'utf8'));

describe('content/en/selfcheck.json', () => {
  const content = selfcheckSchema().parse(raw);

  it('has 10 to 12 single-barrelled statements, 2 or 3 of them reverse-keyed, none about support beyond the bond', () => {
    const ids = content.statements.map((s) => s.id);
    expect(ids).not.toContain('people-beyond-my-partner');
    // A statement asking two things joins them with "and"/"or" across clauses; these were split.
    expect(ids).toEqual(expect.arrayContaining(['checking-were-okay', 'reassurance-fades']));
    expect(content.scale[2]!.label).toBe('Neither agree nor disagree');
    expect(content.statements.length).toBeGreaterThanOrEqual(10);
    expect(content.statements.length).toBeLessThanOrEqual(12);
    const reverse = content.statements.filter((s) => s.reverse).length;
    expect(reverse === 2 || reverse === 3).toBe(true);
  });

  it('statements are first person and every strategy is reachable', () => {
    for (const s of content.statements) {
      for (const r of RELATIONSHIP_IDS) expect(s.text[r], `${s.id} ${r}`).toMatch(/\b(I|I'm|my|me)\b/);
      // Wording fits whom it is about: "my partner" only in the partner version.
      expect(s.text.dating).not.toMatch(/\bpartner\b/);
      expect(s.text.ex).not.toMatch(/\bpartner\b/);
      expect(s.text.close).not.toMatch(/\bpartner\b/);
    }
    const used = new Set(content.statements.flatMap((s) => s.strategies));
    expect([...used].sort()).toEqual([...STRATEGY_IDS].sort());
  });

  it('never labels the member', () => {
    const texts = [content.intro, content.howScored, content.notDiagnosis, content.notValidated, ...content.bands.flatMap((b) => [b.title, b.text])];
    for (const text of texts) expect(text).not.toMatch(/\byou (are|have) (an? )?(anxious|insecure|attachment)/i);
    expect(content.notDiagnosis).toMatch(/\/resources/);
    expect(content.notDiagnosis).toMatch(/\/crisis/);
  });

  it('rejects content that breaks the rules', () => {
    const bad = structuredClone(raw);
    bad.statements[0].strategies = ['not-a-strategy'];
    expect(selfcheckSchema().safeParse(bad).success).toBe(false);
    const missingWording = structuredClone(raw);
    delete missingWording.statements[0].text.ex;
    expect(selfcheckSchema().safeParse(missingWording).success).toBe(false);
    const noGentle = structuredClone(raw);
    noGentle.feeling.options[1].gentle = false;
    expect(selfcheckSchema().safeParse(noGentle).success).toBe(false);
    const noCrisis = structuredClone(raw);
    noCrisis.feeling.options[0].crisis = false;
    expect(selfcheckSchema().safeParse(noCrisis).success).toBe(false);
    const falling = structuredClone(raw);
    falling.bands[2].from = 2;
    expect(selfcheckSchema().safeParse(falling).success).toBe(false);
    const allForward = structuredClone(raw);
    for (const s of allForward.statements) s.reverse = false;
    expect(selfcheckSchema().safeParse(allForward).success).toBe(false);
  });
});
