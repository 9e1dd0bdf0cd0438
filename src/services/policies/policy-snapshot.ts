import { createHash } from 'node:crypto';
import { convertLexicalToHTML, defaultHTMLConverters, type HTMLConverters } from '@payloadcms/richtext-lexical/html';
import { convertLexicalToPlaintext } from '@payloadcms/richtext-lexical/plaintext';
import escapeHtml from 'escape-html';

/**
 * Copies every published Payload version of a policy into the API's immutable `policy_version`
 * table. Payload's versions table is Payload's to prune or rewrite; what a member accepted is ours.
 *
 * The caller runs this inside a transaction: Payload's own (publish hook) or the server's (start-up
 * repair). Version numbers are assigned under a per-kind advisory lock, so concurrent publishers
 * and a repairing instance queue up instead of colliding on (kind, version).
 */

export type SqlQuery = (sql: string, params?: unknown[]) => Promise<{ rows: any[] }>;

export const policyKinds = ['privacy', 'terms'] as const; // fixed order: locks are always taken alike
export type PolicyKind = (typeof policyKinds)[number];

type PendingVersion = {
  cms_version_id: string;
  title: string;
  body: unknown;
  change_summary: string | null;
  requires_reacceptance: boolean | null;
  effective_at: Date | null;
  published_at: Date;
  published_by: string | null;
};

/** Returns how many snapshots it wrote. */
export async function snapshotPublishedPolicies(query: SqlQuery): Promise<number> {
  let written = 0;
  for (const kind of policyKinds) {
    await query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`mixx.policy_version.${kind}`]);
    const pending = await query(
      `SELECT v.id::text AS cms_version_id,
              v.version_title AS title,
              v.version_body AS body,
              v.version_change_summary AS change_summary,
              v.version_requires_reacceptance AS requires_reacceptance,
              v.version_effective_at AS effective_at,
              v.created_at AS published_at,
              v.version_published_by AS published_by
         FROM cms._policies_v v
        WHERE v.version__status = 'published'
          AND v.version_kind::text = $1
          AND NOT EXISTS (SELECT 1 FROM public.policy_version p WHERE p.cms_version_id = v.id::text)
        ORDER BY v.created_at, v.id`,
      [kind],
    );
    if (pending.rows.length === 0) continue;
    const latest = await query(`SELECT coalesce(max(version), 0) AS version FROM public.policy_version WHERE kind = $1`, [kind]);
    let version = Number(latest.rows[0].version);
    for (const row of pending.rows as PendingVersion[]) {
      version += 1;
      await insertSnapshot(query, kind, version, row);
      written += 1;
    }
  }
  return written;
}

async function insertSnapshot(query: SqlQuery, kind: PolicyKind, version: number, row: PendingVersion): Promise<void> {
  const { html, text, contentHash } = renderPolicyBody(row.body);
  await query(
    `INSERT INTO public.policy_version
       (kind, version, title, body_html, body_text, content_hash, change_summary,
        requires_reacceptance, effective_at, published_at, published_by, cms_version_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      kind,
      version,
      row.title,
      html,
      text,
      contentHash,
      row.change_summary || null,
      row.requires_reacceptance === true,
      row.effective_at ?? row.published_at,
      row.published_at,
      row.published_by || 'system',
      row.cms_version_id,
    ],
  );
}

export type RenderedPolicyBody = { html: string; text: string; contentHash: string };

/** Lexical JSON → sanitised HTML, plain text and the sha256 (hex) of the HTML's UTF-8 bytes. */
export function renderPolicyBody(body: unknown): RenderedPolicyBody {
  const data = parseLexical(body);
  const html = convertLexicalToHTML({
    data,
    converters: policyHtmlConverters,
    disableContainer: true,
    disableIndent: true,
    disableTextAlign: true,
  });
  const text = convertLexicalToPlaintext({ data }).trim();
  const contentHash = createHash('sha256').update(html, 'utf8').digest('hex');
  return { html, text, contentHash };
}

type LexicalData = Parameters<typeof convertLexicalToHTML>[0]['data'];

function parseLexical(body: unknown): LexicalData {
  const value = typeof body === 'string' ? JSON.parse(body) : body;
  if (!value || typeof value !== 'object' || !('root' in value)) {
    throw new Error('policy body is not a Lexical document');
  }
  return value as LexicalData;
}

const safeHrefPattern = /^(https?:\/\/|mailto:)/i;

/** Lexical's text format bits, innermost tag first. */
const textFormatTags: [bit: number, tag: string][] = [
  [1 << 4, 'code'],
  [1 << 5, 'sub'],
  [1 << 6, 'sup'],
  [1 << 2, 's'],
  [1 << 3, 'u'],
  [1 << 1, 'em'],
  [1, 'strong'],
];

/**
 * Plain, attribute-free HTML that a member's client can show under any CSP: Payload's default
 * converters for paragraphs, headings, quotes, rules and breaks (alignment and indent styles
 * off), and our own for text (tags instead of inline styles), lists (no classes or styles) and
 * links (http(s) and mailto only, never a referrer). Uploads, blocks and anything unknown render
 * no markup of their own, so nothing can load or run.
 */
const policyHtmlConverters: HTMLConverters = {
  ...defaultHTMLConverters,
  text: ({ node }) =>
    textFormatTags.reduce(
      (html, [bit, tag]) => ((node.format ?? 0) & bit ? `<${tag}>${html}</${tag}>` : html),
      escapeHtml(node.text ?? ''),
    ),
  list: ({ node, nodesToHTML }) => {
    const tag = node.tag === 'ol' ? 'ol' : 'ul';
    return `<${tag}>${nodesToHTML({ nodes: node.children }).join('')}</${tag}>`;
  },
  listitem: ({ node, nodesToHTML }) => `<li>${nodesToHTML({ nodes: node.children }).join('')}</li>`,
  link: ({ node, nodesToHTML }) => renderLink(node.fields?.url, nodesToHTML({ nodes: node.children }).join('')),
  autolink: ({ node, nodesToHTML }) => renderLink(node.fields?.url, nodesToHTML({ nodes: node.children }).join('')),
  upload: () => '',
  blocks: {},
  inlineBlocks: {},
  unknown: ({ node, nodesToHTML }) =>
    'children' in node && Array.isArray(node.children) ? nodesToHTML({ nodes: node.children }).join('') : '',
};

function renderLink(url: unknown, children: string): string {
  const href = typeof url === 'string' ? url.trim() : '';
  if (!safeHrefPattern.test(href)) return children;
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${children}</a>`;
}
