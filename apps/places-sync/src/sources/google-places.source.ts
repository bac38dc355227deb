import { Kysely, sql } from 'kysely';
import {
  MappedRecord,
  Schedule,
  SourcePage,
  SyncLogger,
  SyncSource,
  WriteCounts,
} from '@waypost/shared/sync';
import { PlacesDatabase } from '@waypost/places/schema';
import { GooglePlaceWire, GooglePlacesClient } from './google-places.client';
import { WeeklyHours, weeklyHoursFromGoogle } from './google-places.hours';

export const GOOGLE_PLACES_SOURCE = 'google-places';

export interface GooglePlacesSourceOptions {
  readonly schedule: Schedule;
  /** Place Details requests per UTC day, over every run (Google bills each). */
  readonly dailyBudget: number;
  /** A place fetched longer ago than this is fetched again. */
  readonly ttlMs: number;
  /** Points of interest per written page. */
  readonly pageSize: number;
}

/** One point of interest asked about, and Google's answer. */
export interface GoogleLookup {
  readonly poiId: string;
  readonly googlePlaceId: string;
  readonly fetchedAt: Date;
  readonly place: GooglePlaceWire | null;
}

/** What the enrichment writes onto a point of interest. */
export type GoogleEnrichment =
  | {
      readonly kind: 'found';
      readonly poiId: string;
      readonly googlePlaceId: string;
      readonly fetchedAt: Date;
      readonly address: string | null;
      readonly website: string | null;
      readonly rating: number | null;
      readonly openingHours: WeeklyHours | null;
      readonly businessStatus: string | null;
    }
  | { readonly kind: 'not-found'; readonly poiId: string; readonly googlePlaceId: string };

type Due = { id: string; googlePlaceId: string; fetchedAt: Date | null };

/**
 * Enriches points of interest that carry a Google place id with Place Details: the never fetched
 * first, then the stalest, each again once older than the TTL, within a daily request budget
 * (counted in `places.google_places_usage`). A 429 or a spent budget ends the run with what it
 * has; the next run goes on from the stalest, which is where this one stopped. NOT_FOUND clears
 * the link; `CLOSED_PERMANENTLY` sets `permanently_closed`. Only Google's columns are written:
 * the CMS's own stay the CMS's.
 */
export class GooglePlacesSource implements SyncSource<
  GoogleLookup,
  GoogleEnrichment,
  PlacesDatabase
> {
  readonly name = GOOGLE_PLACES_SOURCE;
  readonly schedule: Schedule;

  constructor(
    private readonly db: Kysely<PlacesDatabase>,
    private readonly client: GooglePlacesClient,
    private readonly options: GooglePlacesSourceOptions,
    private readonly logger?: SyncLogger,
  ) {
    this.schedule = options.schedule;
  }

  async *pull(): AsyncIterable<SourcePage<GoogleLookup>> {
    const staleBefore = new Date(Date.now() - this.options.ttlMs);
    let after: { fetchedAt: Date | null; id: string } | null = null;
    let page: GoogleLookup[] = [];
    const flush = () => {
      const records = page;
      page = [];
      return { records, watermark: { at: new Date().toISOString() } };
    };
    for (;;) {
      const due = await this.due(staleBefore, after);
      if (due.length === 0) break;
      for (const poi of due) {
        if (!(await this.takeRequest())) {
          this.logger?.info(
            { source: this.name, dailyBudget: this.options.dailyBudget },
            'google-places: daily request budget spent; the next run goes on from here',
          );
          if (page.length > 0) yield flush();
          return;
        }
        const answer = await this.client.details(poi.googlePlaceId);
        if (answer.kind === 'exhausted') {
          this.logger?.warn(
            { source: this.name, message: answer.message },
            'google-places: 429 RESOURCE_EXHAUSTED; the next run goes on from here',
          );
          if (page.length > 0) yield flush();
          return;
        }
        page.push({
          poiId: poi.id,
          googlePlaceId: poi.googlePlaceId,
          fetchedAt: new Date(),
          place: answer.kind === 'found' ? answer.place : null,
        });
        if (page.length >= this.options.pageSize) yield flush();
      }
      const last = due[due.length - 1]!;
      after = { fetchedAt: last.fetchedAt, id: last.id };
    }
    if (page.length > 0) yield flush();
  }

  async map(records: readonly GoogleLookup[]): Promise<MappedRecord<GoogleEnrichment>[]> {
    return records.map(mapGoogleLookup);
  }

  async write(
    trx: Kysely<PlacesDatabase>,
    batch: { upserts: readonly GoogleEnrichment[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    let updated = 0;
    let unchanged = 0;
    for (const e of batch.upserts) {
      // Guarded by the link: a CMS change of the id since the request wins.
      const query =
        e.kind === 'not-found'
          ? trx
              .updateTable('places.pointsOfInterest')
              .set({ googlePlaceId: null, googlePlaceIdNotFound: e.googlePlaceId })
          : trx.updateTable('places.pointsOfInterest').set({
              googleAddress: e.address,
              googleWebsite: e.website,
              googleRating: e.rating,
              googleOpeningHours: e.openingHours ? JSON.stringify(e.openingHours) : null,
              googleBusinessStatus: e.businessStatus,
              permanentlyClosed: e.businessStatus === 'CLOSED_PERMANENTLY',
              googleFetchedAt: e.fetchedAt,
            });
      const result = await query
        .where('id', '=', e.poiId)
        .where('googlePlaceId', '=', e.googlePlaceId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) updated++;
      else unchanged++;
    }
    return { inserted: 0, updated, unchanged, deleted: 0 };
  }

  /** The next points of interest to ask about, after `after` in the queue's order. */
  private async due(
    staleBefore: Date,
    after: { fetchedAt: Date | null; id: string } | null,
  ): Promise<Due[]> {
    const never = sql<Date>`'-infinity'::timestamptz`;
    return this.db
      .selectFrom('places.pointsOfInterest')
      .select(['id', 'googlePlaceId', 'googleFetchedAt as fetchedAt'])
      .where('googlePlaceId', 'is not', null)
      .where((eb) =>
        eb.or([eb('googleFetchedAt', 'is', null), eb('googleFetchedAt', '<', staleBefore)]),
      )
      .$if(after !== null, (q) =>
        q.where(
          sql<boolean>`(coalesce(google_fetched_at, ${never}), id) > (coalesce(${after!.fetchedAt}::timestamptz, ${never}), ${after!.id})`,
        ),
      )
      .orderBy(sql`google_fetched_at nulls first`)
      .orderBy('id')
      .limit(this.options.pageSize)
      .execute() as Promise<Due[]>;
  }

  /** Counts one request against today's budget (UTC); false once the budget is spent. */
  private async takeRequest(): Promise<boolean> {
    const row = await this.db
      .insertInto('places.googlePlacesUsage')
      .values({ day: sql<string>`(now() at time zone 'utc')::date`, requests: 1 })
      .onConflict((oc) =>
        oc
          .column('day')
          .doUpdateSet({ requests: sql<number>`places.google_places_usage.requests + 1` })
          .where('places.googlePlacesUsage.requests', '<', this.options.dailyBudget),
      )
      .returning('requests')
      .executeTakeFirst();
    return row !== undefined && row.requests <= this.options.dailyBudget;
  }
}

/** Google's answer as the columns it fills (pure); malformed hours are an invalid record. */
export function mapGoogleLookup(r: GoogleLookup): MappedRecord<GoogleEnrichment> {
  if (!r.place) {
    return {
      outcome: 'upsert',
      sourceId: r.poiId,
      row: { kind: 'not-found', poiId: r.poiId, googlePlaceId: r.googlePlaceId },
    };
  }
  const p = r.place;
  let openingHours: WeeklyHours | null = null;
  try {
    openingHours = p.regularOpeningHours?.periods
      ? weeklyHoursFromGoogle(p.regularOpeningHours.periods)
      : null;
  } catch (error) {
    return { outcome: 'invalid', sourceId: r.poiId, reason: (error as Error).message, payload: r };
  }
  const rating = typeof p.rating === 'number' && p.rating >= 1 && p.rating <= 5 ? p.rating : null;
  return {
    outcome: 'upsert',
    sourceId: r.poiId,
    row: {
      kind: 'found',
      poiId: r.poiId,
      googlePlaceId: r.googlePlaceId,
      fetchedAt: r.fetchedAt,
      address: p.formattedAddress?.trim() || null,
      website: /^https?:\/\//.test(p.websiteUri ?? '') ? p.websiteUri! : null,
      rating,
      openingHours,
      businessStatus: p.businessStatus ?? null,
    },
  };
}
