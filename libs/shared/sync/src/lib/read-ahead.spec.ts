import { readAhead } from './read-ahead';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('readAhead', () => {
  it('yields every prepared item in order', async () => {
    async function* source() {
      yield* [1, 2, 3];
    }
    const seen: string[] = [];
    for await (const item of readAhead(source(), async (n) => `item ${n}`)) seen.push(item);
    expect(seen).toEqual(['item 1', 'item 2', 'item 3']);
  });

  it('prepares the next item while the consumer works on the current one, one ahead at most', async () => {
    const events: string[] = [];
    async function* source() {
      for (const n of [1, 2, 3]) {
        events.push(`pull ${n}`);
        yield n;
      }
    }
    const prepare = async (n: number) => {
      events.push(`prepare ${n}`);
      return n;
    };
    for await (const n of readAhead(source(), prepare)) {
      events.push(`work ${n} starts`);
      await tick();
      events.push(`work ${n} ends`);
    }
    const at = (event: string) => events.indexOf(event);
    expect(at('prepare 2')).toBeLessThan(at('work 1 ends'));
    expect(at('prepare 3')).toBeLessThan(at('work 2 ends'));
    // One ahead at most: item 3 is pulled only once the consumer has item 2.
    expect(at('pull 3')).toBeGreaterThan(at('work 1 ends'));
    expect(events.filter((e) => e.startsWith('work'))).toEqual([
      'work 1 starts',
      'work 1 ends',
      'work 2 starts',
      'work 2 ends',
      'work 3 starts',
      'work 3 ends',
    ]);
  });

  it('prepares up to `ahead` items at once, and yields them in order', async () => {
    async function* source() {
      yield* [1, 2, 3, 4];
    }
    let running = 0;
    let most = 0;
    const prepare = async (n: number) => {
      most = Math.max(most, ++running);
      // Later items finish first: the order must still hold.
      await new Promise((resolve) => setTimeout(resolve, 20 - 5 * n));
      running -= 1;
      return n;
    };
    const seen: number[] = [];
    for await (const n of readAhead(source(), prepare, 2)) {
      seen.push(n);
      await tick();
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('surfaces a failure of the source only after the work on the previous item', async () => {
    async function* source() {
      yield 1;
      throw new Error('source broke');
    }
    const done: number[] = [];
    const consume = async () => {
      for await (const n of readAhead(source(), async (x: number) => x)) {
        await tick();
        done.push(n);
      }
    };
    await expect(consume()).rejects.toThrow('source broke');
    expect(done).toEqual([1]);
  });

  it('surfaces a failure of prepare for that item', async () => {
    async function* source() {
      yield* [1, 2];
    }
    const prepare = async (n: number) => {
      if (n === 2) throw new Error('cannot prepare 2');
      return n;
    };
    const done: number[] = [];
    const consume = async () => {
      for await (const n of readAhead(source(), prepare)) done.push(n);
    };
    await expect(consume()).rejects.toThrow('cannot prepare 2');
    expect(done).toEqual([1]);
  });

  it('when the consumer stops, waits for the preparation in flight and closes the source', async () => {
    const events: string[] = [];
    async function* source() {
      try {
        yield* [1, 2, 3];
      } finally {
        events.push('source closed');
      }
    }
    const prepare = async (n: number) => {
      await tick();
      events.push(`prepared ${n}`);
      return n;
    };
    const consume = async () => {
      for await (const n of readAhead(source(), prepare)) {
        if (n === 1) throw new Error('write failed');
      }
    };
    await expect(consume()).rejects.toThrow('write failed');
    expect(events).toEqual(['prepared 1', 'prepared 2', 'source closed']);
  });
});
