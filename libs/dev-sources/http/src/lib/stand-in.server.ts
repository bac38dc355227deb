import { IncomingMessage, RequestListener, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** A stand-in listening on its own port. */
export interface ListeningStandIn {
  /** The server's origin, e.g. `http://127.0.0.1:3900`. */
  readonly url: string;
  /** Stops listening and drops every open connection, hanging requests included. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

/** Serves `handler` on a new HTTP server; `close()` also cuts requests left hanging on purpose. */
export async function listenStandIn(
  handler: RequestListener,
  options: ListenOptions = {},
): Promise<ListeningStandIn> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** The request's URL, parsed against the origin the client used. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
}
