const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export { escapeHtml };

/** A small self-contained page: no scripts, no external resources, nothing a scanner can trigger by GET. */
export function page(opts: { title: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)} · Mixx</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1f; }
button { background: #1b1b1f; color: #fff; border: 0; padding: .7rem 1.2rem; border-radius: .4rem; font-size: 1rem; cursor: pointer; }
input { display: block; width: 100%; padding: .5rem; margin: .3rem 0 1rem; font-size: 1rem; box-sizing: border-box; }
.error { color: #a4000f; }
</style>
</head>
<body>
<h1>${escapeHtml(opts.title)}</h1>
${opts.body}
</body>
</html>
`;
}

/** A form that POSTs the token back to the same path: only this POST acts. */
export function tokenForm(opts: { action: string; token: string; button: string; fields?: string }): string {
  return `<form method="post" action="${escapeHtml(opts.action)}">
<input type="hidden" name="token" value="${escapeHtml(opts.token)}">
${opts.fields ?? ''}<button type="submit">${escapeHtml(opts.button)}</button>
</form>`;
}
