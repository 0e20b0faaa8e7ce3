import { commandDefinitions } from '../interactions/definitions.js';
import { join, resolve } from 'node:path';
import { Routes } from 'discord.js';
import { commands as allCommands } from '../../commands/index.js';
import { createBot, type Bot } from '../bot.js';
import { parseConfig } from '../config/index.js';
import { FakeDiscord, findOpenApiSpec } from '../fake-discord/index.js';
import type { Command } from '../interactions/command.js';
import { createLogger, type Logger } from '../logger.js';
import { Actions, PlaygroundError } from './actions.js';
import { PlaygroundClock } from './clock.js';
import { observe } from './observe.js';
import { startPageServer, type PageServer } from './server.js';
import { messageView, worldView } from './view.js';
import { buildWorld } from './world.js';

export const DEFAULT_PORT = 3210;

export interface PlaygroundOptions {
  /** The page's port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Where the bot keeps its store and key; default data/playground. */
  dataDir?: string;
  commands?: readonly Command[];
  logger?: Logger;
}

export interface Playground {
  url: string;
  fake: FakeDiscord;
  bot: Bot;
  clock: PlaygroundClock;
  /** Requests the bot made that Discord would refuse (also shown on the page and logged). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * The whole bot on one computer with no Discord account: a fake Discord on 127.0.0.1, the real
 * bot connected to it, and a page that behaves like a small Discord client. This is the one
 * place that knows both the bot and the fake.
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const clock = new PlaygroundClock();
  const fake = await FakeDiscord.start({
    clock: () => clock.now(),
    // A copy without spec/discord-api/ (e.g. a trimmed install) runs without request checking.
    validateSchemas: hasOpenApiSpec(),
  });
  const world = buildWorld(fake);
  const dataDir = resolve(options.dataDir ?? join('data', 'playground'));
  const logger = options.logger ?? createLogger({ level: process.env.LOG_LEVEL || 'info', pretty: true, secrets: [fake.token] });
  const commandList = options.commands ?? allCommands;
  const config = parseConfig({
    // The operator's other settings (grace times, retention) apply here too.
    ...process.env,
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.application.id,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${join(dataDir, 'securebase.sqlite')}`,
    // Its own key file next to its own store: a real DATA_ENCRYPTION_KEY never touches play data.
    DATA_ENCRYPTION_KEY: '',
    DISCORD_DEV_GUILD_ID: '',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
  });
  let bot: Bot | undefined;
  let page: PageServer | undefined;
  const warnings: string[] = [];
  try {
    bot = await createBot({ config, commands: commandList, logger, clock, minuteClock: true });
    await bot.start();
    // As `npm run deploy-commands` would, so `/` lists exactly what a real server would see.
    await bot.client.rest.put(Routes.applicationCommands(fake.application.id), { body: commandDefinitions(commandList, bot.context.content) });
    const actions = new Actions(fake, world, clock, bot.scheduler, () => worldChanged());
    const clockState = () => ({ now: clock.now(), offset: clock.offset });
    const worldChanged = () => page?.broadcast({ event: 'world', world: worldView(fake, world, actions), commands: actions.commands() });

    page = await startPageServer({
      port: options.port ?? DEFAULT_PORT,
      fake,
      hello: () => {
        const view = worldView(fake, world, actions);
        const channels = [...view.channels.map((c) => c.id), view.dmChannelId];
        return {
          world: view,
          commands: actions.commands(),
          clock: clockState(),
          messages: Object.fromEntries(channels.map((id) => [id, actions.history(id)])),
        };
      },
      onRequest: async (request) => {
        const result = await handle(actions, request);
        if (request.op === 'jump-next' || request.op === 'advance') {
          // Short in-memory timers (a /pause follow-up) run on the bot's clock: let them see the move now.
          running.context.ticker.poll();
          page?.broadcast({ event: 'clock', ...clockState() });
        }
        return result;
      },
    });
    observe(
      fake.state,
      (ids) => {
        for (const id of ids) {
          const message = fake.message(id);
          if (message) page?.broadcast({ event: 'message', message: messageView(message) });
        }
        warnings.push(...reportViolations(fake, logger, page));
      },
      worldChanged,
    );
  } catch (error) {
    await page?.close();
    await bot?.stop();
    await fake.close();
    throw error;
  }
  const running = bot;
  const server = page;
  return {
    url: server.url,
    fake,
    bot: running,
    clock,
    warnings,
    async close() {
      await server.close();
      await running.stop();
      await fake.close();
    },
  };
}

function handle(actions: Actions, r: Record<string, unknown>): Promise<unknown> {
  const text = (key: string): string => {
    const value = r[key];
    if (typeof value !== 'string') throw new PlaygroundError(`"${key}" is missing`);
    return value;
  };
  const optional = (key: string) => (typeof r[key] === 'string' && r[key] !== '' ? (r[key] as string) : undefined);
  const invocation = () => ({
    channelId: text('channelId'),
    name: text('name'),
    subcommand: optional('subcommand'),
    group: optional('group'),
    options: strings(r.options),
  });
  switch (r.op) {
    case 'slash':
      return actions.slash(invocation());
    case 'autocomplete':
      return actions.autocomplete({ ...invocation(), focused: text('focused') });
    case 'button':
      return actions.button(text('messageId'), text('customId'));
    case 'select':
      return actions.select(text('messageId'), text('customId'), Array.isArray(r.values) ? r.values.map(String) : []);
    case 'modal':
      return actions.submitModal(text('interaction'), fields(r.fields));
    case 'say':
      return Promise.resolve(actions.say(text('channelId'), text('content')));
    case 'language':
      actions.setLanguage(text('locale'));
      return Promise.resolve({});
    case 'own-install':
      actions.setOwnInstall(r.on === true);
      return Promise.resolve({});
    case 'moderator':
      actions.setModerator(r.on === true);
      return Promise.resolve({});
    case 'jump-next':
      return actions.jumpToNext();
    case 'advance':
      return actions.advance(Number(r.ms));
    default:
      return Promise.reject(new PlaygroundError(`unknown request ${String(r.op)}`));
  }
}

function strings(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function fields(value: unknown): Record<string, string | string[]> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))),
  ) as Record<string, string | string[]>;
}

function hasOpenApiSpec(): boolean {
  try {
    findOpenApiSpec();
    return true;
  } catch {
    return false;
  }
}

/** A request Discord would refuse is a bug worth seeing while trying things out (e.g. an embed too long). */
function reportViolations(fake: FakeDiscord, logger: Logger, page: PageServer | undefined): string[] {
  return fake.takeViolations().map((v) => {
    const detail = v.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    const text = `Discord would refuse the bot's ${v.method} ${v.route ?? v.path}: ${detail}`;
    logger.warn({ method: v.method, path: v.route ?? v.path, detail }, 'Discord would refuse this request');
    page?.broadcast({ event: 'warning', text });
    return text;
  });
}

/** `npm start` without a token: run until Ctrl+C. Never returns; exits the process itself. */
export async function runPlayground(): Promise<never> {
  const port = process.env.PLAYGROUND_PORT ? Number(process.env.PLAYGROUND_PORT) : DEFAULT_PORT;
  let playground: Playground;
  try {
    playground = await startPlayground({ port });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(busy ? `Port ${port} is in use. Set PLAYGROUND_PORT to another port and run npm start again.` : error);
    process.exit(1);
  }
  console.log(
    [
      '',
      '  No DISCORD_TOKEN is set, so Secure Base is running as a local playground.',
      `  Open ${playground.url} in your browser to try it: no Discord account needed.`,
      '  Only this computer can reach it. Play data is kept in data/playground/.',
      '  To run the real bot, set DISCORD_TOKEN in .env (see README.md). Ctrl+C stops.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    const limit = setTimeout(() => process.exit(1), 5000);
    limit.unref();
    void playground.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<never>(() => undefined);
}
