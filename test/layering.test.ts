import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.ts';

/**
 * The house rules a reader relies on (issue 10), checked on every file: the domain has one way
 * in, and configuration one way in.
 */
function sources(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.next' || name === 'node_modules') continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ts|tsx)$/.test(name)) out.push(file);
    }
  };
  walk(path.join(projectRoot, folder));
  return out;
}

const offenders = (files: string[], pattern: RegExp) =>
  files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => path.relative(projectRoot, file));

describe('layering', () => {
  it('services import nothing of the GraphQL schema or resolvers', () => {
    expect(offenders(sources('src/services'), /from '(\.\.\/)+(schema|resolvers)\//)).toEqual([]);
  });

  it('resolvers and HTTP routes touch no EntityManager and write no SQL', () => {
    const sql = /\.em\b|getConnection\(|\.execute\(|\bSELECT\s|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b/;
    expect(offenders([...sources('src/resolvers'), ...sources('src/http')], sql)).toEqual([]);
  });

  it('reads the environment only in src/config.ts (and the CMS config, which Next bundles)', () => {
    const allowed = new Set(['src/config.ts', 'src/cms/payload.config.ts']);
    expect(offenders(sources('src'), /process\.env\b/).filter((file) => !allowed.has(file))).toEqual([]);
  });
});
