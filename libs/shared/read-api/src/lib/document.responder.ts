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

/**
 * Sends documents with caching headers derived from the dataset's last sync: the ETag is known
 * before any query, so a matching If-None-Match is answered 304 without touching the data.
 * PostgreSQL being unreachable is a 503, not a 500.
 */
@Injectable()
export class DocumentResponder {
  private readonly cacheControl: string;

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
    const etag = etagFor(await this.syncState.marker(), this.config.publicBaseUrl, request.url);
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
}
