import { PartnerCityRow } from '@waypost/lodgings/data-access/write';
import { checkProperty, dueCities } from './partner.source';

const HOUR = 3_600_000;
const PERIOD = 6 * HOUR;

const city = (cityId: string, lastCompletePullAt: Date | null): PartnerCityRow => ({
  source: 'partner',
  cityId,
  name: cityId,
  country: null,
  countryCode: null,
  latitude: null,
  longitude: null,
  placeId: null,
  placeIds: [],
  matchedBy: 'none',
  mappedAt: new Date(0),
  lastCompletePullAt,
  lastFailedPullAt: null,
  lastError: null,
});

describe('dueCities', () => {
  it('pulls never-pulled cities at once, then each city once a period at its own phase', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(1000 + i));
    const start = Date.UTC(2026, 0, 1);
    expect(
      dueCities(
        ids.map((id) => city(id, null)),
        start,
        PERIOD,
      ),
    ).toHaveLength(1000);
    // All pulled at `start`; then runs every 5 minutes over two periods.
    const last = new Map(ids.map((id) => [id, start]));
    const pullsPerRun: number[] = [];
    for (let t = start + 5 * 60_000; t <= start + 2 * PERIOD; t += 5 * 60_000) {
      const due = dueCities(
        ids.map((id) => city(id, new Date(last.get(id)!))),
        t,
        PERIOD,
      );
      pullsPerRun.push(due.length);
      for (const id of due) last.set(id, t);
    }
    // Every city pulled twice in two periods (once per period), spread: no run takes a big share.
    expect(pullsPerRun.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(Math.max(...pullsPerRun)).toBeLessThan(50);
  });

  it('puts the longest unpulled first', () => {
    const now = Date.UTC(2026, 0, 2);
    const due = dueCities(
      [
        city('a', new Date(now - 3 * PERIOD)),
        city('b', null),
        city('c', new Date(now - 5 * PERIOD)),
      ],
      now,
      PERIOD,
    );
    expect(due).toEqual(['b', 'c', 'a']);
  });
});

describe('checkProperty', () => {
  const valid = {
    id: 1,
    name: ' Harbour Hostel ',
    type: 'HOSTEL',
    address1: '1 Quay',
    address2: null,
    latitude: 53.5,
    longitude: 9.9,
    district: { name: 'St. Pauli' },
    overallRating: { overall: 88, numberOfRatings: 12 },
    lowestPricePerNight: { value: '2300', currency: 'JPY' },
    facilities: ['Free WiFi'],
    images: [{ prefix: 'https://img.example/1', suffix: '.jpg' }],
  };

  it('maps the wire fields, keeping the price as the partner wrote it', () => {
    expect(checkProperty(valid)).toEqual({
      name: 'Harbour Hostel',
      type: 'hostel',
      address: '1 Quay',
      district: 'St. Pauli',
      latitude: 53.5,
      longitude: 9.9,
      rating: 88,
      ratingCount: 12,
      price: '2300',
      currency: 'JPY',
      facilities: ['Free WiFi'],
      images: ['https://img.example/1.jpg'],
    });
  });

  it.each([
    [{ name: null }, 'no name'],
    [{ type: 'CASTLE' }, 'unknown type'],
    [{ lowestPricePerNight: { value: 'n/a', currency: 'EUR' } }, 'not a number'],
    [{ overallRating: { overall: 140, numberOfRatings: 1 } }, 'outside 0-100'],
    [{ latitude: 123 }, 'no valid point'],
  ])('refuses %j: %s', (patch, reason) => {
    expect(checkProperty({ ...valid, ...patch })).toEqual(expect.stringContaining(reason));
  });
});
