import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * One request listener for several stand-ins on one port: a request under `/<prefix>` (e.g.
 * `/viator/products/...`) goes to that stand-in with the prefix stripped from `req.url`, so each
 * stand-in sees the paths of the real API; anything else goes to `fallback`.
 */
export function routeByPrefix(
  routes: Readonly<Record<string, RequestListener>>,
  fallback: RequestListener,
): RequestListener {
  const prefixes = Object.keys(routes).map((prefix) => {
    if (!/^\/[^/]+$/.test(prefix)) throw new Error(`a prefix is one path segment: "${prefix}"`);
    return prefix;
  });
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const prefix = prefixes.find(
      (p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`),
    );
    if (!prefix) return fallback(req, res);
    const rest = url.slice(prefix.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    routes[prefix]!(req, res);
  };
}
