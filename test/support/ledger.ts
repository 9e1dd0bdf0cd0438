import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/paths.ts';
import { TEST_SECRET } from './mixx.ts';

export type Run = { code: number | null; stdout: string; stderr: string };

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[key]) base[key] = process.env[key] as string;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...base, ...env } as NodeJS.ProcessEnv,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run ledger:verify` as an operator runs it (the script behind it), on this database. */
export const ledgerVerify = (opts: { databaseUrl: string; publicUrl: string; keyVersion?: number }) =>
  run(['--conditions=production', 'scripts/run.mjs', 'ledger-verify'], {
    DATABASE_URL: opts.databaseUrl,
    MIXX_SECRET: TEST_SECRET,
    PUBLIC_URL: opts.publicUrl,
    MIXX_LEDGER_KEY_VERSION: String(opts.keyVersion ?? 1),
    LOG_LEVEL: 'warn',
  });

/** The member's offline check: files saved in a folder of their own, then the example script. */
export function verifyOffline(mode: 'receipt' | 'consistency', files: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mixx-member-'));
  const paths = Object.entries(files).map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  });
  return run(['examples/verify-receipt/verify-receipt.mjs', mode, ...paths], {});
}

export const jwksOf = async (url: string) => (await fetch(`${url}/.well-known/jwks.json`)).text();
