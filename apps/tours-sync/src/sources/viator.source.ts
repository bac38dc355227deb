import { Kysely } from 'kysely';
import { Env, envInt, envString, envUrl } from '@waypost/shared/config';
import { PlaceSummary } from '@waypost/places/gazetteer';
import {
  MappedRecord,
  SourcePage,
  SyncSource,
  WriteCounts,
  defineSource,
} from '@waypost/shared/sync';
import { ToursDatabase } from '@waypost/tours/schema';
import { TourWrite } from '@waypost/tours/data-access/write';
import { ToursSourceDeps } from './source.deps';
import { ViatorClient, ViatorProduct, ViatorWatermark } from './viator.client';
import { DestinationMapping, mapViatorDestinations } from './viator.destinations';
import { TourContent, decimal, isIsoTime, nonEmpty, tourRow } from './tour.row';

export const VIATOR_SOURCE = 'viator';

export interface ViatorSettings {
  /** The API's base URL (the stand-in: `http://127.0.0.1:3900/viator`). */
  readonly url: string;
  /** Sent as `exp-api-key`. */
  readonly apiKey: string;
  /** Products per feed page (`count`, at most 500). */
  readonly pageSize: number;
  readonly everyMs: number;
  readonly timeoutMs: number;
  /** Retries of a request answered 429, 5xx or not at all. */
  readonly maxRetries: number;
}

/** Reads the viator source's variables (`TOURS_VIATOR_*`). */
export function loadViatorSettings(env: Env): ViatorSettings {
  return {
    url: envUrl(env, 'TOURS_VIATOR_URL', 'http://127.0.0.1:3900/viator', ['http:', 'https:']),
    apiKey: envString(env, 'TOURS_VIATOR_API_KEY', 'dev-viator-key'),
    pageSize: envInt(env, 'TOURS_VIATOR_PAGE_SIZE', 500, 1, 500),
    everyMs: envInt(env, 'TOURS_VIATOR_EVERY_MS', 5 * 60_000, 1_000),
    timeoutMs: envInt(env, 'TOURS_VIATOR_TIMEOUT_MS', 10_000, 100, 600_000),
    maxRetries: envInt(env, 'TOURS_VIATOR_MAX_RETRIES', 5, 0, 20),
  };
}

/**
 * The viator source: the feed's cursor is the watermark (stored with each committed page);
 * once per sync the destination tree is mapped onto our places and the mapping stored; each
 * product is indexed at the places of its destinations in itinerary order, the primary one its
 * start; INACTIVE products are deletes.
 */
export class ViatorSource implements SyncSource<ViatorProduct, TourWrite, ToursDatabase> {
  readonly name = VIATOR_SOURCE;
  readonly schedule: { everyMs: number };
  /** This sync's destination mapping, made before its first page is pulled. */
  private destinations = new Map<string, DestinationMapping>();

  constructor(
    private readonly client: ViatorClient,
    private readonly deps: ToursSourceDeps,
    settings: Pick<ViatorSettings, 'everyMs'>,
  ) {
    this.schedule = { everyMs: settings.everyMs };
  }

  async *pull(watermark: unknown | null): AsyncIterable<SourcePage<ViatorProduct>> {
    this.destinations = await this.mapDestinations();
    yield* this.client.pages(watermark as ViatorWatermark | null);
  }

  async map(records: readonly ViatorProduct[]): Promise<MappedRecord<TourWrite>[]> {
    return records.map((record): MappedRecord<TourWrite> => {
      const sourceId = nonEmpty(record?.productCode) ? record.productCode : null;
      if (sourceId === null) {
        return { outcome: 'invalid', sourceId, reason: 'no productCode', payload: record };
      }
      if (record.status === 'INACTIVE') return { outcome: 'delete', sourceId };
      const problem = problemWith(record);
      if (problem !== null)
        return { outcome: 'invalid', sourceId, reason: problem, payload: record };
      const known = orderedRefs(record).flatMap((ref) => {
        const mapping = this.destinations.get(ref);
        return mapping ? [mapping] : [];
      });
      if (known.length === 0) {
        return {
          outcome: 'invalid',
          sourceId,
          reason: 'none of its destinations is in /destinations',
          payload: record,
        };
      }
      const primaryRef = record.destinations!.find((d) => d.primary)?.ref;
      const start = (primaryRef && this.destinations.get(primaryRef)?.place) || null;
      const visited = known.flatMap((m): PlaceSummary[] => (m.place ? [m.place] : []));
      return { outcome: 'upsert', sourceId, row: tourRow(contentOf(record), visited, start) };
    });
  }

  async write(
    trx: Kysely<ToursDatabase>,
    batch: { upserts: readonly TourWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const counts = await this.deps.repository.upsert(trx, batch.upserts);
    const deleted = await this.deps.repository.delete(trx, this.name, batch.deletes);
    return { ...counts, deleted };
  }

  /** Maps the destination tree, stores the mapping and reports what maps to nothing. */
  private async mapDestinations(): Promise<Map<string, DestinationMapping>> {
    const destinations = await this.client.destinations();
    const mapped = await mapViatorDestinations(this.deps.gazetteer, destinations);
    const rows = [...mapped.values()].map(({ destination: d, place, by }) => ({
      destinationId: d.destinationId,
      name: d.name,
      type: d.type,
      lookupId: d.lookupId,
      latitude: d.center?.latitude ?? null,
      longitude: d.center?.longitude ?? null,
      placeId: place?.id ?? null,
      mappedBy: by,
    }));
    await this.deps.repository.replaceViatorDestinations(this.deps.db, rows);
    const unmapped = rows.filter((r) => r.placeId === null);
    if (unmapped.length > 0) {
      this.deps.logger.warn(
        {
          dataset: 'tours',
          source: this.name,
          unmapped: unmapped.length,
          destinations: unmapped
            .slice(0, 50)
            .map((r) => `${r.destinationId} ${r.name} (${r.type})`),
        },
        'viator destinations that map to no place (tours there are kept, indexed elsewhere or nowhere)',
      );
    }
    return mapped;
  }
}

/** The destination refs in itinerary order (multi-day days first), then the rest, each once. */
function orderedRefs(p: ViatorProduct): string[] {
  const fromDays = (p.itinerary?.days ?? []).flatMap((day) =>
    (day.items ?? []).flatMap((item) =>
      nonEmpty(item.destinationRef) ? [item.destinationRef] : [],
    ),
  );
  const listed = (p.destinations ?? []).map((d) => String(d.ref));
  return [...new Set([...fromDays, ...listed])];
}

/** Why an ACTIVE product cannot be synced, or null. */
function problemWith(p: ViatorProduct): string | null {
  if (!isIsoTime(p.lastUpdatedAt)) return 'no valid lastUpdatedAt';
  if (p.status !== 'ACTIVE') return `unknown status ${JSON.stringify(p.status)}`;
  if (!nonEmpty(p.title)) return 'no title';
  if (!Array.isArray(p.destinations) || p.destinations.length === 0) return 'no destinations';
  return null;
}

function contentOf(p: ViatorProduct): TourContent {
  const d = p.duration;
  const minutes = d?.fixedDurationInMinutes ?? d?.variableDurationFromMinutes;
  const amount = decimal(p.pricing?.summary?.fromPrice);
  const currency = p.pricing?.currency;
  const count = p.reviews?.totalReviews;
  const average = p.reviews?.combinedAverageRating;
  return {
    source: VIATOR_SOURCE,
    sourceId: p.productCode,
    title: p.title!.trim(),
    description: nonEmpty(p.description) ? p.description : null,
    durationMinutes: typeof minutes === 'number' && minutes > 0 ? Math.round(minutes) : null,
    price:
      amount !== null && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)
        ? { amount, currency }
        : null,
    rating: {
      count: typeof count === 'number' && count > 0 ? Math.round(count) : 0,
      average:
        typeof count === 'number' &&
        count > 0 &&
        typeof average === 'number' &&
        average >= 0 &&
        average <= 5
          ? average.toFixed(2)
          : null,
    },
    images: (p.images ?? []).flatMap((image) => {
      const largest = [...(image.variants ?? [])].sort(
        (a, b) => b.width * b.height - a.width * a.height,
      )[0];
      return largest && nonEmpty(largest.url)
        ? [
            {
              url: largest.url,
              width: largest.width ?? null,
              height: largest.height ?? null,
              caption: image.caption ?? null,
            },
          ]
        : [];
    }),
    bookingUrl: nonEmpty(p.productUrl) ? p.productUrl : null,
    departures: [],
    sourceUpdatedAt: p.lastUpdatedAt!,
  };
}

/** The viator source of tours-sync (`sources/index.ts`). */
export const viatorSource = defineSource({
  name: VIATOR_SOURCE,
  load: loadViatorSettings,
  create: (settings, deps: ToursSourceDeps) =>
    new ViatorSource(new ViatorClient(settings), deps, settings),
});
