/**
 * Yields `prepare(item)` for each item of `source`, in order, preparing up to `ahead` further
 * items while the consumer works on the current one. A failure of the source or of `prepare`
 * surfaces when the consumer asks for that item, after its work on the previous one. When the
 * consumer stops early, the preparations in flight are awaited and the source closed.
 */
export async function* readAhead<T, R>(
  source: AsyncIterable<T>,
  prepare: (item: T) => Promise<R>,
  ahead = 1,
): AsyncGenerator<R, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const next = async (): Promise<{ item: R } | null> => {
    // An async generator queues overlapping next() calls: items still come in order.
    const result = await iterator.next();
    return result.done ? null : { item: await prepare(result.value) };
  };
  const pending: Promise<{ item: R } | null>[] = [];
  const schedule = () => {
    const preparation = next();
    // Handled here so a failure while the consumer is busy is not an unhandled rejection; it is
    // rethrown when the consumer reaches that item.
    preparation.catch(() => undefined);
    pending.push(preparation);
  };
  try {
    for (let i = 0; i < ahead; i++) schedule();
    for (;;) {
      const current = await pending.shift()!;
      if (!current) return;
      schedule();
      yield current.item;
    }
  } finally {
    await Promise.allSettled(pending);
    await iterator.return?.();
  }
}
