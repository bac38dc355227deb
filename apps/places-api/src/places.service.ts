import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import {
  PlaceReadRepository,
  PlaceRow,
  PlaceSortField,
  placeSortValue,
} from '@waypost/places/data-access/read';
import { PLACE, PLACES, PLACE_CHAIN, PLACE_CHILDREN } from './places.resources';
import { PlacesApiConfig } from './places-api.config';
import {
  DocumentResult,
  READ_API_CONFIG,
  TOTAL_CAP,
  notFound,
  pageCursors,
  pageRequest,
  totalMeta,
} from '@waypost/shared/read-api';
import { Gazetteer } from '@waypost/places/gazetteer';
import { checkRelevanceSort, nearFilter, withDistanceDefault } from './near.filter';
/** `include=children` is not paginated: the first this many, by name; the related link pages. */
export const INCLUDED_CHILDREN_LIMIT = 100;

/** Answers the places endpoints: one read-repository call per part, documents built once per spec. */
@Injectable()
export class PlacesService {
  private readonly collection: DocumentBuilder;
  private readonly single: DocumentBuilder;
  private readonly children: DocumentBuilder;
  private readonly chain: DocumentBuilder;

  constructor(
    private readonly places: PlaceReadRepository,
    private readonly gazetteer: Gazetteer,
    @Inject(READ_API_CONFIG) config: PlacesApiConfig,
  ) {
    const options = { baseUrl: config.publicBaseUrl };
    this.collection = createDocumentBuilder(PLACES, options);
    this.single = createDocumentBuilder(PLACE, options);
    this.children = createDocumentBuilder(PLACE_CHILDREN, options);
    this.chain = createDocumentBuilder(PLACE_CHAIN, options);
  }

  async list(url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(withDistanceDefault(queryStringOf(url)), PLACES);
    const { radius, near: nearPoint, contains, ...rest } = query.filter;
    checkRelevanceSort(query, rest.q);
    const filter = {
      ...rest,
      near: nearFilter(query, { near: nearPoint, radius }),
      // "Where am I": the chain content at the point is indexed under (the gazetteer's assignment).
      ids: contains && ((await this.gazetteer.assignPoint(contains))?.placeIds ?? []),
    };
    const withBoundary = wantsBoundary(query.fields);
    const [page, count] = await Promise.all([
      this.places.list(filter, pageRequest<PlaceSortField>(query), { withBoundary }),
      this.places.count(filter, TOTAL_CAP),
    ]);
    const included = await this.includedFor(page.rows, query.include);
    return {
      paginated: true,
      document: this.collection.collection(page.rows.map(toResource), {
        url,
        query,
        page: pageCursors(page, query.sort, sortRow),
        included: { places: included.map(toResource) },
        meta: totalMeta(count),
      }),
    };
  }

  async get(id: string, url: string): Promise<DocumentResult> {
    const query = parseSingleResourceQuery(queryStringOf(url), PLACE);
    const place = await this.places.findById(id, { withBoundary: wantsBoundary(query.fields) });
    if (!place) throw notFound('place', id);
    const included = await this.includedFor([place], query.include);
    if (query.include.includes('children')) {
      const children = await this.places.list(
        { parent: id },
        { sort: [{ field: 'name', direction: 'asc' }], size: INCLUDED_CHILDREN_LIMIT },
      );
      included.push(...children.rows);
    }
    return {
      paginated: false,
      document: this.single.resource(toResource(place), {
        url,
        query,
        included: { places: included.map(toResource) },
      }),
    };
  }

  async childrenOf(id: string, url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(withDistanceDefault(queryStringOf(url)), PLACE_CHILDREN);
    checkRelevanceSort(query, query.filter.q);
    if (!(await this.places.findById(id))) throw notFound('place', id);
    const filter = { ...query.filter, parent: id };
    const [page, count] = await Promise.all([
      this.places.list(filter, pageRequest<PlaceSortField>(query), {
        withBoundary: wantsBoundary(query.fields),
      }),
      this.places.count(filter, TOTAL_CAP),
    ]);
    const included = await this.includedFor(page.rows, query.include);
    return {
      paginated: true,
      document: this.children.collection(page.rows.map(toResource), {
        url,
        query,
        page: pageCursors(page, query.sort, sortRow),
        included: { places: included.map(toResource) },
        meta: totalMeta(count),
      }),
    };
  }

  /** The chain above a place, world first. */
  private async chainOf(ids: readonly string[], url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(queryStringOf(url), PLACE_CHAIN, { parameters: ['fields'] });
    const rows = await this.places.findByIds(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.flatMap((a) => byId.get(a) ?? []);
    return {
      paginated: false,
      document: this.chain.collection(ordered.map(toResource), {
        url,
        query,
        page: { next: null, prev: null },
        meta: totalMeta(ordered.length),
      }),
    };
  }

  async ancestorsOf(id: string, url: string): Promise<DocumentResult> {
    const place = await this.places.findById(id);
    if (!place) throw notFound('place', id);
    return this.chainOf(place.ancestorIds, url);
  }

  /** The places an include asks for (parents, ancestors), fetched in one query. */
  private async includedFor(
    rows: readonly PlaceRow[],
    include: readonly string[],
  ): Promise<PlaceRow[]> {
    const ids = new Set<string>();
    for (const row of rows) {
      if (include.includes('parent') && row.parentId) ids.add(row.parentId);
      if (include.includes('ancestors')) row.ancestorIds.forEach((a) => ids.add(a));
    }
    return this.places.findByIds([...ids]);
  }
}

/**
 * A row as the document builder takes it: attributes, relationship linkage, meta. One shape for
 * every row (an undefined boundary or distance is left out of the document).
 */
export function toResource(p: PlaceRow) {
  return {
    id: p.id,
    name: p.name,
    level: p.level,
    countryCode: p.countryCode,
    population: p.population,
    centroid: p.centroid,
    boundary: p.boundary,
    parent: p.parentId,
    ancestors: p.ancestorIds,
    distance: p.distance,
  };
}

const sortRow = (p: PlaceRow) => ({
  id: p.id,
  name: placeSortValue(p, 'name'),
  population: placeSortValue(p, 'population'),
  distance: placeSortValue(p, 'distance'),
  relevance: placeSortValue(p, 'relevance'),
});

/** The boundary is large: only sent when `fields[places]` names it. */
function wantsBoundary(fields: Readonly<Record<string, readonly string[]>>): boolean {
  return fields['places']?.includes('boundary') ?? false;
}
