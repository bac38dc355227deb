import { IncomingMessage, ServerResponse } from 'node:http';
import {
  ListeningStandIn,
  RequestBudget,
  listenStandIn,
  sendJson,
} from '@waypost/dev-sources/http';
import { applyFieldMask, parseFieldMask } from './google-places.field-mask';
import { GooglePlace, GooglePlaceLookup } from './google-places.types';

export interface GooglePlacesOptions {
  /** Places served by id (tests); checked before `lookup`. */
  readonly places?: readonly GooglePlace[];
  /** Where other ids are looked up (e.g. the stand-in CMS); none: only `places` exist. */
  readonly lookup?: GooglePlaceLookup;
  /** API keys accepted in `X-Goog-Api-Key`. */
  readonly apiKeys: readonly string[];
  /** Place Details requests per minute and per day, per key (Infinity for none). */
  readonly perMinute?: number;
  readonly perDay?: number;
  /** The quotas' clock, in milliseconds. */
  readonly now?: () => number;
}

/** What the stand-in answered, for tests (Google bills every Place Details request it answers). */
export interface GooglePlacesStats {
  /** Every request received, refused ones included. */
  readonly requests: number;
  /** Requests answered 200. */
  readonly ok: number;
  readonly notFound: number;
  /** Requests refused with 429 RESOURCE_EXHAUSTED. */
  readonly exhausted: number;
  /** Refused for a missing or bad key or field mask. */
  readonly invalid: number;
  /** Place ids asked for, in order (answered or not). */
  readonly ids: readonly string[];
}

interface GoogleErrorDetail {
  readonly reason: string;
  readonly metadata?: Record<string, string>;
}

const ROUTE = /^\/v1\/places\/([^/?]+)$/;
const SERVICE = 'places.googleapis.com';

function sendGoogleError(
  res: ServerResponse,
  code: number,
  status: string,
  message: string,
  detail?: GoogleErrorDetail,
): void {
  const details = detail
    ? [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: detail.reason,
          domain: 'googleapis.com',
          metadata: { service: SERVICE, ...detail.metadata },
        },
      ]
    : undefined;
  sendJson(res, code, { error: { code, message, status, ...(details && { details }) } });
}

/**
 * The Places API (New) Place Details endpoint as a request listener: `GET /v1/places/{id}` with
 * `X-Goog-Api-Key` and a required `X-Goog-FieldMask` (or `?fields=`), Google's error envelope,
 * and per-key quotas per minute and per day answered with 429 `RESOURCE_EXHAUSTED`.
 */
export class GooglePlacesHandler {
  private readonly places = new Map<string, GooglePlace | null>();
  private readonly perMinute: RequestBudget;
  private readonly perDay: RequestBudget;
  private counts = { requests: 0, ok: 0, notFound: 0, exhausted: 0, invalid: 0 };
  private readonly askedIds: string[] = [];

  constructor(private readonly options: GooglePlacesOptions) {
    for (const place of options.places ?? []) this.places.set(place.id, place);
    const now = options.now ?? Date.now;
    this.perMinute = new RequestBudget(options.perMinute ?? Infinity, 60_000, now);
    this.perDay = new RequestBudget(options.perDay ?? Infinity, 86_400_000, now);
  }

  /** Adds or replaces a place (e.g. new hours, or `CLOSED_PERMANENTLY`). */
  setPlace(place: GooglePlace): void {
    this.places.set(place.id, place);
  }

  /** Makes an id unknown: NOT_FOUND from now on, even where the lookup knows it. */
  removePlace(id: string): void {
    this.places.set(id, null);
  }

  /** Changes the quotas while running (e.g. a small daily budget in a test). */
  setQuotas(quotas: { perMinute?: number; perDay?: number }): void {
    if (quotas.perMinute !== undefined) this.perMinute.limit = quotas.perMinute;
    if (quotas.perDay !== undefined) this.perDay.limit = quotas.perDay;
  }

  stats(): GooglePlacesStats {
    return { ...this.counts, ids: [...this.askedIds] };
  }

  async place(id: string): Promise<GooglePlace | undefined> {
    if (this.places.has(id)) return this.places.get(id) ?? undefined;
    return this.options.lookup?.(id);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.answer(req, res).catch((error: unknown) =>
      sendGoogleError(res, 500, 'INTERNAL', `Internal error encountered: ${String(error)}`),
    );
  };

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counts.requests++;
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = ROUTE.exec(url.pathname);
    if (req.method !== 'GET' || !match) {
      this.counts.invalid++;
      return sendGoogleError(res, 404, 'NOT_FOUND', `Method not found.`);
    }
    const id = decodeURIComponent(match[1]!);
    this.askedIds.push(id);
    const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? undefined;
    if (typeof key !== 'string' || key === '') {
      this.counts.invalid++;
      return sendGoogleError(
        res,
        403,
        'PERMISSION_DENIED',
        'The request is missing a valid API key.',
        { reason: 'API_KEY_INVALID' },
      );
    }
    if (!this.options.apiKeys.includes(key)) {
      this.counts.invalid++;
      return sendGoogleError(
        res,
        400,
        'INVALID_ARGUMENT',
        'API key not valid. Please pass a valid API key.',
        { reason: 'API_KEY_INVALID' },
      );
    }
    const header = req.headers['x-goog-fieldmask'];
    const parsed = parseFieldMask(
      (Array.isArray(header) ? header.join(',') : header) ??
        url.searchParams.get('fields') ??
        undefined,
    );
    if ('missing' in parsed) {
      this.counts.invalid++;
      return sendGoogleError(
        res,
        400,
        'INVALID_ARGUMENT',
        'FieldMask is a required parameter. See https://developers.google.com/maps/documentation/places/web-service/choose-fields for more details.',
      );
    }
    if ('invalidPath' in parsed) {
      this.counts.invalid++;
      return sendGoogleError(
        res,
        400,
        'INVALID_ARGUMENT',
        `Error expanding 'fields' parameter. Cannot find matching fields for path '${parsed.invalidPath}'.`,
      );
    }
    for (const [budget, limitName] of [
      [this.perMinute, 'Place Details requests per minute'],
      [this.perDay, 'Place Details requests per day'],
    ] as const) {
      if (!budget.take(key).allowed) {
        this.counts.exhausted++;
        return sendGoogleError(
          res,
          429,
          'RESOURCE_EXHAUSTED',
          `Quota exceeded for quota metric 'Place Details requests' and limit '${limitName}' of service '${SERVICE}' for consumer 'project_number:000000000000'.`,
          {
            reason: 'RATE_LIMIT_EXCEEDED',
            metadata: { quota_metric: `${SERVICE}/place_details_requests`, quota_limit: limitName },
          },
        );
      }
    }
    const place = await this.place(id);
    if (!place) {
      this.counts.notFound++;
      return sendGoogleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
    }
    this.counts.ok++;
    sendJson(res, 200, applyFieldMask(place, parsed.mask));
  }
}

export interface GooglePlacesStandIn extends ListeningStandIn {
  readonly places: GooglePlacesHandler;
}

/** Starts the Places API stand-in on its own port (tests; `dev-sources serve` mounts the handler). */
export async function startGooglePlacesStandIn(
  options: GooglePlacesOptions & { readonly port?: number; readonly host?: string },
): Promise<GooglePlacesStandIn> {
  const places = new GooglePlacesHandler(options);
  const server = await listenStandIn(places.handle, options);
  return { ...server, places };
}
