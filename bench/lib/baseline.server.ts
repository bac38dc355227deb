/*
 * The minimal baseline: plain node:http and pg, the SQL places-api sends (recorded by
 * read-plan.capture.ts), documents built by hand. What places-api would cost without a framework,
 * a query builder or a serializer. A child process of the bench:
 *   PORT, DATABASE_URL, PUBLIC_BASE_URL, READ_PLANS_FILE (JSON of ReadPlan[]).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { Pool, QueryResult, types } from 'pg';
import { HandDocuments, PageOf, PlaceRecord, PointOfInterestRecord } from './baseline.documents';
import type { CapturedStatement, ReadPlan } from './read-plan.capture';

// As @waypost/shared/db: int8 and numeric as numbers.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

const PAGINATED =
  'application/vnd.api+json; profile="https://jsonapi.org/profiles/ethanresnick/cursor-pagination"';
const SINGLE = 'application/vnd.api+json';
const CACHE_CONTROL = 'public, max-age=60';
const MARKER_TTL_MS = 1_000;

const env = process.env;
const baseUrl = env['PUBLIC_BASE_URL']!;
const pool = new Pool({ connectionString: env['DATABASE_URL'], max: 10 });
const plans = JSON.parse(readFileSync(env['READ_PLANS_FILE']!, 'utf8')) as ReadPlan[];
const documents = new HandDocuments(baseUrl);

/** Runs a plan's groups one after another, each group's statements at once. */
async function execute(plan: ReadPlan): Promise<QueryResult[][]> {
  const results: QueryResult[][] = [];
  for (const group of plan.groups) {
    results.push(await Promise.all(group.map((s) => pool.query(s.sql, [...s.parameters]))));
  }
  return results;
}

/** The last parameter of a statement: the limit of a page (size + 1) or of a count (cap + 1). */
const lastParameter = (statement: CapturedStatement) => Number(statement.parameters.at(-1));

function page<R>(plan: ReadPlan, list: QueryResult, count: QueryResult, group: number): PageOf<R> {
  const [listStatement, countStatement] = plan.groups[group]!;
  return {
    rows: list.rows as R[],
    size: lastParameter(listStatement!) - 1,
    count: (count.rows[0] as { n: number }).n,
    countCap: lastParameter(countStatement!) - 1,
  };
}

type Handler = (plan: ReadPlan, url: string) => Promise<{ body: string; type: string } | null>;

async function pointsOfInterestPage(plan: ReadPlan, url: string) {
  const [[list, count]] = await execute(plan);
  const rows = page<PointOfInterestRecord>(plan, list!, count!, 0);
  const body = documents.collection(url, rows, 'name', (r) => documents.pointOfInterest(r));
  return { body, type: PAGINATED };
}

const HANDLERS: Record<ReadPlan['endpoint'], Handler> = {
  async children(plan, url) {
    const [[parent], [list, count]] = await execute(plan);
    if (parent!.rows.length === 0) return null;
    const rows = page<PlaceRecord>(plan, list!, count!, 1);
    const body = documents.collection(url, rows, 'name', (r) => documents.place(r));
    return { body, type: PAGINATED };
  },
  'poi-page': pointsOfInterestPage,
  'poi-page-small': pointsOfInterestPage,
  'poi-page-city': pointsOfInterestPage,
  async near(plan, url) {
    const [[list, count]] = await execute(plan);
    const rows = page<PlaceRecord>(plan, list!, count!, 0);
    const body = documents.collection(url, rows, 'distance', (r) => documents.place(r));
    return { body, type: PAGINATED };
  },
  async 'place-ancestors'(plan, url) {
    const [[place], [included]] = await execute(plan);
    const row = place!.rows[0] as PlaceRecord | undefined;
    if (!row) return null;
    return {
      body: documents.placeWithIncluded(url, row, included!.rows as PlaceRecord[]),
      type: SINGLE,
    };
  },
};

const byPath = new Map(plans.map((plan) => [plan.path, plan]));

let marker: { value: string; at: number } | undefined;
async function syncMarker(): Promise<string> {
  if (marker && Date.now() - marker.at < MARKER_TTL_MS) return marker.value;
  const { rows } = await pool.query<{ marker: string | null }>(
    'select max(updated_at)::text as marker from places.sync_watermarks',
  );
  marker = { value: rows[0]?.marker ?? 'never', at: Date.now() };
  return marker.value;
}

function etagOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return `W/"${hash.digest('base64url').slice(0, 27)}"`;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = request.url ?? '/';
  if (url === '/health/ready') {
    await pool.query('select 1');
    response.writeHead(200).end('ok');
    return;
  }
  const plan = byPath.get(url);
  if (!plan) {
    response.writeHead(404).end();
    return;
  }
  const etag = etagOf(await syncMarker(), baseUrl, url);
  const headers = { vary: 'Accept', 'cache-control': CACHE_CONTROL, etag };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers).end();
    return;
  }
  const result = await HANDLERS[plan.endpoint](plan, url);
  if (!result) {
    response.writeHead(404).end();
    return;
  }
  response
    .writeHead(200, {
      ...headers,
      'content-type': result.type,
      'content-length': Buffer.byteLength(result.body),
    })
    .end(result.body);
}

createServer((request, response) => {
  handle(request, response).catch((error: Error) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
}).listen(Number(env['PORT']), '127.0.0.1');
