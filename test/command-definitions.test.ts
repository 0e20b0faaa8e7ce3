import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';
import { definitionsOf } from './helpers/definitions.js';
import { describe, expect, it } from 'vitest';
import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commands } from '../commands/index.js';
import { SchemaValidator, findOpenApiSpec } from '../src/fake-discord/index.js';
import { loadLocale } from '../src/content/index.js';

// Discord's rules for chat-input commands (docs: Application Commands, "Application Command Naming").
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_TOTAL_CHARACTERS = 4000;

const bodies = definitionsOf(commands);

function walk(options: readonly APIApplicationCommandOption[] | undefined, visit: (o: APIApplicationCommandOption) => void): void {
  for (const option of options ?? []) {
    visit(option);
    if ('options' in option) walk(option.options as APIApplicationCommandOption[] | undefined, visit);
  }
}

function characterCount(body: RESTPostAPIChatInputApplicationCommandsJSONBody): number {
  let total = body.name.length + body.description.length;
  walk(body.options, (option) => {
    total += option.name.length + option.description.length;
    if ('choices' in option && option.choices) for (const choice of option.choices) total += choice.name.length + String(choice.value).length;
  });
  return total;
}

describe('slash command definitions', () => {
  it('have unique names', () => {
    const names = bodies.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('are named as each command module says (the router routes by that name)', () => {
    expect(bodies.map((b) => b.name)).toEqual(commands.map((c) => c.name));
    const misnamed = { ...commands[0]!, name: 'not-its-name' };
    expect(() => definitionsOf([misnamed])).toThrow(`the command named /not-its-name defines /${bodies[0]!.name}`);
  });

  it.each(bodies.map((b) => [b.name, b] as const))('/%s follows Discord naming and length rules', (_name, body) => {
    expect(body.name).toMatch(NAME);
    expect(body.name).toBe(body.name.toLowerCase());
    expect(body.description.length).toBeGreaterThan(0);
    expect(body.description.length).toBeLessThanOrEqual(100);
    expect(body.options?.length ?? 0).toBeLessThanOrEqual(25);
    expect(characterCount(body)).toBeLessThanOrEqual(MAX_TOTAL_CHARACTERS);
    walk(body.options, (option) => {
      expect(option.name).toMatch(NAME);
      expect(option.name).toBe(option.name.toLowerCase());
      expect(option.description.length).toBeGreaterThan(0);
      expect(option.description.length).toBeLessThanOrEqual(100);
      if ('choices' in option && option.choices) {
        expect(option.choices.length).toBeLessThanOrEqual(25);
        for (const choice of option.choices) expect(choice.name.length).toBeLessThanOrEqual(100);
      }
    });
    // Discord rejects a required option that follows an optional one.
    let seenOptional = false;
    for (const option of body.options ?? []) {
      const required = 'required' in option && option.required === true;
      if (required) expect(seenOptional, `/${body.name} ${option.name}`).toBe(false);
      else seenOptional = true;
    }
  });

  it("match the application-command request schema in Discord's OpenAPI description", () => {
    const validator = SchemaValidator.forFile(findOpenApiSpec());
    expect(validator.validate('put', '/applications/{application_id}/commands', bodies)).toEqual([]);
    expect(validator.validate('put', '/applications/{application_id}/guilds/{guild_id}/commands', bodies)).toEqual([]);
    for (const body of bodies) expect(validator.validate('post', '/applications/{application_id}/commands', body)).toEqual([]);
  });

  it('the schema check can fail: a malformed command is reported', () => {
    const validator = SchemaValidator.forFile(findOpenApiSpec());
    const broken = [{ ...bodies[0], type: 'slash', options: 'none' }];
    expect(validator.validate('put', '/applications/{application_id}/commands', broken).length).toBeGreaterThan(0);
  });
});

describe('command descriptions', () => {
  it('all come from content/en/commands.json, and every entry there is used', () => {
    const text = loadLocale('en').commands;
    const used = new Set<string>();
    const check = (path: string, description: string) => {
      const key = path in text ? path : path.split('.').at(-1)!;
      expect(text[key], `no content for ${path}`).toBe(description);
      used.add(key);
    };
    for (const body of bodies) {
      check(body.name, body.description);
      const visit = (prefix: string, options: readonly APIApplicationCommandOption[] | undefined) => {
        for (const option of options ?? []) {
          check(`${prefix}.${option.name}`, option.description);
          if ('options' in option) visit(`${prefix}.${option.name}`, option.options as APIApplicationCommandOption[] | undefined);
        }
      };
      visit(body.name, body.options);
    }
    expect(Object.keys(text).filter((key) => !used.has(key))).toEqual([]);
  });
});

describe('where each command can be used', () => {
  const GUILD_INSTALL = 0;
  const USER_INSTALL = 1;
  const [GUILD, BOT_DM, GROUP_DM] = [0, 1, 2];

  it('every personal command is offered to both install types, in servers, the bot DM and group DMs', () => {
    for (const body of bodies.filter((b) => b.name !== 'config')) {
      expect(body.integration_types, `/${body.name}`).toEqual([GUILD_INSTALL, USER_INSTALL]);
      expect(body.contexts, `/${body.name}`).toEqual([GUILD, BOT_DM, GROUP_DM]);
    }
  });

  it('/config stays a server setting: guild install, servers only', () => {
    const config = bodies.find((b) => b.name === 'config')!;
    expect(config.integration_types).toEqual([GUILD_INSTALL]);
    expect(config.contexts).toEqual([GUILD]);
  });

  it('no command module reads content when it is imported (definitions come from the one loaded library)', () => {
    for (const file of readdirSync(join(PROJECT_ROOT, 'commands'))) {
      const source = readFileSync(join(PROJECT_ROOT, 'commands', file), 'utf8');
      expect(source, file).not.toMatch(/loadLocale|new ContentLibrary/);
    }
  });
});
