import {
  GOOGLE_FIXTURE_API_KEY,
  GOOGLE_PLACES_FIXTURE,
  googlePlacesFixture,
} from './google-places.fixture';
import { GooglePlacesStandIn, startGooglePlacesStandIn } from './google-places.stand-in';
import { GooglePlace } from './google-places.types';

const G = GOOGLE_PLACES_FIXTURE;

/** A response body as the tests read it: JSON, loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies read field by field
type Body = Record<string, any>;
const DETAILS_MASK =
  'displayName.text,formattedAddress,location,regularOpeningHours,websiteUri,rating,businessStatus';

describe('Google Places stand-in', () => {
  let standIn: GooglePlacesStandIn;
  let now: number;

  beforeEach(async () => {
    now = Date.UTC(2026, 11, 4, 10, 0, 30);
    standIn = await startGooglePlacesStandIn({
      places: googlePlacesFixture(),
      apiKeys: [GOOGLE_FIXTURE_API_KEY, 'second-key'],
      now: () => now,
    });
  });

  afterEach(() => standIn.close());

  const details = async (
    id: string,
    headers: Record<string, string> = {
      'X-Goog-Api-Key': GOOGLE_FIXTURE_API_KEY,
      'X-Goog-FieldMask': DETAILS_MASK,
    },
    query = '',
  ) => {
    const res = await fetch(`${standIn.url}/v1/places/${id}${query}`, { headers });
    return { status: res.status, body: (await res.json()) as Body };
  };

  it('answers only the fields of the mask', async () => {
    const { status, body } = await details(G.pergamonMuseum.id);
    expect(status).toBe(200);
    expect(body).toEqual({
      displayName: { text: 'Pergamonmuseum' },
      formattedAddress: 'Bodestraße 1-3, 10178 Berlin, Germany',
      location: { latitude: 52.5211, longitude: 13.3969 },
      regularOpeningHours: expect.objectContaining({ periods: expect.any(Array) }),
      websiteUri: 'https://www.smb.museum/en/museums-institutions/pergamonmuseum/home/',
      rating: 4.6,
      businessStatus: 'OPERATIONAL',
    });
    expect(body['regularOpeningHours'].weekdayDescriptions).toEqual([
      'Monday: Closed',
      'Tuesday: 10:00\u202fAM\u2009–\u20096:00\u202fPM',
      'Wednesday: 10:00\u202fAM\u2009–\u20096:00\u202fPM',
      'Thursday: 10:00\u202fAM\u2009–\u20098:00\u202fPM',
      'Friday: 10:00\u202fAM\u2009–\u20096:00\u202fPM',
      'Saturday: 10:00\u202fAM\u2009–\u20096:00\u202fPM',
      'Sunday: 10:00\u202fAM\u2009–\u20096:00\u202fPM',
    ]);

    const narrow = await details(G.pergamonMuseum.id, {
      'X-Goog-Api-Key': GOOGLE_FIXTURE_API_KEY,
      'X-Goog-FieldMask': 'rating,location.latitude',
    });
    expect(narrow.body).toEqual({ rating: 4.6, location: { latitude: 52.5211 } });

    const all = await details(G.pergamonMuseum.id, {
      'X-Goog-Api-Key': GOOGLE_FIXTURE_API_KEY,
      'X-Goog-FieldMask': '*',
    });
    expect(all.body).toMatchObject({
      name: `places/${G.pergamonMuseum.id}`,
      id: G.pergamonMuseum.id,
      displayName: { text: 'Pergamonmuseum', languageCode: 'de' },
      types: ['museum', 'tourist_attraction'],
      userRatingCount: 41_027,
    });

    // The mask may come as ?fields= instead of the header.
    const byQuery = await details(
      G.pergamonMuseum.id,
      { 'X-Goog-Api-Key': GOOGLE_FIXTURE_API_KEY },
      '?fields=websiteUri',
    );
    expect(byQuery.body).toEqual({ websiteUri: expect.stringContaining('smb.museum') });
  });

  it('refuses a missing or unknown field mask with Google error shape', async () => {
    const missing = await details(G.pergamonMuseum.id, {
      'X-Goog-Api-Key': GOOGLE_FIXTURE_API_KEY,
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: {
        code: 400,
        message: expect.stringMatching(/^FieldMask is a required parameter/),
        status: 'INVALID_ARGUMENT',
      },
    });
    const bad = await details(G.pergamonMuseum.id, {
      'X-Goog-Api-Key': GOOGLE_FIXTURE_API_KEY,
      'X-Goog-FieldMask': 'rating,openingHours',
    });
    expect(bad.status).toBe(400);
    expect(bad.body['error'].message).toBe(
      "Error expanding 'fields' parameter. Cannot find matching fields for path 'openingHours'.",
    );
  });

  it('refuses a missing or unknown API key', async () => {
    const missing = await details(G.pergamonMuseum.id, { 'X-Goog-FieldMask': 'rating' });
    expect(missing.status).toBe(403);
    expect(missing.body['error']).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    const wrong = await details(G.pergamonMuseum.id, {
      'X-Goog-Api-Key': 'nope',
      'X-Goog-FieldMask': 'rating',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body['error']).toMatchObject({
      status: 'INVALID_ARGUMENT',
      details: [expect.objectContaining({ reason: 'API_KEY_INVALID', domain: 'googleapis.com' })],
    });
  });

  it('answers NOT_FOUND for an id it does not know, in the error envelope', async () => {
    const { status, body } = await details(G.miniaturWunderland.id);
    expect(status).toBe(404);
    expect(body).toEqual({
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
    standIn.places.removePlace(G.pergamonMuseum.id);
    expect((await details(G.pergamonMuseum.id)).status).toBe(404);
  });

  it('serves permanently closed places without hours, 24-hour and overnight hours', async () => {
    const closed = await details(G.belemTower.id);
    expect(closed.body['businessStatus']).toBe('CLOSED_PERMANENTLY');
    expect(closed.body['regularOpeningHours']).toBeUndefined();

    const gate = (await details(G.brandenburgGate.id)).body['regularOpeningHours'];
    expect(gate.periods).toEqual([{ open: { day: 0, hour: 0, minute: 0 } }]);
    expect(gate.weekdayDescriptions[0]).toBe('Monday: Open 24 hours');

    const market = (await details(G.unplacedNearLisbon.id)).body['regularOpeningHours'];
    // Friday and Saturday close at 02:00 the next day; Saturday's on Sunday (day 0).
    expect(market.periods).toContainEqual({
      open: { day: 5, hour: 10, minute: 0 },
      close: { day: 6, hour: 2, minute: 0 },
    });
    expect(market.periods).toContainEqual({
      open: { day: 6, hour: 10, minute: 0 },
      close: { day: 0, hour: 2, minute: 0 },
    });
    // Midnight closes on the next day at 0:00, as Google writes it.
    expect(market.periods).toContainEqual({
      open: { day: 0, hour: 10, minute: 0 },
      close: { day: 1, hour: 0, minute: 0 },
    });
    expect(market.weekdayDescriptions[4]).toBe('Friday: 10:00\u202fAM\u2009–\u20092:00\u202fAM');
  });

  it('answers 429 RESOURCE_EXHAUSTED past the per-minute quota, per key, until the minute turns', async () => {
    standIn.places.setQuotas({ perMinute: 2 });
    expect((await details(G.pergamonMuseum.id)).status).toBe(200);
    expect((await details(G.brandenburgGate.id)).status).toBe(200);
    const refused = await details(G.belemTower.id);
    expect(refused.status).toBe(429);
    expect(refused.body['error']).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: expect.stringContaining("'Place Details requests per minute'"),
      details: [expect.objectContaining({ reason: 'RATE_LIMIT_EXCEEDED' })],
    });
    const other = await details(G.belemTower.id, {
      'X-Goog-Api-Key': 'second-key',
      'X-Goog-FieldMask': 'rating',
    });
    expect(other.status).toBe(200);
    now += 60_000;
    expect((await details(G.belemTower.id)).status).toBe(200);
  });

  it('answers 429 past the daily quota until the next day, and counts every request', async () => {
    standIn.places.setQuotas({ perDay: 3 });
    for (const id of [G.pergamonMuseum.id, G.miniaturWunderland.id, G.belemTower.id]) {
      await details(id);
    }
    now += 5 * 60_000;
    const refused = await details(G.brandenburgGate.id);
    expect(refused.status).toBe(429);
    expect(refused.body['error'].message).toContain("'Place Details requests per day'");
    now = Date.UTC(2026, 11, 5, 0, 0, 1);
    expect((await details(G.brandenburgGate.id)).status).toBe(200);

    expect(standIn.places.stats()).toEqual({
      requests: 5,
      ok: 3,
      notFound: 1,
      exhausted: 1,
      invalid: 0,
      ids: [
        G.pergamonMuseum.id,
        G.miniaturWunderland.id,
        G.belemTower.id,
        G.brandenburgGate.id,
        G.brandenburgGate.id,
      ],
    });
  });

  it('looks up ids it was not given, and serves changed places at once', async () => {
    const extra: GooglePlace = {
      ...googlePlacesFixture()[0]!,
      id: 'ChIJlookedUp000000000000000',
      displayName: { text: 'Looked up', languageCode: 'en' },
    };
    await standIn.close();
    standIn = await startGooglePlacesStandIn({
      places: googlePlacesFixture(),
      lookup: async (id) => (id === extra.id ? extra : undefined),
      apiKeys: [GOOGLE_FIXTURE_API_KEY],
    });
    expect((await details(extra.id)).body['displayName']).toEqual({ text: 'Looked up' });
    expect((await details('ChIJunknown')).status).toBe(404);

    standIn.places.setPlace({ ...googlePlacesFixture()[1]!, businessStatus: 'CLOSED_PERMANENTLY' });
    expect((await details(G.pergamonMuseum.id)).body['businessStatus']).toBe('CLOSED_PERMANENTLY');
  });
});
