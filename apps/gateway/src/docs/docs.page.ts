/** Where the page loads Redoc's standalone bundle from (served by the gateway, never a CDN). */
export const REDOC_SCRIPT = '/docs/assets/redoc.standalone.js';
export const DOCS_INIT_SCRIPT = '/docs/assets/docs.init.js';

/**
 * The page's policy: scripts from the gateway only (no inline script), the inline styles Redoc
 * writes, the worker it builds its search index in, and the specs fetched from the gateway.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML of one reference page; `specUrl` is the spec Redoc renders. */
export function docsPage(title: string, specUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="data:," />
    <style>body { margin: 0; padding: 0; }</style>
  </head>
  <body>
    <div id="redoc" data-spec-url="${escapeHtml(specUrl)}"></div>
    <script src="${REDOC_SCRIPT}"></script>
    <script src="${DOCS_INIT_SCRIPT}"></script>
  </body>
</html>
`;
}

/** Starts Redoc on the page's spec (a file of its own: the policy allows no inline script). */
export const DOCS_INIT = `(function () {
  var element = document.getElementById('redoc');
  Redoc.init(
    element.getAttribute('data-spec-url'),
    { expandResponses: '200', hideDownloadButton: false, jsonSampleExpandLevel: 3, pathInMiddlePanel: true },
    element,
  );
})();
`;
