import { describe, expect, it } from 'vitest';
import { checkDiscordRules } from '../src/fake-discord/rules.js';

const CALLBACK = '/interactions/{interaction_id}/{interaction_token}/callback';

function modalWith(fields: number) {
  return {
    type: 9,
    data: {
      custom_id: 'form',
      title: 'A form',
      components: Array.from({ length: fields }, (_, i) => ({
        type: 1,
        components: [{ type: 4, custom_id: `f${i}`, label: `Field ${i}`, style: 1 }],
      })),
    },
  };
}

describe('fake Discord: modal size rule', () => {
  it('accepts a modal with five top-level components', () => {
    expect(checkDiscordRules(CALLBACK, modalWith(5))).toEqual([]);
  });

  it('refuses a sixth top-level component, as Discord does', () => {
    const problems = checkDiscordRules(CALLBACK, modalWith(6));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/at most 5 top-level components, not 6/);
  });

  it('leaves message bodies to the action-row rule', () => {
    expect(checkDiscordRules(CALLBACK, { type: 4, data: { content: 'hi' } })).toEqual([]);
  });
});
