import { CityGrid } from './city-grid';

/** The k nearest by planar distance, with every tie of the k-th, by brute force. */
function bruteForce(xs: number[], ys: number[], x: number, y: number, k: number): number[] {
  const d = xs.map((cx, i) => Math.sqrt((cx - x) ** 2 + (ys[i]! - y) ** 2));
  const order = d.map((_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const limit = d[order[Math.min(k, order.length) - 1]!]!;
  return order.filter((i) => d[i]! <= limit);
}

describe('CityGrid', () => {
  // Deterministic pseudo-random points: clusters, a duplicate location and a few far away.
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const cluster = i % 3;
    xs.push(
      cluster === 0
        ? 2 + random() * 3
        : cluster === 1
          ? -100 + random() * 40
          : random() * 360 - 180,
    );
    ys.push(
      cluster === 0 ? 48 + random() * 2 : cluster === 1 ? 30 + random() * 20 : random() * 180 - 90,
    );
  }
  xs.push(2.35, 2.35, 180, -180);
  ys.push(48.85, 48.85, 90, -90);
  const grid = new CityGrid(
    xs.map((_, i) => `city-${i}`),
    Float64Array.from(xs),
    Float64Array.from(ys),
  );

  it('finds the same k nearest as a full scan, ties with the k-th included', () => {
    const probes: [number, number][] = [
      [2.35, 48.85],
      [2.3500001, 48.85],
      [180, 90],
      [-180, -90],
      [0, 0],
      [-150, -60],
    ];
    for (let i = 0; i < 500; i++) probes.push([random() * 360 - 180, random() * 180 - 90]);
    for (let i = 0; i < 500; i++) probes.push([2 + random() * 3, 48 + random() * 2]);
    for (const [x, y] of probes) {
      const found = grid.nearest(x, y, 8);
      expect(new Set(found)).toEqual(new Set(bruteForce(xs, ys, x, y, 8)));
    }
  });

  it('returns every city when there are fewer than k, and none when empty', () => {
    const small = new CityGrid(['a', 'b'], Float64Array.from([1, 2]), Float64Array.from([1, 2]));
    expect(small.nearest(0, 0, 8)).toEqual([0, 1]);
    expect(new CityGrid([], new Float64Array(0), new Float64Array(0)).nearest(0, 0, 8)).toEqual([]);
  });
});
