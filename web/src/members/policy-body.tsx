import type { HTMLAttributes } from 'react';

/**
 * A policy's text as HTML. The server renders it from the CMS's rich text, escaping every text and
 * link (src/services/policies/policy-snapshot.ts); what members accept is that very HTML (its hash
 * is recorded), so the app shows it as it is.
 */
export function PolicyBody({ html, ...rest }: HTMLAttributes<HTMLDivElement> & { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's own escaped rendering, as explained above
  return <div {...rest} dangerouslySetInnerHTML={{ __html: html }} />;
}
