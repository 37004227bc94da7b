// The one pause of the code base (polling peers, orderers, commit status;
// spreading retries). `signal` ends the pause early, e.g. on shutdown.
// Neutral: imports nothing of ours.

/** Resolves after `ms` milliseconds, or as soon as `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
