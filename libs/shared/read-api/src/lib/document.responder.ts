import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SyncStateReadRepository, isDatabaseUnavailable } from '@waypost/shared/db';
import {
  JsonApiDocument,
  JsonApiError,
  addVaryAccept,
  etagFor,
  isNotModified,
  sendJsonApi,
} from '@waypost/shared/jsonapi';
import { READ_API_CONFIG, ReadApiConfig } from './read-api.config';

/** What a read service's handler produces: a document, and whether it is a paginated collection. */
export interface DocumentResult {
  readonly document: JsonApiDocument;
  readonly paginated: boolean;
}

/** ETags remembered per URL for the current sync marker; beyond this many URLs, computed each time. */
const MAX_REMEMBERED_ETAGS = 1_000;

/**
 * Sends documents with caching headers derived from the dataset's last sync: the ETag is known
 * before any query, so a matching If-None-Match is answered 304 without touching the data.
 * PostgreSQL being unreachable is a 503, not a 500.
 */
@Injectable()
export class DocumentResponder {
  private readonly cacheControl: string;
  private readonly etags = new Map<string, string>();
  private etagsMarker?: string;

  constructor(
    private readonly syncState: SyncStateReadRepository,
    @Inject(READ_API_CONFIG) private readonly config: ReadApiConfig,
  ) {
    this.cacheControl = `public, max-age=${config.cacheMaxAgeSeconds}`;
  }

  async with(request: FastifyRequest, reply: FastifyReply, produce: () => Promise<DocumentResult>) {
    try {
      return await this.send(request, reply, produce);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      throw JsonApiError.serviceUnavailable('The database is unavailable; try again shortly.');
    }
  }

  private async send(
    request: FastifyRequest,
    reply: FastifyReply,
    produce: () => Promise<DocumentResult>,
  ) {
    const etag = this.etagOf(await this.syncState.marker(), request.url);
    if (isNotModified(request.headers['if-none-match'], etag)) {
      addVaryAccept(reply);
      return reply
        .status(304)
        .header('etag', etag)
        .header('cache-control', this.cacheControl)
        .send();
    }
    const { document, paginated } = await produce();
    return sendJsonApi(reply, request, document, {
      paginated,
      etag,
      cacheControl: this.cacheControl,
    });
  }

  /** The ETag of a URL under a marker: a SHA-256 per request otherwise, for the same few URLs. */
  private etagOf(marker: string, url: string): string {
    if (marker !== this.etagsMarker) {
      this.etags.clear();
      this.etagsMarker = marker;
    }
    let etag = this.etags.get(url);
    if (etag === undefined) {
      etag = etagFor(marker, this.config.publicBaseUrl, url);
      if (this.etags.size < MAX_REMEMBERED_ETAGS) this.etags.set(url, etag);
    }
    return etag;
  }
}
