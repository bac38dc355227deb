import { WeightedPicker } from './weighted.picker';

describe('WeightedPicker', () => {
  const count = (picker: WeightedPicker<{ name: string; weight: number }>, picks: number) => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < picks; i++) {
      const { name } = picker.pick();
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  };

  it('gives every choice exactly its share over each cycle', () => {
    const picker = new WeightedPicker([
      { name: 'stable', weight: 9 },
      { name: 'canary', weight: 1 },
    ]);
    expect(count(picker, 100)).toEqual({ stable: 90, canary: 10 });
  });

  it('interleaves choices instead of sending runs to one', () => {
    const picker = new WeightedPicker([
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
    ]);
    expect(Array.from({ length: 4 }, () => picker.pick().name)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('always picks a lone choice', () => {
    const picker = new WeightedPicker([{ name: 'only', weight: 3 }]);
    expect(count(picker, 5)).toEqual({ only: 5 });
  });
});
