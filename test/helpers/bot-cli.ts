import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningScript {
  stdout: () => string;
  stderr: () => string;
  /** stdout and stderr together, in arrival order. */
  output: () => string;
  exit: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * A compiled script (dist/…, built by test/global-setup.ts) in its own process, as an operator runs it:
 * a clean environment (nothing from the developer's shell or .env decides the outcome) plus `env`.
 * `asUser` runs it as another user id (root ignores file permissions, so read-only tests need one).
 */
export function runCompiled(script: string, env: Record<string, string>, options: { cwd?: string; asUser?: number } = {}): RunningScript {
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOTENV_CONFIG_PATH: '/nonexistent', ...env },
    ...(options.asUser !== undefined ? { uid: options.asUser, gid: options.asUser } : {}),
  });
  let out = '';
  let err = '';
  let all = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    all += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    all += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { stdout: () => out, stderr: () => err, output: () => all, exit, kill: (signal = 'SIGTERM') => void child.kill(signal) };
}

export async function waitForText(output: () => string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
