import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/paths.ts';

/** Screenshots of browser tests, kept as artefacts of the run (gitignored). */
export const artefactsDir = path.join(projectRoot, 'test-results');

export function screenshots(page: Page, suite: string) {
  const dir = path.join(artefactsDir, suite);
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return (name: string) => page.screenshot({ path: path.join(dir, `${String(++step).padStart(2, '0')}-${name}.png`) });
}

/**
 * Cuts the browser off from everything but the server under test, and records every request the
 * pages and their workers make (data: and blob: URLs never leave the browser).
 */
export async function offline(context: BrowserContext, origin: string): Promise<string[]> {
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith(`${origin}/`) ? route.continue() : route.abort('internetdisconnected');
  });
  return requests;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now: the serious and critical findings. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: { target: string[] }) => n.target.join(' ')).slice(0, 3),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.join(', ')}`);
}
