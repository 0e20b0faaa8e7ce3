/**
 * Starts the real bot (as `npm start` does: compiled, dist/src/index.js) or the bare bot (compiled
 * the same way) in its own process, against a fake Discord in the bench process, with the compiled
 * bench/lib/probe.ts preloaded into either. `compileForBench()` builds them first.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeDiscord } from '../../src/fake-discord/index.js';
import type { ProbeMemory, ProbeMessage } from './probe.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const PROBE = pathToFileURL(join(ROOT, 'dist', 'bench', 'lib', 'probe.js')).href;

let compiled = false;
/** Both bots and the probe as plain JS, so neither pays for a TypeScript loader: what `npm start` runs. Once per bench process. */
export function compileForBench(): void {
  if (compiled) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  // The bot's entry as `npm run build` leaves it: one file (scripts/bundle.mjs).
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
  compiled = true;
}

/** `bare-shipped` is the bare bot on the client settings of src/client.ts (cache limits, intents). */
export type BotKind = 'bot' | 'bare' | 'bare-shipped';

export interface BotProcessOptions {
  kind: BotKind;
  fake: FakeDiscord;
  /** Real bot only. */
  storeFile?: string;
  encryptionKey?: string;
  logLevel?: string;
  /** Extra node flags, e.g. --cpu-prof (BENCH_PROFILE adds them to the real bot). */
  nodeArgs?: string[];
  /** Bare bot only: the SQLite file it reads one row from per store-touching reply (bench/bare-bot.ts). */
  bareStore?: string;
  /** Extra environment, for experiments such as MALLOC_ARENA_MAX. */
  env?: Record<string, string>;
  /**
   * Real bot only: another build's root (its dist/, package.json and content/, node_modules resolvable
   * from it), for A/B runs against an earlier commit (bench/startup-ab.ts). Defaults to this checkout.
   */
  root?: string;
}

export class BotProcess {
  readonly child: ChildProcess;
  /** performance.now() just before spawn: "process start" for the start-up figures. */
  readonly spawnedAt: number;
  readonly ready: Promise<number>;
  readonly exited: Promise<number | null>;
  #output = '';
  #memoryWaiters: ((m: ProbeMemory) => void)[] = [];
  #lineWaiters: { pattern: RegExp; resolve: (hit: { at: number; text: string }) => void }[] = [];

  constructor(readonly options: BotProcessOptions) {
    compileForBench();
    const entry = options.kind === 'bot' ? 'dist/src/index.js' : 'dist/bench/bare-bot.js';
    const profile = options.kind === 'bot' ? profileArgs() : (process.env.BENCH_BARE_ARGS ?? '').split(' ').filter(Boolean);
    const env: Record<string, string> = {
      // A clean environment, as in test/lifecycle.e2e.test.ts: nothing from the shell or .env decides.
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DOTENV_CONFIG_PATH: '/nonexistent',
      DISCORD_TOKEN: options.fake.token,
      DISCORD_CLIENT_ID: options.fake.application.id,
      DISCORD_API_URL: options.fake.apiUrl,
      LOG_LEVEL: options.logLevel ?? 'warn',
      BARE_CACHE: options.kind === 'bare-shipped' ? 'shipped' : 'default',
    };
    if (options.storeFile) env.STORE_URL = `sqlite://${options.storeFile}`;
    if (options.encryptionKey) env.DATA_ENCRYPTION_KEY = options.encryptionKey;
    if (options.bareStore) env.BARE_STORE = options.bareStore;
    if (options.kind === 'bot' && process.env.BENCH_STORE_CACHE_ENTRIES) env.STORE_CACHE_ENTRIES = process.env.BENCH_STORE_CACHE_ENTRIES;
    Object.assign(env, options.env);
    this.spawnedAt = performance.now();
    const root = options.kind === 'bot' ? (options.root ?? ROOT) : ROOT;
    this.child = spawn(process.execPath, [...profile, ...(options.nodeArgs ?? []), '--import', PROBE, join(root, entry)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      const now = performance.now();
      this.#lineWaiters = this.#lineWaiters.filter((w) => {
        if (!w.pattern.test(text)) return true;
        w.resolve({ at: now, text });
        return false;
      });
      // Only the tail matters, for error messages.
      this.#output = (this.#output + text).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: ProbeMessage) => {
        if (message.type === 'ready') resolve(performance.now());
        if (message.type === 'memory') this.#memoryWaiters.shift()?.(message);
      });
      void this.exited.then((code) => reject(new Error(`${options.kind} exited (${code}) before ready:\n${this.#output}`)));
    });
    // Rejections after ready are reported by whoever awaits `exited`.
    this.ready.catch(() => undefined);
  }

  get output(): string {
    return this.#output;
  }

  /**
   * When output matching `pattern` arrived (performance.now()) and the chunk that held it. Register
   * before the output can appear; a log line arrives whole in one chunk.
   */
  waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<{ at: number; text: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.options.kind}: no ${pattern} within ${timeoutMs} ms:\n${this.#output}`)), timeoutMs);
      this.#lineWaiters.push({
        pattern,
        resolve: (hit) => {
          clearTimeout(timer);
          resolve(hit);
        },
      });
    });
  }

  /** RSS and heap after two full GCs, plus discord.js cache sizes, as the child sees them. */
  memory(): Promise<ProbeMemory> {
    return new Promise((resolve) => {
      this.#memoryWaiters.push(resolve);
      this.child.send({ type: 'memory' });
    });
  }

  /** SIGTERM (the bot drains and exits 0), SIGKILL if it takes longer than the bot's own 5 s limit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 6000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * BENCH_PROFILE=cpu|heap profiles the real bot (files land in bench/results/profiles/);
 * BENCH_BOT_ARGS adds node flags to it, for experiments such as `--import ./some-patch.mjs`
 * (BENCH_BARE_ARGS the same to the bare bots, e.g. to trace both bots' GCs alike).
 */
function profileArgs(): string[] {
  const dir = join(ROOT, 'bench', 'results', 'profiles');
  const extra = (process.env.BENCH_BOT_ARGS ?? '').split(' ').filter(Boolean);
  if (process.env.BENCH_PROFILE === 'cpu') return ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...extra];
  if (process.env.BENCH_PROFILE === 'heap') return ['--heap-prof', `--heap-prof-dir=${dir}`, ...extra];
  return extra;
}
