/**
 * Yields `prepare(item)` for each item of `source`, in order, preparing the next item while the
 * consumer works on the current one (never more than one ahead). A failure of the source or of
 * `prepare` surfaces when the consumer asks for that item, after its work on the previous one.
 * When the consumer stops early, the preparation in flight is awaited and the source closed.
 */
export async function* readAhead<T, R>(
  source: AsyncIterable<T>,
  prepare: (item: T) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const next = async (): Promise<{ item: R } | null> => {
    const result = await iterator.next();
    return result.done ? null : { item: await prepare(result.value) };
  };
  let pending = next();
  // Handled here so a failure while the consumer is busy is not an unhandled rejection; it is
  // rethrown by the `await pending` that follows.
  pending.catch(() => undefined);
  try {
    for (;;) {
      const current = await pending;
      if (!current) return;
      pending = next();
      pending.catch(() => undefined);
      yield current.item;
    }
  } finally {
    await pending.catch(() => undefined);
    await iterator.return?.();
  }
}
