import { Serializer } from 'jsonapi-serializer';
import { Pool, types } from 'pg';
import {
  createDocumentBuilder,
  encodeCursor,
  parseJsonApiQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import { PLACE, POINTS_OF_INTEREST } from '../../apps/places-api/src/places.resources';
import { HandDocuments, PageOf, PointOfInterestRecord, provenanceOf } from './baseline.documents';
import { ReadPlan } from './read-plan.capture';

export interface SerializationResults {
  readonly rows: number;
  readonly bytes: number;
  /** Median time to turn a page of rows into its JSON text. */
  readonly wrapperUsPerPage: number;
  readonly byHandUsPerPage: number;
  /**
   * jsonapi-serializer alone (the stack's chosen serializer, which the wrapper no longer calls):
   * its resources without the members it lacks (relationship links, cursors, `jsonapi`).
   */
  readonly jsonapiSerializerUsPerPage: number;
}

const BATCH = 20;

/** Median microseconds per call of `work`, over batches of calls after a warm-up. */
function medianUs(work: () => unknown, pages: number): number {
  for (let i = 0; i < Math.min(pages, 500); i++) work();
  const samples: number[] = [];
  for (let done = 0; done < pages; done += BATCH) {
    const started = performance.now();
    for (let i = 0; i < BATCH; i++) work();
    samples.push(((performance.now() - started) * 1000) / BATCH);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1]!;
}

/**
 * The 50-row points-of-interest page of the bench, serialized by our JSON:API wrapper
 * (`@waypost/shared/jsonapi`, as places-api does) and by hand, both down to the JSON text: the same
 * bytes, checked, then timed in this process; and by jsonapi-serializer alone, for comparison.
 */
export async function runSerializationBench(
  databaseUrl: string,
  baseUrl: string,
  plan: ReadPlan,
  pages: number,
): Promise<SerializationResults> {
  types.setTypeParser(types.builtins.INT8, (v) => Number(v));
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const [listStatement, countStatement] = plan.groups[0]!;
  let page: PageOf<PointOfInterestRecord>;
  try {
    const list = await pool.query<PointOfInterestRecord>(listStatement!.sql, [
      ...listStatement!.parameters,
    ]);
    const count = await pool.query<{ n: number }>(countStatement!.sql, [
      ...countStatement!.parameters,
    ]);
    page = {
      rows: list.rows,
      size: Number(listStatement!.parameters.at(-1)) - 1,
      count: count.rows[0]!.n,
      countCap: Number(countStatement!.parameters.at(-1)) - 1,
    };
  } finally {
    await pool.end();
  }

  const url = plan.path;
  const byHand = new HandDocuments(baseUrl);
  const handText = () => byHand.collection(url, page, 'name', (r) => byHand.pointOfInterest(r));

  // What points-of-interest.service.ts hands the wrapper: rows as resources, cursors, meta.
  const builder = createDocumentBuilder(POINTS_OF_INTEREST, { baseUrl, related: [PLACE] });
  const query = parseJsonApiQuery(queryStringOf(url), POINTS_OF_INTEREST, { related: [PLACE] });
  const rows = page.rows.slice(0, page.size);
  const resources = rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    description: r.description,
    address: r.address,
    openingHours: r.opening_hours,
    website: r.website,
    rating: r.rating,
    businessStatus: r.business_status,
    permanentlyClosed: r.permanently_closed,
    timeZone: r.time_zone,
    provenance: provenanceOf(r),
    location: r.location,
    place: r.place_id,
    places: r.place_ids,
  }));
  const last = rows[rows.length - 1]!;
  const next =
    page.rows.length > page.size
      ? encodeCursor(query.sort, { name: last.name, id: last.id })
      : null;
  const meta = {
    page: page.count > page.countCap ? { totalAtLeast: page.countCap + 1 } : { total: page.count },
  };
  const wrapperText = () =>
    JSON.stringify(
      builder.collection(resources, {
        url,
        query,
        page: { next, prev: null },
        included: { places: [] },
        meta,
      }),
    );

  const serializer = new Serializer(POINTS_OF_INTEREST.type, {
    attributes: [...POINTS_OF_INTEREST.attributes, 'place', 'places'],
    keyForAttribute: 'camelCase',
    pluralizeType: false,
    typeForAttribute: (attribute) => (attribute === 'place' ? 'places' : attribute),
    topLevelLinks: { self: url },
    dataLinks: { self: (row: { id: string }) => `${baseUrl}/pointsOfInterest/${row.id}` },
    place: { ref: (_: unknown, id: string) => id, included: false },
    places: { ref: (_: unknown, id: string) => id, included: false },
  });
  const serializerText = () => JSON.stringify(serializer.serialize(resources));

  const text = wrapperText();
  if (text !== handText()) throw new Error('the wrapper and the hand-built page differ');
  return {
    rows: rows.length,
    bytes: Buffer.byteLength(text),
    wrapperUsPerPage: medianUs(wrapperText, pages),
    byHandUsPerPage: medianUs(handText, pages),
    jsonapiSerializerUsPerPage: medianUs(serializerText, pages),
  };
}
