import { createHash } from 'node:crypto';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What a stub upstream saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

export interface StubUpstream {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

const MEDIA_TYPE = 'application/vnd.api+json';

type Place = { id: string; name: string; level: string; parent: string | null };
export const STUB_PLACES: readonly Place[] = [
  { id: 'world', name: 'World', level: 'world', parent: null },
  { id: 'continent-eu', name: 'Europe', level: 'continent', parent: 'world' },
  { id: 'country-de', name: 'Germany', level: 'country', parent: 'continent-eu' },
  { id: 'city-2950159', name: 'Berlin', level: 'city', parent: 'country-de' },
];
export const STUB_POINTS_OF_INTEREST = [
  { id: 'poi-1', name: 'Brandenburger Tor', category: 'landmark', place: 'city-2950159' },
  { id: 'poi-2', name: 'Museumsinsel', category: 'museum', place: 'city-2950159' },
  { id: 'poi-3', name: 'Tiergarten', category: 'park', place: 'city-2950159' },
] as const;

function ancestorsOf(id: string): Place[] {
  const chain: Place[] = [];
  let place = STUB_PLACES.find((p) => p.id === id);
  while (place?.parent) {
    place = STUB_PLACES.find((p) => p.id === place!.parent);
    if (place) chain.unshift(place);
  }
  return chain;
}

function placeResource(base: string, place: Place) {
  const ancestors = ancestorsOf(place.id);
  return {
    type: 'places',
    id: place.id,
    attributes: {
      name: place.name,
      level: place.level,
      countryCode: place.id === 'world' || place.level === 'continent' ? null : 'DE',
      population: null,
      centroid: { type: 'Point', coordinates: [13.405, 52.52] },
    },
    relationships: {
      parent: place.parent
        ? {
            data: { type: 'places', id: place.parent },
            links: { related: `${base}/places/${place.parent}` },
          }
        : { data: null },
      ancestors: {
        data: ancestors.map((a) => ({ type: 'places', id: a.id })),
        links: { related: `${base}/places/${place.id}/ancestors` },
      },
      children: { links: { related: `${base}/places/${place.id}/children` } },
      pointsOfInterest: {
        links: { related: `${base}/pointsOfInterest?filter[place]=${place.id}` },
      },
    },
    links: { self: `${base}/places/${place.id}` },
  };
}

function poiResource(base: string, poi: (typeof STUB_POINTS_OF_INTEREST)[number]) {
  return {
    type: 'pointsOfInterest',
    id: poi.id,
    attributes: {
      name: poi.name,
      category: poi.category,
      description: null,
      address: null,
      openingHours: null,
      location: { type: 'Point', coordinates: [13.377, 52.516] },
    },
    relationships: {
      place: {
        data: { type: 'places', id: poi.place },
        links: { related: `${base}/places/${poi.place}` },
      },
      places: {
        data: [...ancestorsOf(poi.place), { id: poi.place }].map((p) => ({
          type: 'places',
          id: p.id,
        })),
      },
    },
    links: { self: `${base}/pointsOfInterest/${poi.id}` },
  };
}

function notFound(detail: string) {
  return {
    jsonapi: { version: '1.1' },
    errors: [
      {
        status: '404',
        code: 'not-found',
        title: 'Not found',
        detail,
        links: { type: 'https://www.rfc-editor.org/rfc/rfc9110#status.404' },
      },
    ],
  };
}

// Answers like places-api: JSON:API media type, weak ETag, Cache-Control, Vary, 304 on a match.
function send(request: FastifyRequest, reply: FastifyReply, status: number, document: object) {
  const body = JSON.stringify(document);
  reply.status(status).header('content-type', MEDIA_TYPE).header('vary', 'Accept');
  if (status === 200) {
    const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'public, max-age=60');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  }
  // A Buffer, so that Fastify adds no charset parameter (JSON:API forbids it).
  return reply.send(Buffer.from(body));
}

/**
 * A small places-api stand-in on a free port, answering the places contract (places with
 * `include=ancestors`, children, points of interest filtered by place); `name` appears as
 * `meta.servedBy` so that tests can tell upstreams apart.
 */
export async function startStubUpstream(name: string, port = 0): Promise<StubUpstream> {
  const app = Fastify();
  const seen: SeenRequest[] = [];
  let base = '';
  app.addHook('onRequest', async (request) => {
    seen.push({ method: request.method, url: request.url, headers: { ...request.headers } });
  });
  const meta = { servedBy: name };

  app.get('/places', (request, reply) =>
    send(request, reply, 200, {
      jsonapi: { version: '1.1' },
      data: STUB_PLACES.map((p) => placeResource(base, p)),
      links: {
        self: `${base}${request.url}`,
        first: `${base}${request.url}`,
        next: null,
        prev: null,
      },
      meta: { ...meta, page: { total: STUB_PLACES.length } },
    }),
  );
  app.get<{ Params: { id: string } }>('/places/:id', (request, reply) => {
    const place = STUB_PLACES.find((p) => p.id === request.params.id);
    if (!place) return send(request, reply, 404, notFound(`No place '${request.params.id}'.`));
    const included = request.url.includes('include=ancestors')
      ? ancestorsOf(place.id).map((p) => placeResource(base, p))
      : undefined;
    return send(request, reply, 200, {
      jsonapi: { version: '1.1' },
      data: placeResource(base, place),
      ...(included ? { included } : {}),
      links: { self: `${base}${request.url}` },
      meta,
    });
  });
  app.get<{ Params: { id: string } }>('/places/:id/children', (request, reply) => {
    if (!STUB_PLACES.some((p) => p.id === request.params.id))
      return send(request, reply, 404, notFound(`No place '${request.params.id}'.`));
    const children = STUB_PLACES.filter((p) => p.parent === request.params.id);
    return send(request, reply, 200, {
      jsonapi: { version: '1.1' },
      data: children.map((p) => placeResource(base, p)),
      links: {
        self: `${base}${request.url}`,
        first: `${base}${request.url}`,
        next: null,
        prev: null,
      },
      meta: { ...meta, page: { total: children.length } },
    });
  });
  app.get('/pointsOfInterest', (request, reply) => {
    const place = new URL(request.url, 'http://stub').searchParams.get('filter[place]');
    const pois = STUB_POINTS_OF_INTEREST.filter(
      (poi) => !place || poi.place === place || ancestorsOf(poi.place).some((a) => a.id === place),
    );
    return send(request, reply, 200, {
      jsonapi: { version: '1.1' },
      data: pois.map((poi) => poiResource(base, poi)),
      links: {
        self: `${base}${request.url}`,
        first: `${base}${request.url}`,
        next: null,
        prev: null,
      },
      meta: { ...meta, page: { total: pois.length } },
    });
  });

  // Any other dataset: an empty collection; `?padding=<n>` adds n bytes to meta (large documents).
  app.get('/*', (request, reply) => {
    const padding = Number(new URL(request.url, 'http://stub').searchParams.get('padding') ?? 0);
    return send(request, reply, 200, {
      jsonapi: { version: '1.1' },
      data: [],
      links: {
        self: `${base}${request.url}`,
        first: `${base}${request.url}`,
        next: null,
        prev: null,
      },
      meta: {
        ...meta,
        page: { total: 0 },
        ...(padding > 0 ? { padding: 'x'.repeat(padding) } : {}),
      },
    });
  });

  const url = await app.listen({ port, host: '127.0.0.1' });
  base = url;
  return { url, seen, close: () => app.close() };
}

/** An upstream that accepts connections and requests but never answers. */
export async function startHangingUpstream(): Promise<StubUpstream> {
  const app: FastifyInstance = Fastify({ forceCloseConnections: true });
  const seen: SeenRequest[] = [];
  app.all('/*', (request) => {
    seen.push({ method: request.method, url: request.url, headers: { ...request.headers } });
    return new Promise(() => undefined);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, seen, close: () => app.close() };
}

/** The URL of an upstream that is down: a port that was just free, with nothing listening on it. */
export async function stoppedUpstreamUrl(): Promise<string> {
  const app = Fastify();
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  await app.close();
  return url;
}
