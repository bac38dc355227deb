import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { GadventuresRecord } from '../src/sources/gadventures.record';

/** The gadventures source for tests: its wire format over real HTTP, with injectable failures. */
export interface GadventuresStandIn {
  readonly url: string;
  /** Adds or replaces a record (by id). */
  put(record: GadventuresRecord): Promise<void>;
  /** After `okRequests` more answers, every request fails with `status` until `heal()`. */
  failAfter(okRequests: number, status?: number): void;
  heal(): void;
  /** The next `count` requests get 429 with `Retry-After: 1`. */
  throttle(count: number): void;
  readonly requests: number;
  close(): Promise<void>;
}

const order = (a: GadventuresRecord, b: GadventuresRecord) =>
  a.updatedAt === b.updatedAt
    ? a.id < b.id
      ? -1
      : a.id > b.id
        ? 1
        : 0
    : a.updatedAt < b.updatedAt
      ? -1
      : 1;

export async function startGadventuresStandIn(
  records: readonly GadventuresRecord[],
): Promise<GadventuresStandIn> {
  const byId = new Map(records.map((r) => [r.id, r]));
  let okLeft = Infinity;
  let failStatus = 500;
  let throttled = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (throttled > 0) {
      throttled--;
      return send(429, { error: 'too many requests' }, { 'retry-after': '1' });
    }
    if (okLeft <= 0) return send(failStatus, { error: 'injected failure' });
    okLeft--;
    if (url.pathname !== '/records') return send(404, { error: 'not found' });
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const updatedAfter = url.searchParams.get('updatedAfter');
    const afterId = url.searchParams.get('afterId') ?? '';
    const after = [...byId.values()]
      .sort(order)
      .filter(
        (r) =>
          updatedAfter === null ||
          r.updatedAt > updatedAfter ||
          (r.updatedAt === updatedAfter && r.id > afterId),
      );
    const page = after.slice(0, limit);
    const last = page[page.length - 1];
    let next: string | null = null;
    if (last && after.length > limit) {
      const nextUrl = new URL(url.toString());
      nextUrl.searchParams.set('updatedAfter', last.updatedAt);
      nextUrl.searchParams.set('afterId', last.id);
      next = `http://${req.headers.host}${nextUrl.pathname}${nextUrl.search}`;
    }
    send(200, { records: page, next });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async put(record) {
      byId.set(record.id, record);
    },
    failAfter(okRequests, status = 500) {
      okLeft = okRequests;
      failStatus = status;
    },
    heal() {
      okLeft = Infinity;
    },
    throttle(count) {
      throttled = count;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
