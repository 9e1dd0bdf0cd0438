import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/paths.ts';

export type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/**
 * Tests send from one loopback client far faster than any real one: a cost budget they cannot
 * empty, unless a test sets its own (test/query-cost.test.ts). The per-query limit stays.
 */
export const UNSPENDABLE_COST_BUDGET = { MIXX_COST_BUDGET: '1000000000000', MIXX_COST_RESTORE_RATE: '1000000000' };

/** `npm start` as a user runs it (the script behind it): the environment given, and the budget above unless it sets one. */
export function startService(env: Record<string, string>): Started {
  const base: Record<string, string> = { ...UNSPENDABLE_COST_BUDGET };
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[key]) base[key] = process.env[key] as string;
  const child = spawn(process.execPath, ['--conditions=production', '--max-semi-space-size=64', 'scripts/start.mjs'], {
    cwd: projectRoot,
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    stdio: 'pipe',
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForReady(url: string, started: Started, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`the service exited early:\n${started.output()}`);
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the service was not ready in time:\n${started.output()}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A data folder the embedded PostgreSQL's `postgres` user can enter when the tests run as root. */
export function scratchDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mixx-data-'));
  chmodSync(dir, 0o755);
  return dir;
}
