import { sql } from 'kysely';
import { PlacesDatabase } from '@waypost/places/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { PointOfInterestReadRepository } from './point-of-interest.read-repository';

type Hours = Record<string, [string, string][]>;
interface Poi {
  id: string;
  timeZone: string;
  cmsHours?: Hours;
  cmsAddress?: string;
  googleHours?: Hours;
  googleAddress?: string;
  closedForGood?: boolean;
}

const json = (hours: Hours | undefined) => (hours ? JSON.stringify(hours) : null);
const EVERY_DAY = (open: string, close: string): Hours =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [[open, close]]]),
  );

const POIS: Poi[] = [
  {
    // Google's hours past midnight on Friday and Saturday.
    id: 'lisbon-market',
    timeZone: 'Europe/Lisbon',
    googleHours: {
      ...EVERY_DAY('10:00', '24:00'),
      fri: [['10:00', '02:00']],
      sat: [['10:00', '02:00']],
    },
  },
  { id: 'chicago-tower', timeZone: 'America/Chicago', googleHours: EVERY_DAY('09:00', '17:00') },
  {
    // The CMS's hours (closed on Mondays) win over Google's (open every day).
    id: 'berlin-museum',
    timeZone: 'Europe/Berlin',
    cmsHours: { ...EVERY_DAY('10:00', '18:00'), mon: [] },
    cmsAddress: 'Bodestraße 1-3, 10178 Berlin',
    googleHours: EVERY_DAY('09:00', '19:00'),
    googleAddress: 'Bodestraße 1-3, 10178 Berlin, Germany',
  },
  {
    id: 'lisbon-tower-closed',
    timeZone: 'Europe/Lisbon',
    googleHours: EVERY_DAY('00:00', '24:00'),
    googleAddress: 'Av. Brasília, Lisboa',
    closedForGood: true,
  },
  { id: 'paris-no-hours', timeZone: 'Europe/Paris' },
];

describe('points of interest open at a moment, in their own time zone', () => {
  let database: TestDatabase<PlacesDatabase>;
  let repository: PointOfInterestReadRepository;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
    for (const p of POIS) {
      await sql`
        insert into places.points_of_interest (id, source, source_id, name, category, location,
          content_hash, source_updated_at, time_zone, address, opening_hours, google_place_id,
          google_address, google_opening_hours, permanently_closed, google_fetched_at)
        values (${p.id}, 'test', ${p.id}, ${p.id}, 'test', ST_SetSRID(ST_MakePoint(0, 0), 4326),
          'h', now(), ${p.timeZone}, ${p.cmsAddress ?? null}, ${json(p.cmsHours)}::jsonb,
          ${'ChIJ' + p.id}, ${p.googleAddress ?? null}, ${json(p.googleHours)}::jsonb,
          ${p.closedForGood ?? false}, now())`.execute(database.db);
    }
    repository = new PointOfInterestReadRepository(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const openAt = async (iso: string) => {
    const filter = { openAt: new Date(iso) };
    const page = await repository.list(filter, {
      sort: [{ field: 'name', direction: 'asc' }],
      size: 50,
    });
    expect(await repository.count(filter, 1000)).toBe(page.rows.length);
    return page.rows.map((r) => r.id).sort();
  };

  it('counts the previous evening’s hours past midnight', async () => {
    // Saturday 01:30 in Lisbon (UTC+0 in December): Friday's 10:00-02:00; Chicago is at Friday
    // 19:30 and Berlin at Saturday 02:30, both closed.
    expect(await openAt('2026-12-05T01:30:00Z')).toEqual(['lisbon-market']);
    // Monday 01:30: Sunday closes at midnight.
    expect(await openAt('2026-12-07T01:30:00Z')).toEqual([]);
    // Sunday 01:59 is still Saturday's night; 02:00 is closed.
    expect(await openAt('2026-12-06T01:59:00Z')).toEqual(['lisbon-market']);
    expect(await openAt('2026-12-06T02:00:00Z')).toEqual([]);
  });

  it('reads each place in its own time zone, whatever offset the moment is written with', async () => {
    // Friday 22:30 UTC: 16:30 in Chicago (open), 23:30 in Berlin (closed), 22:30 in Lisbon.
    expect(await openAt('2026-12-04T22:30:00Z')).toEqual(['chicago-tower', 'lisbon-market']);
    // Friday 15:30 UTC, written in Berlin's offset: everyone's open.
    expect(await openAt('2026-12-04T16:30:00+01:00')).toEqual([
      'berlin-museum',
      'chicago-tower',
      'lisbon-market',
    ]);
    // 14:30 UTC: 08:30 in Chicago, before it opens.
    expect(await openAt('2026-12-04T14:30:00Z')).toEqual(['berlin-museum', 'lisbon-market']);
  });

  it("takes the CMS's hours over Google's and never matches a place closed for good", async () => {
    // Monday 12:00 in Berlin: the CMS says closed, Google open.
    expect(await openAt('2026-12-07T11:00:00Z')).not.toContain('berlin-museum');
    // Tuesday 09:30 in Berlin: Google's 09:00 opening is not the CMS's 10:00.
    expect(await openAt('2026-12-08T08:30:00Z')).not.toContain('berlin-museum');
    expect(await openAt('2026-12-08T09:30:00Z')).toContain('berlin-museum');
  });

  it('serves the CMS value where it has one, else Google’s, saying which', async () => {
    const museum = await repository.findById('berlin-museum');
    expect(museum).toMatchObject({
      address: 'Bodestraße 1-3, 10178 Berlin',
      addressSource: 'cms',
      openingHoursSource: 'cms',
      timeZone: 'Europe/Berlin',
    });
    expect(await repository.findById('lisbon-tower-closed')).toMatchObject({
      address: 'Av. Brasília, Lisboa',
      addressSource: 'google-places',
      openingHoursSource: 'google-places',
      permanentlyClosed: true,
    });
    expect(await repository.findById('paris-no-hours')).toMatchObject({
      address: null,
      addressSource: null,
      openingHours: null,
      openingHoursSource: null,
    });
  });
});
