import type { CmsBoundary } from '@waypost/dev-sources/cms';
import {
  boundaryBox,
  boundaryCentroid,
  boxContains,
  distanceMeters,
  offsetPoint,
  squareAround,
  weightedCentroid,
} from './geo.util';

const square = (west: number, south: number, size: number): number[][][] => [
  [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ],
];

describe('geo utilities', () => {
  it('takes the centroid of the largest polygon, ignoring small far-off ones', () => {
    const boundary: CmsBoundary = {
      type: 'MultiPolygon',
      coordinates: [square(-60, 0, 1), square(0, 40, 10)],
    };
    expect(boundaryCentroid(boundary)).toEqual({ lat: 45, lng: 5 });
  });

  it('weights centroids and averages across the antimeridian', () => {
    const east = { lat: 0, lng: 179, weight: 1 };
    const west = { lat: 0, lng: -179, weight: 1 };
    expect(Math.abs(weightedCentroid([east, west]).lng)).toBeCloseTo(180, 6);
    const weighted = weightedCentroid([
      { lat: 0, lng: 0, weight: 3 },
      { lat: 0, lng: 10, weight: 1 },
    ]);
    expect(weighted.lng).toBeGreaterThan(2);
    expect(weighted.lng).toBeLessThan(3);
  });

  it('builds a square of the asked side around a point', () => {
    const center = { lat: 52.52, lng: 13.4 };
    const box = boundaryBox(squareAround(center, 1000));
    expect(
      distanceMeters({ lat: box.south, lng: 13.4 }, { lat: box.north, lng: 13.4 }),
    ).toBeCloseTo(1000, -1);
    expect(
      distanceMeters({ lat: 52.52, lng: box.west }, { lat: 52.52, lng: box.east }),
    ).toBeCloseTo(1000, -1);
    expect(boxContains(box, center)).toBe(true);
    expect(boxContains(box, { lat: 52.53, lng: 13.4 })).toBe(false);
  });

  it('offsets a point by a distance and wraps longitudes', () => {
    const from = { lat: 38.7, lng: -9.1 };
    expect(distanceMeters(from, offsetPoint(from, 2500, 1))).toBeCloseTo(2500, -1);
    const wrapped = offsetPoint({ lat: -16.8, lng: 179.99 }, 3000, Math.PI / 2);
    expect(wrapped.lng).toBeLessThan(-179.9);
  });
});
