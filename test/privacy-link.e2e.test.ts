import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers/harness.js';

const URL = 'https://example.org/secure-base/PRIVACY.md';
const h = useHarness({ env: { PRIVACY_URL: URL } });

describe('PRIVACY_URL', () => {
  it("/about and /privacy show link to the host's privacy notice", async () => {
    for (const [name, subcommand] of [
      ['about', undefined],
      ['privacy', 'show'],
    ] as const) {
      const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name, ...(subcommand ? { subcommand } : {}) }).reply();
      const link = reply.embeds[0]!.fields!.find((f) => f.name.includes('PRIVACY.md'));
      expect(link?.value, `/${name}`).toBe(`<${URL}>`);
    }
  });
});
