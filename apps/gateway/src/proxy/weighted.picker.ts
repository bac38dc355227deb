/** One of several choices with an integer weight. */
export interface Weighted {
  readonly weight: number;
}

/**
 * Smooth weighted round-robin (as in nginx): every choice gets exactly its share over each cycle of
 * sum(weights) picks, interleaved rather than in runs, with no randomness to make a split drift.
 */
export class WeightedPicker<T extends Weighted> {
  private readonly current: number[];
  private readonly total: number;

  constructor(private readonly choices: readonly T[]) {
    if (choices.length === 0) throw new Error('WeightedPicker needs at least one choice');
    this.current = choices.map(() => 0);
    this.total = choices.reduce((sum, choice) => sum + choice.weight, 0);
  }

  pick(): T {
    if (this.choices.length === 1) return this.choices[0];
    let best = 0;
    for (let i = 0; i < this.choices.length; i++) {
      this.current[i] += this.choices[i].weight;
      if (this.current[i] > this.current[best]) best = i;
    }
    this.current[best] -= this.total;
    return this.choices[best];
  }
}
