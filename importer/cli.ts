// npm run import -- FILE [--kind contracts|arrears] [--chunk-size 500] [--receipt PATH] [--concurrency 1]
//
// The API key comes from API_KEY (never the command line, which other users of
// the machine can read), the API from API_URL (default http://127.0.0.1:8080).
// Exit codes: 0 every row is on the ledger and the receipt is written; 2 the
// file was refused (bad rows, usage, a journal of another import) and nothing
// was sent; 1 the import stopped on a failure and 130 on Ctrl-C: run the same
// command again to send the rest.
import { parseArgs } from 'node:util';
import { CRASH_BEFORE_JOURNAL_ENV, CRASH_EXIT_CODE, EXIT, runImport, type ImportOptions } from './import';
import type { ChunkDone } from './journal';

function crashHook(env: NodeJS.ProcessEnv): ((call: number, entry: ChunkDone) => void) | undefined {
  const at = Number(env[CRASH_BEFORE_JOURNAL_ENV]);
  if (env.NODE_ENV !== 'test' || !Number.isInteger(at) || at < 1) return undefined;
  return (call, entry) => {
    if (call !== at) return;
    process.stderr.write(`${CRASH_BEFORE_JOURNAL_ENV}: exiting after call ${call}'s answer (transaction ${entry.transactions[0]!.txId}), before the journal\n`);
    process.exit(CRASH_EXIT_CODE);
  };
}

const USAGE =
  'usage: API_KEY=… [API_URL=http://127.0.0.1:8080] npm run import -- FILE.csv|FILE.xlsx ' +
  '[--kind contracts|arrears] [--chunk-size 500] [--receipt PATH] [--concurrency 1]';

function options(argv: string[], env: NodeJS.ProcessEnv): ImportOptions | string {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      'chunk-size': { type: 'string' },
      receipt: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) return USAGE;
  if (!env.API_KEY) return `API_KEY is not set\n${USAGE}`;
  const concurrency = Number(values.concurrency ?? '1');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) return `--concurrency is 1 to 8, not ${values.concurrency}`;
  return {
    file: positionals[0]!,
    kind: values.kind,
    chunkSize: values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']),
    receipt: values.receipt,
    apiUrl: env.API_URL ?? 'http://127.0.0.1:8080',
    apiKey: env.API_KEY,
    concurrency,
  };
}

async function main(): Promise<number> {
  let opts: ImportOptions | string;
  try {
    opts = options(process.argv.slice(2), process.env);
  } catch (e) {
    opts = `${(e as Error).message}\n${USAGE}`;
  }
  if (typeof opts === 'string') {
    console.error(opts);
    return EXIT.refused;
  }
  // Ctrl-C once: no further call is sent, those in flight are answered and journaled. Twice: stop now.
  const stop = new AbortController();
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nstopping after the calls in flight (Ctrl-C again to stop now; running the same command again resumes)\n');
    stop.abort();
  });
  return runImport({ ...opts, stop: stop.signal, answered: crashHook(process.env) }, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(EXIT.failed);
  },
);
