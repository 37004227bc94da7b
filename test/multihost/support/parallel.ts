// Bounded concurrency for the suite's imports: a crowd of clients, at most `width` requests in flight.
/** Runs `fn` over `items`, at most `width` at a time. */
export async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}
