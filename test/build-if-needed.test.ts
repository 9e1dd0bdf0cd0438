import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build script
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A project tree as a fresh checkout has it, and stand-ins for the slow commands that change
 * the tree the way the real ones do: tsc writes dist/ (the script stamps it after), and next build
 * writes src/cms/next-env.d.ts when it is missing or differs, then .next/BUILD_ID last; vite writes web/dist.
 */
function freshCheckout() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mixx-build-'));
  const files = [
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'src/server.ts',
    'src/cms/payload.config.ts',
    'src/cms/app/(payload)/admin/page.tsx',
    'migrations/orm/m1.ts',
    'scripts/start.mjs',
    'web/index.html',
    'web/src/main.tsx',
  ];
  const past = new Date(Date.now() - 60_000);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), `// ${file}\n`);
    utimesSync(path.join(root, file), past, past);
  }
  const ran: string[] = [];
  const run = ({ command }: { command: string }) => {
    const tool = path.basename(command);
    ran.push(tool);
    if (tool === 'tsc') {
      mkdirSync(path.join(root, 'dist'), { recursive: true });
      writeFileSync(path.join(root, 'dist', 'server.js'), '');
    } else if (tool === 'vite') {
      mkdirSync(path.join(root, 'web/dist'), { recursive: true });
      writeFileSync(path.join(root, 'web/dist/index.html'), '');
    } else {
      const started = Date.now();
      while (Date.now() - started < 20); // next build takes a while; mtimes must differ
      writeFileSync(path.join(root, 'src/cms/next-env.d.ts'), '/// <reference types="next" />\n');
      mkdirSync(path.join(root, 'src/cms/.next'), { recursive: true });
      writeFileSync(path.join(root, 'src/cms/.next/BUILD_ID'), 'build');
    }
  };
  const touch = (file: string) => writeFileSync(path.join(root, file), `// ${file} edited\n`);
  return { build: () => buildIfNeeded({ root, run }), ran, touch };
}

describe('build-if-needed', () => {
  it('compiles nothing on the second start after a build, though next build wrote next-env.d.ts', async () => {
    const tree = freshCheckout();
    tree.build();
    expect(tree.ran).toEqual(['tsc', 'next', 'vite']);
    await pause(20);
    tree.ran.length = 0;
    tree.build();
    expect(tree.ran).toEqual([]);
  });

  it('still rebuilds what a real edit makes stale, and only that', async () => {
    const tree = freshCheckout();
    tree.build();
    await pause(20);
    tree.touch('src/server.ts');
    tree.ran.length = 0;
    tree.build();
    expect(tree.ran).toEqual(['tsc']);

    await pause(20);
    tree.touch('src/cms/app/(payload)/admin/page.tsx');
    tree.ran.length = 0;
    tree.build();
    expect(tree.ran).toEqual(['next']);

    await pause(20);
    tree.touch('src/cms/payload.config.ts');
    tree.ran.length = 0;
    tree.build();
    expect(tree.ran).toEqual(['tsc', 'next']);

    await pause(20);
    tree.touch('web/src/main.tsx');
    tree.ran.length = 0;
    tree.build();
    expect(tree.ran).toEqual(['vite']);
    tree.ran.length = 0;
    tree.build();
    expect(tree.ran).toEqual([]);
  });
});
