import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { WpError, parsePostsQuery, wpError } from './wordpress.query';
import { SiteUrls, renderPost } from './wordpress.render';
import { WordPressSite } from './wordpress.site';
import { WpSiteData } from './wordpress.types';

export interface WordPressStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly sites: readonly WpSiteData[];
  /** The clock edits and new posts are stamped with. */
  readonly now?: () => Date;
}

/** A running stand-in: several WordPress sites on one HTTP server, each under `/<site name>`. */
export interface WordPressStandIn {
  /** The server's origin, e.g. `http://127.0.0.1:3900`. */
  readonly url: string;
  /** Each site by name, to edit its posts or inject failures while the server runs. */
  readonly sites: Readonly<Record<string, WordPressSite>>;
  /** A site's home URL (what a sync is configured with): `<url>/<name>`. */
  siteUrl(name: string): string;
  /** Stops listening and drops every open connection, hanging requests included. */
  close(): Promise<void>;
}

const ROUTE = /^\/([^/]+)\/wp-json\/wp\/v2\/posts(?:\/(\d+))?\/?$/;
const NO_ROUTE = wpError(
  404,
  'rest_no_route',
  'No route was found matching the URL and request method.',
);
// What WordPress's fatal error handler answers to a REST request.
const CRITICAL_ERROR_MESSAGE =
  '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>';

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Access-Control-Expose-Headers': 'X-WP-Total, X-WP-TotalPages, Link',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

const sendError = (res: ServerResponse, error: WpError) => send(res, error.status, error.body);

function answerListing(site: WordPressSite, url: URL, urls: SiteUrls, res: ServerResponse): void {
  for (const failure of site.takeFailures(url.searchParams)) {
    if (failure.kind === 'action') failure.action();
    // A hanging request stays open until the client gives up or the server closes.
    else if (failure.kind === 'hang') return;
    else if (failure.status === 500) {
      return send(res, 500, {
        code: 'internal_server_error',
        message: CRITICAL_ERROR_MESSAGE,
        data: { status: 500 },
        additional_errors: [],
      });
    } else {
      res.writeHead(failure.status, { 'Content-Type': 'text/html' });
      return void res.end(`<html><body><h1>${failure.status}</h1></body></html>`);
    }
  }
  const query = parsePostsQuery(url.searchParams, site.utcOffsetMinutes);
  if ('status' in query) return sendError(res, query);
  const { posts, total, totalPages } = site.list(query);
  if (query.page > totalPages && total > 0) {
    return sendError(
      res,
      wpError(
        400,
        'rest_post_invalid_page_number',
        'The page number requested is larger than the number of pages available.',
      ),
    );
  }
  // Like WordPress: the request's own parameters on the collection URL, with `page` replaced.
  const pageLink = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(page));
    return `${urls.api}/posts?${params}`;
  };
  const links: string[] = [];
  if (query.page > 1) links.push(`<${pageLink(Math.min(query.page - 1, totalPages))}>; rel="prev"`);
  if (totalPages > query.page) links.push(`<${pageLink(query.page + 1)}>; rel="next"`);
  send(
    res,
    200,
    posts.map((p) => renderPost(site, p, urls, query.embed, query.fields)),
    {
      'X-WP-Total': String(total),
      'X-WP-TotalPages': String(totalPages),
      ...(links.length > 0 ? { Link: links } : {}),
    },
  );
}

function answerPost(
  site: WordPressSite,
  id: number,
  url: URL,
  urls: SiteUrls,
  res: ServerResponse,
) {
  const post = site.post(id);
  if (!post) return sendError(res, wpError(404, 'rest_post_invalid_id', 'Invalid post ID.'));
  const query = parsePostsQuery(url.searchParams, site.utcOffsetMinutes);
  if ('status' in query) return sendError(res, query);
  send(res, 200, renderPost(site, post, urls, query.embed, query.fields));
}

/**
 * The request listener of the WordPress stand-in for the given sites, to mount beside other
 * stand-ins on one server (`startWordPressStandIn` serves it alone).
 */
export function wordPressRequestHandler(
  sites: Readonly<Record<string, WordPressSite>>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const match = ROUTE.exec(url.pathname);
    const site = match ? sites[decodeURIComponent(match[1]!)] : undefined;
    if (req.method !== 'GET' || !match || !site) return sendError(res, NO_ROUTE);
    const siteUrl = `${url.origin}/${site.name}`;
    const urls: SiteUrls = { site: siteUrl, api: `${siteUrl}/wp-json/wp/v2` };
    if (match[2]) return answerPost(site, Number(match[2]), url, urls, res);
    answerListing(site, url, urls, res);
  };
}

/** The sites of a stand-in, by name, each stamping edits with `now`. */
export function wordPressSites(
  data: readonly WpSiteData[],
  now?: () => Date,
): Record<string, WordPressSite> {
  return Object.fromEntries(data.map((d) => [d.name, new WordPressSite(d, now)]));
}

/**
 * Starts WordPress REST API v2 stand-ins for the given sites: `GET /<site>/wp-json/wp/v2/posts`
 * (paging, `modified_after`/`modified_before`, `orderby`/`order`, `include`, `_embed`, `_fields`,
 * `X-WP-Total`/`X-WP-TotalPages`/`Link`, WordPress's own 400s) and `GET .../posts/<id>`.
 */
export async function startWordPressStandIn(
  options: WordPressStandInOptions,
): Promise<WordPressStandIn> {
  const sites = wordPressSites(options.sites, options.now);
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer(wordPressRequestHandler(sites));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    url: origin,
    sites,
    siteUrl: (name) => `${origin}/${name}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
