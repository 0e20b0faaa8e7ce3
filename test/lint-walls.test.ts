import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

/**
 * The walls in DESIGN.md are kept by the linter (biome.json). Each case lints a small fixture tree
 * with the project's own configuration: a clean tree passes, and each kind of breach fails with
 * the rule that names it.
 */
const BIOME = resolve('node_modules', '@biomejs', 'biome', 'bin', 'biome');
const dirs: { remove(): void }[] = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

/** The files every fixture has: a command, a store module and a core module that uses the store. */
const BASE: Record<string, string> = {
  'commands/index.ts': "export const commands = ['about'];\n",
  'src/store/raw.ts': "import Keyv from 'keyv';\nexport const open = () => new Keyv();\n",
  'src/reminders/service.ts': "import { open } from '../store/raw.js';\nexport const reminders = () => open();\n",
  'src/index.ts':
    "import { commands } from '../commands/index.js';\nimport { reminders } from './reminders/service.js';\nexport const start = () => [commands, reminders()];\n",
  'src/playground/main.ts': "import { FakeDiscord } from '../fake-discord/index.js';\nexport const fake = FakeDiscord;\n",
  'src/fake-discord/index.ts': 'export class FakeDiscord {}\n',
};

function lint(extra: Record<string, string>): { status: number | null; output: string } {
  const dir = tempDir('secure-base-lint-');
  dirs.push(dir);
  // The project's configuration as it is, minus the git integration (the fixture is no repository).
  const config = JSON.parse(readFileSync('biome.json', 'utf8')) as { vcs?: unknown; $schema?: string };
  delete config.vcs;
  delete config.$schema;
  writeFileSync(join(dir.path, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries({ ...BASE, ...extra })) {
    mkdirSync(dirname(join(dir.path, path)), { recursive: true });
    writeFileSync(join(dir.path, path), text);
  }
  const run = spawnSync(process.execPath, [BIOME, 'lint', '--error-on-warnings', '--max-diagnostics=50', '.'], { cwd: dir.path, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('lint keeps the walls', () => {
  it('passes a tree that keeps them (so the failures below come from the breach)', () => {
    const result = lint({});
    expect(result.output).not.toMatch(/lint\//);
    expect(result.status).toBe(0);
  });

  it('fails when core imports commands/', () => {
    const result = lint({ 'src/reminders/names.ts': "import { commands } from '../../commands/index.js';\nexport const names = commands;\n" });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/src\/reminders\/names\.ts.*lint\/style\/noRestrictedImports/);
    expect(result.output).toMatch(/Core never imports commands/);
  });

  it('fails on an import cycle', () => {
    const result = lint({
      'src/reminders/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/reminders/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/src\/reminders\/a\.ts.*lint\/suspicious\/noImportCycles/);
  });

  it('fails when anything outside src/store imports Keyv', () => {
    const result = lint({ 'src/reminders/raw.ts': "import KeyvSqlite from '@keyv/sqlite';\nexport const raw = KeyvSqlite;\n" });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Nothing outside src\/store touches Keyv/);
  });

  it('fails when core imports the fake Discord, or the fake imports the bot', () => {
    const result = lint({
      'src/reminders/fake.ts': "import { FakeDiscord } from '../fake-discord/index.js';\nexport const f = FakeDiscord;\n",
      'src/fake-discord/bot.ts': "import { reminders } from '../reminders/service.js';\nexport const r = reminders;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Only the playground \(and tests and benchmarks\) may use the fake Discord/);
    expect(result.output).toMatch(/The fake Discord never imports the bot/);
  });
});
