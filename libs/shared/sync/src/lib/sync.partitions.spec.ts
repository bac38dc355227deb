import { PartitionItem, PartitionsFailedError, pullPartitions } from './sync.partitions';

type Item = PartitionItem<{ id: string }>;

async function collect(pages: AsyncIterable<{ records: readonly Item[] }>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...page.records);
  return items;
}

async function* pagesOf(partition: string, pages: number, failAt?: number) {
  for (let p = 1; p <= pages; p++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (p === failAt) throw new Error(`${partition} failed at page ${p}`);
    yield [{ id: `${partition}-${p}` }];
  }
}

describe('pullPartitions', () => {
  it('pulls every partition, each page in order, then its complete item with every id seen', async () => {
    const items = await collect(
      pullPartitions({
        partitions: ['a', 'b', 'c'],
        concurrency: 2,
        pull: (p) => pagesOf(p, 3),
        idOf: (r) => r.id,
      }),
    );
    for (const partition of ['a', 'b', 'c']) {
      const own = items.filter((i) => i.partition === partition);
      expect(own.map((i) => (i.kind === 'record' ? i.record.id : i.kind))).toEqual([
        `${partition}-1`,
        `${partition}-2`,
        `${partition}-3`,
        'complete',
      ]);
      expect(own[3]).toMatchObject({
        seen: [`${partition}-1`, `${partition}-2`, `${partition}-3`],
      });
    }
  });

  it('never pulls more partitions at once than its concurrency', async () => {
    let open = 0;
    let most = 0;
    await collect(
      pullPartitions({
        partitions: ['a', 'b', 'c', 'd', 'e'],
        concurrency: 2,
        pull: async function* (p) {
          open++;
          most = Math.max(most, open);
          try {
            yield* pagesOf(p, 2);
          } finally {
            open--;
          }
        },
        idOf: (r) => r.id,
      }),
    );
    expect(most).toBe(2);
  });

  it('gives a failed partition no complete item, finishes the others, then throws naming it', async () => {
    const failures: string[] = [];
    const items: Item[] = [];
    const pull = pullPartitions({
      partitions: ['a', 'b'],
      concurrency: 1,
      pull: (p) => pagesOf(p, 5, p === 'a' ? 3 : undefined),
      idOf: (r) => r.id,
      onFailure: (p) => void failures.push(p),
    });
    await expect(
      (async () => {
        for await (const page of pull) items.push(...page.records);
      })(),
    ).rejects.toThrow(PartitionsFailedError);
    expect(failures).toEqual(['a']);
    expect(items.filter((i) => i.kind === 'complete').map((i) => i.partition)).toEqual(['b']);
    expect(items.filter((i) => i.partition === 'a').map((i) => i.kind)).toEqual([
      'record',
      'record',
    ]);
  });
});
