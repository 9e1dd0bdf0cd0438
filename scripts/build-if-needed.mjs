// Builds what is missing or out of date before Mixx starts or is tested: the TypeScript output
// (dist/), the admin (Next's production build in src/cms/.next) and the web app with GraphiQL
// (Vite's build in web/dist). Plain JavaScript: it runs
// before anything is compiled. Progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// next-env.d.ts is Next's: next build writes it (when missing or different) after the server was
// compiled and stamped, so counting it made the second start compile the server again. It only
// references Next's types and changes nothing tsc emits.
const skip = new Set(['node_modules', '.next', 'dist', '.mixx', '.git', 'next-env.d.ts']);

function newest(dir, filter = () => true) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full, filter));
    else if (filter(full)) latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function runCommand({ root, label, command, args }) {
  process.stderr.write(`\n▶ ${label}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    process.stderr.write(`✖ ${label} failed\n`);
    process.exit(result.status ?? 1);
  }
  process.stderr.write(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

/** `root` and `run` are for tests: another tree, and a stand-in for the slow commands. */
export function buildIfNeeded({ server = true, admin = true, web = true, root = projectRoot, run = runCommand } = {}) {
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  const lockTime = mtime(path.join(root, 'package-lock.json'));
  if (server) {
    const stamp = path.join(root, 'dist', '.built');
    const sources = Math.max(
      newest(path.join(root, 'src'), (f) => f.endsWith('.ts') && !f.includes(`${path.sep}app${path.sep}(payload)`)),
      newest(path.join(root, 'migrations')),
      newest(path.join(root, 'scripts')),
      mtime(path.join(root, 'tsconfig.json')),
      mtime(path.join(root, 'tsconfig.build.json')),
      lockTime,
    );
    if (mtime(stamp) < sources) {
      run({ root, label: 'compiling the server (tsc)', command: bin('tsc'), args: ['-p', 'tsconfig.build.json'] });
      writeFileSync(stamp, new Date().toISOString());
    }
  }
  if (admin) {
    const cms = path.join(root, 'src', 'cms');
    const buildId = path.join(cms, '.next', 'BUILD_ID');
    if (mtime(buildId) < Math.max(newest(cms), lockTime)) {
      run({
        root,
        label: 'building the admin (next build, about a minute the first time)',
        command: bin('next'),
        args: ['build', cms],
      });
    }
  }
  if (web) {
    const stamp = path.join(root, 'web', 'dist', '.built');
    if (mtime(stamp) < Math.max(newest(path.join(root, 'web')), lockTime)) {
      run({
        root,
        label: 'building the web app and GraphiQL (vite build)',
        command: bin('vite'),
        args: ['build', '--config', path.join(root, 'web', 'vite.config.ts')],
      });
      writeFileSync(stamp, new Date().toISOString());
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfNeeded();
