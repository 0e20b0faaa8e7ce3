import { describe, expect, it } from 'vitest';
import { moderatorText } from '../src/guild-settings/moderator-text.js';
import { scrubRoute } from '../src/logger.js';

describe('moderatorText', () => {
  it('removes every bidirectional control character', () => {
    const controls = '\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
    expect(moderatorText(`call ${controls}321 611`)).toBe('call 321 611');
  });

  it('shows masked links as their real address, in every spelling', () => {
    expect(moderatorText('[Samaritans 116 123](https://example.org/other)')).toBe('Samaritans 116 123 (<https://example.org/other>)');
    expect(moderatorText('[x](<https://a.example/b>)')).toBe('x (<https://a.example/b>)');
    expect(moderatorText('[x]( https://a.example/b "Title")')).toBe('x (<https://a.example/b>)');
    // Anything bracketed that is left over cannot form a link any more.
    expect(moderatorText('[a] [b](')).toBe('\\[a\\] \\[b\\](');
    expect(moderatorText('[[nested](https://a.example)](https://b.example)')).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);
  });

  it('keeps a line from becoming a heading, and leaves ordinary text alone', () => {
    expect(moderatorText('# Crisis line\n## Call\n-# small')).toBe('\\# Crisis line\n\\## Call\n\\-# small');
    expect(moderatorText('Our #support channel is staffed daily.')).toBe('Our #support channel is staffed daily.');
  });
});

describe('scrubRoute', () => {
  it('keeps the route and drops host, query, tokens and every id', () => {
    expect(scrubRoute('https://discord.com/api/v10/channels/1477953653309440002/messages?limit=5')).toBe('/api/v10/channels/:id/messages');
    expect(scrubRoute('https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb24/callback')).toBe(
      '/api/v10/interactions/:id/:token/callback',
    );
    expect(scrubRoute('https://discord.com/api/v10/webhooks/1234567890/tok-en/messages/@original')).toBe('/api/v10/webhooks/:id/:token/messages/@original');
    expect(scrubRoute('/api/v10/users/@me/channels')).toBe('/api/v10/users/@me/channels');
    expect(scrubRoute('/api/v10/guilds/1234567890123/members/9876543210987')).toBe('/api/v10/guilds/:id/members/:id');
  });
});
