import { planarPolygons } from './country-boundaries.mapper';

const longitudes = (polygons: number[][][][]) =>
  polygons.flatMap((polygon) => polygon.flatMap((ring) => ring.map(([lng]) => lng)));

describe('planarPolygons', () => {
  it('leaves a polygon that stays on one side of the antimeridian alone', () => {
    const polygon = [
      [
        [10, 0],
        [20, 0],
        [20, 10],
        [10, 0],
      ],
    ];
    expect(planarPolygons(polygon)).toEqual([polygon]);
  });

  it('cuts a ring crossing the antimeridian into an east and a west piece', () => {
    const island = [
      [
        [179, -16],
        [-179, -16],
        [-179, -17],
        [179, -17],
        [179, -16],
      ],
    ];
    const pieces = planarPolygons(island);

    expect(pieces).toHaveLength(2);
    expect(Math.max(...longitudes(pieces))).toBe(180);
    expect(Math.min(...longitudes(pieces))).toBe(-180);
    const [west, east] = pieces.map((p) => p[0].map(([lng]) => lng));
    expect(west.every((lng) => lng >= 179)).toBe(true);
    expect(east.every((lng) => lng <= -179)).toBe(true);
  });

  it('closes a ring winding round the south pole along the pole, dropping flat rings', () => {
    const flatAtPole = [
      [-180, -90],
      [0, -90],
      [180, -90],
      [0, -90],
      [-180, -90],
    ];
    const coast = [
      [-180, -70],
      [-60, -65],
      [60, -68],
      [179, -70],
      [-180, -70],
    ];
    const [[ring, ...holes]] = planarPolygons([flatAtPole, coast]);

    expect(holes).toEqual([]);
    expect(ring.slice(-3)).toEqual([
      [180, -90],
      [-180, -90],
      [-180, -70],
    ]);
    expect(Math.max(...ring.map(([lng]) => lng))).toBe(180);

    const startingElsewhere = [...coast.slice(1, -1), coast[0], coast[1]];
    const [[rotated]] = planarPolygons([startingElsewhere]);
    expect(Math.min(...rotated.map(([lng]) => lng))).toBe(-180);
    expect(Math.max(...rotated.map(([lng]) => lng))).toBe(180);
    expect(rotated.slice(-3)).toEqual(ring.slice(-3));
  });
});
