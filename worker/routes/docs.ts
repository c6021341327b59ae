import { html, raw } from 'hono/html';

interface Operation {
  summary?: string;
  tags?: string[];
  'x-permission'?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A self-contained API reference page (no CDN: it must work offline) rendered from the OpenAPI document. */
export function docsPage(doc: {
  info: { title: string; version: string };
  paths?: Record<string, Record<string, Operation>>;
}) {
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) =>
        `<tr><td class="m ${method}">${method.toUpperCase()}</td><td><code>/api/v1${escapeHtml(path)}</code></td>` +
        `<td>${escapeHtml(op.summary ?? '')}</td><td><code>${escapeHtml(op['x-permission'] ?? '')}</code></td></tr>`,
    ),
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;padding:16px;color:#111;background:#fff}
@media (prefers-color-scheme:dark){body{color:#eee;background:#111}}
table{border-collapse:collapse;width:100%}td{padding:8px 6px;border-bottom:1px solid #8884;vertical-align:top}
.m{font-weight:700;font-family:monospace}.get{color:#0a7}.post{color:#06c}.put{color:#b60}.delete{color:#c22}
</style></head><body>
<h1>${doc.info.title} API ${doc.info.version}</h1>
<p>Every route needs the permission shown (sign in with a session cookie, or send <code>Authorization: Bearer</code> with an API token).
Errors are <code>{"error":{"code","message","details"}}</code>. Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Permission</th></tr></thead><tbody>${raw(rows.join(''))}</tbody></table>
</body></html>`;
}
