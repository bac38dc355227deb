import { expectValidJsonApiDocument } from './jsonapi-schema';
import { ResponseValidator, createResponseValidator, loadOpenApi, matchPath } from './openapi';

/** An answer as tests read it: JSON:API documents, poked into by member path. */
export interface JsonApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface JsonApiClientOptions {
  /** Where requests go, e.g. `http://127.0.0.1:3101` (a path may follow: `<gateway>/v1`). */
  readonly origin: string;
  /**
   * The public base URL the service builds its links on (default: `origin`): a link under it is
   * requested at `origin` instead, so tests can follow links of a service behind a proxy.
   */
  readonly publicBaseUrl?: string;
  /**
   * The OpenAPI specs (`openapi/<name>.yaml`) that describe the answers, tried in order: the first
   * with a path that serves the request path, less `prefix`, holds the answer.
   */
  readonly specs: readonly { readonly name: string; readonly prefix?: string }[];
  /** Sent with every request (an API key). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type JsonApiGet = (
  pathOrLink: string,
  headers?: Readonly<Record<string, string>>,
) => Promise<JsonApiAnswer>;

/**
 * A GET for HTTP tests of a JSON:API service: every answer with a body is held to JSON:API 1.1, and
 * every answer to a documented path to its OpenAPI spec (status, media type and body).
 */
export function createJsonApiClient(options: JsonApiClientOptions): JsonApiGet {
  const publicBaseUrl = options.publicBaseUrl ?? options.origin;
  const specs = options.specs.map(({ name, prefix = '' }) => {
    const spec = loadOpenApi(name);
    return { spec, prefix, responses: createResponseValidator(spec) };
  });
  const describedBy = (path: string): { responses: ResponseValidator; template: string } | null => {
    for (const { spec, prefix, responses } of specs) {
      if (!path.startsWith(prefix)) continue;
      try {
        return { responses, template: matchPath(spec, 'get', path.slice(prefix.length)) };
      } catch {
        // Not this spec's path.
      }
    }
    return null;
  };

  return async (pathOrLink, headers = {}) => {
    const url = pathOrLink.startsWith(publicBaseUrl)
      ? `${options.origin}${pathOrLink.slice(publicBaseUrl.length)}`
      : pathOrLink.startsWith('http')
        ? pathOrLink
        : `${options.origin}${pathOrLink}`;
    const res = await fetch(url, { headers: { ...options.headers, ...headers } });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (body) expectValidJsonApiDocument(body);
    const described = describedBy(new URL(url).pathname);
    described?.responses.validate(
      'get',
      described.template,
      res.status,
      res.headers.get('content-type') ?? undefined,
      body,
    );
    return { status: res.status, headers: res.headers, body };
  };
}
