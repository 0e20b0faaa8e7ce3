import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId, integerArg } from '../src/interactions/custom-id.js';

describe('custom_id codec', () => {
  it('round-trips', () => {
    const id = { command: 'strategy', action: 'idea', owner: '123456789012345678', args: ['self-soothe', '3'] };
    const raw = encodeCustomId(id);
    expect(raw).toBe('sb1:strategy:idea:123456789012345678:self-soothe:3');
    expect(decodeCustomId(raw)).toEqual({ ok: true, id });
  });

  it('refuses ids Discord would reject or we could not parse back', () => {
    expect(() => encodeCustomId({ command: 'x', action: 'y', owner: '*', args: ['a'.repeat(100)] })).toThrow(/100/);
    expect(() => encodeCustomId({ command: 'x', action: 'y', owner: '*', args: ['a:b'] })).toThrow(/characters/);
  });

  it('reports stale or malformed ids, keeping the command name when it can be read', () => {
    expect(decodeCustomId('sb0:learn:go:1:what-it-is')).toEqual({ ok: false, command: 'learn' });
    expect(decodeCustomId('sb1:learn')).toEqual({ ok: false, command: 'learn' });
    expect(decodeCustomId('garbage')).toEqual({ ok: false });
    expect(decodeCustomId('')).toEqual({ ok: false });
    expect(decodeCustomId('sb1:LEARN:go:1')).toEqual({ ok: false });
  });
});

describe('integerArg', () => {
  it('accepts plain decimal safe integers within range only', () => {
    expect(integerArg('0', 0, 5)).toBe(0);
    expect(integerArg('5', 0, 5)).toBe(5);
    for (const bad of [undefined, '', '6', '-1', '1.5', '1e2', 'Infinity', '1e400', '0x1', ' 1', '01', '99999999999999999999']) {
      expect(integerArg(bad, 0, 5)).toBeUndefined();
    }
  });
});
