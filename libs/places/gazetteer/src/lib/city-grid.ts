/**
 * The cities' centroids in memory, on a uniform grid of degree cells: the planar nearest
 * neighbours of a point without asking PostgreSQL (its GiST KNN cost ~117 µs per point).
 *
 * Distances are the planar ones PostGIS's `<->` gives for two points (longitude/latitude degrees,
 * no wrap at the antimeridian), computed the same way (`sqrt(dx * dx + dy * dy)` in doubles).
 */
export class CityGrid {
  private readonly columns: number;
  private readonly rowsCount: number;
  /** Per cell (row-major), where its cities start in `order`; one more entry at the end. */
  private readonly cellStart: Int32Array;
  /** City indexes, grouped by cell. */
  private readonly order: Int32Array;

  constructor(
    readonly ids: readonly string[],
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    private readonly cellDegrees = 0.25,
  ) {
    this.columns = Math.ceil(360 / cellDegrees);
    this.rowsCount = Math.ceil(180 / cellDegrees);
    const cells = this.columns * this.rowsCount;
    const cellOf = new Int32Array(ids.length);
    const counts = new Int32Array(cells + 1);
    for (let i = 0; i < ids.length; i++) {
      const c = this.cell(this.column(xs[i]!), this.row(ys[i]!));
      cellOf[i] = c;
      counts[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) counts[c + 1]! += counts[c]!;
    this.cellStart = counts;
    const next = counts.slice(0, cells);
    this.order = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) this.order[next[cellOf[i]!]!++] = i;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * The `k` cities nearest to (x, y) by planar distance, nearest first, with every city tied with
   * the k-th (PostgreSQL's KNN picks among those ties arbitrarily): indexes into `ids`/`xs`/`ys`.
   */
  nearest(x: number, y: number, k: number): number[] {
    if (this.ids.length === 0) return [];
    const col = this.column(x);
    const row = this.row(y);
    const found: number[] = [];
    const distances: number[] = [];
    // The k smallest distances so far, ascending (the k-th bounds the search).
    const best = new Float64Array(k).fill(Infinity);
    const maxRing = Math.max(this.columns, this.rowsCount);
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let r = row - ring; r <= row + ring; r++) {
        if (r < 0 || r >= this.rowsCount) continue;
        const edge = r === row - ring || r === row + ring;
        const step = edge || ring === 0 ? 1 : 2 * ring;
        for (let c = col - ring; c <= col + ring; c += step) {
          if (c < 0 || c >= this.columns) continue;
          const cell = this.cell(c, r);
          for (let j = this.cellStart[cell]!; j < this.cellStart[cell + 1]!; j++) {
            const i = this.order[j]!;
            const dx = this.xs[i]! - x;
            const dy = this.ys[i]! - y;
            const d = Math.sqrt(dx * dx + dy * dy);
            found.push(i);
            distances.push(d);
            if (d < best[k - 1]!) {
              let at = k - 1;
              while (at > 0 && best[at - 1]! > d) {
                best[at] = best[at - 1]!;
                at--;
              }
              best[at] = d;
            }
          }
        }
      }
      // Cities in rings beyond this one lie at least `ring` whole cells away.
      if (best[k - 1]! < ring * this.cellDegrees) break;
    }
    const limit = best[k - 1]!;
    const kept: number[] = [];
    for (let n = 0; n < found.length; n++) if (distances[n]! <= limit) kept.push(n);
    return kept.sort((a, b) => distances[a]! - distances[b]!).map((n) => found[n]!);
  }

  private column(x: number): number {
    return clamp(Math.floor((x + 180) / this.cellDegrees), this.columns);
  }

  private row(y: number): number {
    return clamp(Math.floor((y + 90) / this.cellDegrees), this.rowsCount);
  }

  private cell(column: number, row: number): number {
    return row * this.columns + column;
  }
}

function clamp(n: number, size: number): number {
  return n < 0 ? 0 : n >= size ? size - 1 : n;
}
