import {
  CMS_FIXTURE_POINTS_OF_INTEREST,
  CmsDatabase,
  fixtureGooglePlaceId,
  seedCmsFixture,
} from '@waypost/dev-sources/cms';
import {
  ListeningStandIn,
  listenStandIn,
  routeByPrefix,
  sendJson,
} from '@waypost/dev-sources/http';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { googlePlaceIdFor } from './google-place-id.util';
import { CmsPoiForGoogle, googlePlaceFromCms } from './google-places.generator';
import {
  DEFAULT_GOOGLE_API_KEY,
  GOOGLE_PLACES_PREFIX,
  mountGooglePlaces,
} from './google-places.mount';

const poi = (n: number, category: string): CmsPoiForGoogle => ({
  googlePlaceId: googlePlaceIdFor(1, n) ?? `ChIJtest${String(n).padStart(19, '0')}`,
  name: `Place ${n}`,
  category,
  latitude: 52.5,
  longitude: 13.4,
  address: `${n} Linden Street, Berlin`,
  placeName: 'Berlin',
  countryName: 'Germany',
});

describe('Google place generator', () => {
  it('derives the same place from the same row', () => {
    expect(googlePlaceFromCms(poi(1, 'bar'))).toEqual(googlePlaceFromCms(poi(1, 'bar')));
    expect(googlePlaceFromCms(poi(1, 'bar')).formattedAddress).toBe(
      '1 Linden Street, Berlin, Germany',
    );
  });

  it('gives bars hours past midnight, hotels the whole day, and closes a share for good', () => {
    const places = Array.from({ length: 2000 }, (_, i) =>
      googlePlaceFromCms(poi(i, i % 2 === 0 ? 'bar' : 'hotel')),
    );
    const bar = places.find((p, i) => i % 2 === 0 && p.regularOpeningHours)!;
    expect(bar.regularOpeningHours!.periods).toContainEqual({
      open: { day: 5, hour: 18, minute: 0 },
      close: { day: 6, hour: expect.any(Number), minute: 0 },
    });
    const hotel = places.find((p, i) => i % 2 === 1 && p.regularOpeningHours)!;
    expect(hotel.regularOpeningHours!.periods).toEqual([{ open: { day: 0, hour: 0, minute: 0 } }]);
    const closed = places.filter((p) => p.businessStatus === 'CLOSED_PERMANENTLY');
    expect(closed.length / places.length).toBeGreaterThan(0.02);
    expect(closed.length / places.length).toBeLessThan(0.1);
    expect(closed.every((p) => p.regularOpeningHours === undefined)).toBe(true);
    expect(places.some((p) => p.businessStatus === 'CLOSED_TEMPORARILY')).toBe(true);
  });
});

describe('Google Places mount over the CMS', () => {
  let test: TestDatabase<CmsDatabase>;
  let server: ListeningStandIn;
  let mount: ReturnType<typeof mountGooglePlaces>;

  beforeAll(async () => {
    test = await createTestDatabase<CmsDatabase>({ empty: true });
    await seedCmsFixture(test.url);
    mount = mountGooglePlaces({
      cmsDatabaseUrl: test.url,
      perMinute: 5,
      now: () => Date.UTC(2026, 11, 4, 12, 0, 30),
    });
    server = await listenStandIn(
      routeByPrefix({ [GOOGLE_PLACES_PREFIX]: mount.handler }, (_req, res) =>
        sendJson(res, 404, {}),
      ),
    );
  });

  afterAll(async () => {
    await server.close();
    await mount.close();
    await test.drop();
  });

  const details = async (id: string) => {
    const res = await fetch(`${server.url}${GOOGLE_PLACES_PREFIX}/v1/places/${id}`, {
      headers: {
        'X-Goog-Api-Key': DEFAULT_GOOGLE_API_KEY,
        'X-Goog-FieldMask': 'displayName.text,formattedAddress,location,businessStatus',
      },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("knows the CMS's Google ids and nothing else, within its quota", async () => {
    const gate = await details(fixtureGooglePlaceId(1));
    expect(gate.status).toBe(200);
    expect(gate.body).toMatchObject({
      displayName: { text: CMS_FIXTURE_POINTS_OF_INTEREST.brandenburgGate.name },
      formattedAddress: 'Pariser Platz, 10117 Berlin, Germany',
    });
    expect(Object.keys(gate.body).sort()).toEqual([
      'businessStatus',
      'displayName',
      'formattedAddress',
      'location',
    ]);
    expect((await details(fixtureGooglePlaceId(8))).status).toBe(200);
    expect((await details('ChIJnotInTheCms000000000000')).status).toBe(404);
    expect(mount.describe('http://x/google-places')[0]).toContain(
      'http://x/google-places/v1/places/',
    );

    await details(fixtureGooglePlaceId(2));
    await details(fixtureGooglePlaceId(3));
    const refused = await details(fixtureGooglePlaceId(4));
    expect(refused.status).toBe(429);
    expect(mount.places.stats()).toMatchObject({ requests: 6, ok: 4, notFound: 1, exhausted: 1 });
  });
});
