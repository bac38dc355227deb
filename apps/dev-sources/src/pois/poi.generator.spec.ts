import { distanceMeters, squareAround, boundaryBox } from '../geography/geo.util';
import { POI_CATEGORIES, POI_RADIUS_M, PoiAnchor, PoiGenerator, poiAnchors } from './poi.generator';

const mitte = squareAround({ lat: 52.52, lng: 13.4 }, 1000);
const ANCHORS: PoiAnchor[] = poiAnchors([
  {
    id: 1,
    parentId: null,
    kind: 'region',
    name: 'Berlin',
    latitude: 52.5,
    longitude: 13.4,
    population: 3,
    boundary: null,
  },
  {
    id: 10,
    parentId: 1,
    kind: 'city',
    name: 'Berlin',
    latitude: 52.52,
    longitude: 13.4,
    population: 3_000_000,
    boundary: null,
  },
  {
    id: 11,
    parentId: 1,
    kind: 'city',
    name: 'Lisbon',
    latitude: 38.72,
    longitude: -9.14,
    population: 1_000_000,
    boundary: null,
  },
  {
    id: 12,
    parentId: 1,
    kind: 'city',
    name: 'Nowhere',
    latitude: null,
    longitude: null,
    population: 9,
    boundary: null,
  },
  {
    id: 20,
    parentId: 10,
    kind: 'neighborhood',
    name: 'Mitte',
    latitude: 52.52,
    longitude: 13.4,
    population: null,
    boundary: mitte,
  },
]);

const generate = (count: number, seed = 7) => {
  const generator = new PoiGenerator(ANCHORS, seed);
  return Array.from({ length: count }, () => generator.next());
};

describe('poiAnchors', () => {
  it('anchors on located cities and knows their neighborhoods', () => {
    expect(ANCHORS.map((a) => [a.placeId, a.name])).toEqual([
      [10, 'Berlin'],
      [11, 'Lisbon'],
    ]);
    expect(ANCHORS[0].neighborhoods).toEqual([{ placeId: 20, box: boundaryBox(mitte) }]);
  });
});

describe('PoiGenerator', () => {
  const sample = generate(20_000);
  const valid = sample.filter(
    (p) => p.name !== null && p.latitude !== null && Math.abs(p.latitude) <= 90,
  );

  it('is deterministic, and the first records do not depend on how many are asked for', () => {
    expect(generate(500)).toEqual(sample.slice(0, 500));
    expect(generate(500, 8)).not.toEqual(sample.slice(0, 500));
    const batches = [...new PoiGenerator(ANCHORS, 7).batches(1234, 500)];
    expect(batches.map((b) => b.length)).toEqual([500, 500, 234]);
    expect(batches.flat()).toEqual(sample.slice(0, 1234));
  });

  it('mixes placed, unplaced and invalid records in the documented shares', () => {
    const share = (n: number) => n / sample.length;
    const invalid = sample.length - valid.length;
    expect(share(valid.filter((p) => p.placeId === null).length)).toBeCloseTo(0.19, 1);
    expect(share(invalid)).toBeGreaterThan(0.005);
    expect(share(invalid)).toBeLessThan(0.015);
    expect(sample.some((p) => p.name === null)).toBe(true);
    expect(sample.some((p) => p.latitude !== null && p.latitude > 90)).toBe(true);
  });

  it('places records within reach of a city, weighted by population', () => {
    const nearest = (p: { latitude: number | null; longitude: number | null }) =>
      ANCHORS.map((a) => ({
        a,
        d: distanceMeters(
          { lat: p.latitude!, lng: p.longitude! },
          { lat: a.latitude, lng: a.longitude },
        ),
      })).sort((x, y) => x.d - y.d)[0];
    const berlin = valid.filter((p) => nearest(p).a.name === 'Berlin').length / valid.length;
    expect(berlin).toBeCloseTo(0.75, 1);
    for (const p of valid) expect(nearest(p).d).toBeLessThanOrEqual(POI_RADIUS_M + 1);
  });

  it('gives placed records their neighborhood when inside one, else their city', () => {
    const inMitte = valid.filter((p) => p.placeId === 20);
    expect(inMitte.length).toBeGreaterThan(0);
    const box = boundaryBox(mitte);
    for (const p of inMitte) {
      expect(p.latitude! >= box.south && p.latitude! <= box.north).toBe(true);
    }
    expect(new Set(valid.map((p) => p.placeId))).toEqual(new Set([null, 10, 11, 20]));
  });

  it('fills plausible names, categories, addresses and opening hours', () => {
    const categories = new Set<string>(POI_CATEGORIES);
    for (const p of valid.slice(0, 200)) {
      expect(categories.has(p.category!)).toBe(true);
      expect(p.name).toMatch(/\w/);
      expect(p.address).toMatch(/^\d+ \w+ \w+, (Berlin|Lisbon)$/);
      expect(p.description).toContain(p.category!);
    }
    const cafe = valid.find((p) => p.category === 'cafe');
    expect(cafe?.name).toMatch(/^Café /);
    expect(cafe?.openingHours?.mon).toEqual([['08:00', '18:00']]);
  });
});
