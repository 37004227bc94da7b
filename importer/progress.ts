// The import's progress on stderr: on a terminal a bar (cli-progress) with
// the rate and the time left; otherwise (a log, a pipe) one line per call
// answered, with the same numbers.
import { SingleBar } from 'cli-progress';

/** "1h 02m", "3m 05s", "42s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s}s`;
}

/**
 * Rows per second and seconds left, from the rows this run sent (rows already
 * done by an earlier run say nothing about this run's pace); undefined before
 * the first answer.
 */
export function pace(sentThisRun: number, left: number, elapsedMs: number): { rate: number; secondsLeft: number } | undefined {
  if (sentThisRun <= 0 || elapsedMs <= 0) return undefined;
  const rate = sentThisRun / (elapsedMs / 1000);
  return { rate, secondsLeft: left / rate };
}

export interface Progress {
  /** `done` rows of the file are on the ledger; `note` says what just happened. */
  update(done: number, note: string): void;
  stop(): void;
}

export function progress(total: number, doneAtStart: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const numbers = (done: number) => {
    const p = pace(done - doneAtStart, total - done, Date.now() - started);
    return { rate: p ? p.rate.toFixed(0) : '…', left: p ? formatDuration(p.secondsLeft) : '…' };
  };
  if (!stream.isTTY) {
    return {
      update: (done, note) => {
        const { rate, left } = numbers(done);
        stream.write(`${done}/${total} rows on the ledger, ${rate} rows/s, about ${left} left · ${note}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    stream,
    format: '{bar} {percentage}% | {value}/{total} rows | {rate} rows/s | {left} left | {note}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(total, doneAtStart, { rate: '…', left: '…', note: doneAtStart > 0 ? 'resuming' : 'starting' });
  return {
    update: (done, note) => bar.update(done, { ...numbers(done), note }),
    stop: () => bar.stop(),
  };
}
