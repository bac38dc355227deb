import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { OnixRecord } from '../src/sources/onix.record';

/** The onix feed for tests: NDJSON over real HTTP, with a stream that can break. */
export interface OnixStandIn {
  readonly url: string;
  /** Adds or replaces a record (by id). */
  put(record: OnixRecord): Promise<void>;
  /** Every stream breaks off after `okRecords` records, until `heal()`. */
  failAfter(okRecords: number): void;
  heal(): void;
  close(): Promise<void>;
}

const order = (a: OnixRecord, b: OnixRecord) =>
  a.updatedAt === b.updatedAt
    ? a.id < b.id
      ? -1
      : a.id > b.id
        ? 1
        : 0
    : a.updatedAt < b.updatedAt
      ? -1
      : 1;

export async function startOnixStandIn(records: readonly OnixRecord[]): Promise<OnixStandIn> {
  const byId = new Map(records.map((r) => [r.id, r]));
  let breakAfter = Infinity;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname !== '/feed') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"error":"not found"}');
    }
    const updatedAfter = url.searchParams.get('updatedAfter');
    const afterId = url.searchParams.get('afterId') ?? '';
    const due = [...byId.values()]
      .sort(order)
      .filter(
        (r) =>
          updatedAfter === null ||
          r.updatedAt > updatedAfter ||
          (r.updatedAt === updatedAfter && r.id > afterId),
      );
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const lines = due.slice(0, breakAfter).map((record) => `${JSON.stringify(record)}\n`);
    if (due.length <= breakAfter) return res.end(lines.join(''));
    // Cut off mid-record, once what came before has reached the client.
    res.write(`${lines.join('')}{"id": "cut-off mid-rec`, () => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async put(record) {
      byId.set(record.id, record);
    },
    failAfter(okRecords) {
      breakAfter = okRecords;
    },
    heal() {
      breakAfter = Infinity;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
