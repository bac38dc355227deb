import { Agent, Dispatcher, request } from 'undici';
import { GooglePeriodWire } from './google-places.hours';

/** The Place Details fields the enrichment asks for (Google bills by the fields asked). */
export const GOOGLE_FIELD_MASK = [
  'displayName',
  'formattedAddress',
  'location',
  'regularOpeningHours',
  'websiteUri',
  'rating',
  'businessStatus',
].join(',');

/** A Place Details answer, as far as the enrichment reads it. */
export interface GooglePlaceWire {
  readonly displayName?: { readonly text?: string };
  readonly formattedAddress?: string;
  readonly location?: { readonly latitude?: number; readonly longitude?: number };
  readonly regularOpeningHours?: { readonly periods?: readonly GooglePeriodWire[] };
  readonly websiteUri?: string;
  readonly rating?: number;
  readonly businessStatus?: string;
}

export type PlaceDetails =
  | { readonly kind: 'found'; readonly place: GooglePlaceWire }
  | { readonly kind: 'not-found' }
  /** 429 RESOURCE_EXHAUSTED: Google's quota is spent; ask again in a later run. */
  | { readonly kind: 'exhausted'; readonly message: string };

export interface GooglePlacesClientSettings {
  readonly url: string;
  readonly apiKey: string;
  readonly requestsPerSecond: number;
  readonly timeoutMs: number;
}

/**
 * Place Details of the Places API (New): `GET {url}/v1/places/{id}` with `X-Goog-Api-Key` and the
 * field mask. Requests start at most `requestsPerSecond` a second; NOT_FOUND and 429 are answers,
 * any other failure throws (the run fails and is retried).
 */
export class GooglePlacesClient {
  private readonly dispatcher: Dispatcher;
  private readonly base: string;
  private readonly spacingMs: number;
  private nextStart = 0;

  constructor(private readonly settings: GooglePlacesClientSettings) {
    this.base = settings.url.replace(/\/+$/, '');
    this.spacingMs = 1000 / settings.requestsPerSecond;
    this.dispatcher = new Agent({
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
  }

  async details(placeId: string): Promise<PlaceDetails> {
    await this.slot();
    const path = `/v1/places/${encodeURIComponent(placeId)}`;
    const response = await request(`${this.base}${path}`, {
      dispatcher: this.dispatcher,
      headers: {
        accept: 'application/json',
        'x-goog-api-key': this.settings.apiKey,
        'x-goog-fieldmask': GOOGLE_FIELD_MASK,
      },
    });
    if (response.statusCode === 200) {
      return { kind: 'found', place: (await response.body.json()) as GooglePlaceWire };
    }
    const body = (await response.body.json().catch(() => null)) as {
      error?: { status?: string; message?: string };
    } | null;
    const status = body?.error?.status;
    if (response.statusCode === 404 && status === 'NOT_FOUND') return { kind: 'not-found' };
    if (response.statusCode === 429) {
      return { kind: 'exhausted', message: body?.error?.message ?? 'RESOURCE_EXHAUSTED' };
    }
    throw new Error(
      `google-places: GET ${path} answered ${response.statusCode} ${status ?? ''} ${body?.error?.message ?? ''}`.trim(),
    );
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Waits for this request's start slot: starts are spaced evenly, under the configured rate. */
  private async slot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextStart);
    this.nextStart = at + this.spacingMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
