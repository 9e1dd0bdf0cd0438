import { readFileSync } from 'node:fs';
import path from 'node:path';
import escapeHtml from 'escape-html';
import { projectRoot } from '../../paths.ts';

export type MailTemplate =
  | 'verify-email'
  | 'already-registered'
  | 'reset-password'
  | 'change-email'
  | 'email-changed-notice'
  | 'confirm-email-consent'
  | 'announcement';

/**
 * Templates are plain files a maintainer edits: `<name>.txt` (first line `Subject: …`, a blank
 * line, then the text) and `<name>.html`. `{{name}}` is replaced by a value, HTML-escaped in HTML.
 */
const dir = path.join(projectRoot, 'src', 'services', 'mail', 'templates');
const cache = new Map<string, string>();

function load(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(dir, file), 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** `{{name}}` is a value (escaped); `{{{name}}}` is raw HTML given by the caller. */
function fill(
  template: string,
  values: Record<string, string>,
  escapeValue: (s: string) => string,
  raw: Record<string, string> = {},
): string {
  return template.replace(/\{\{\{\s*(\w+)\s*\}\}\}|\{\{\s*(\w+)\s*\}\}/g, (_, rawName?: string, name?: string) => {
    if (rawName) return raw[rawName] ?? '';
    if (!name || !(name in values)) throw new Error(`mail template value missing: ${name}`);
    return escapeValue(values[name] as string);
  });
}

/** `rawHtml` values (already safe HTML, such as an announcement body) are inserted as they are. */
export function renderMail(template: MailTemplate, values: Record<string, string>, rawHtml: Record<string, string> = {}) {
  const [subjectLine, ...rest] = fill(load(`${template}.txt`), values, (s) => s).split('\n');
  if (!subjectLine?.startsWith('Subject: ')) throw new Error(`${template}.txt must start with "Subject: "`);
  const html = fill(load(`${template}.html`), values, escapeHtml, rawHtml);
  return { subject: subjectLine.slice('Subject: '.length).trim(), text: rest.join('\n').replace(/^\n/, ''), html };
}
