// Fabric's Node shim and contract API log each message they exchange with the
// peer at debug level through winston. winston runs its whole format (timestamp,
// metadata, colours, padding, JSON of the arguments) on every entry and only
// then lets the transport drop those below the level. Entries below the
// logger's level are dropped here before they enter the stream: 2.74 → 0.55 µs
// per debug call, about 0.3–0.5 CPU-ms per single registration
// (bench/RESULTS.md). What is logged (the level from
// CORE_CHAINCODE_LOGGING_LEVEL, info by default) is unchanged.
import { createRequire } from 'node:module';

interface LogEntry {
  level?: unknown;
}

interface WinstonLogger {
  isLevelEnabled(level: string): boolean;
  write(chunk: unknown, ...rest: unknown[]): boolean;
}

const INSTALLED = Symbol.for('notary.shim-logging.installed');

type LoggerClass = { prototype: WinstonLogger };

/** The winston Logger classes the shim's and the contract API's loggers are made from, wherever npm placed them. */
export function shimLoggerClasses(): LoggerClass[] {
  const classes = ['fabric-shim', 'fabric-contract-api'].map((pkg) => {
    const fromPkg = createRequire(require.resolve(pkg));
    return (fromPkg('winston') as { Logger: LoggerClass }).Logger;
  });
  return [...new Set(classes)];
}

/** Makes every logger of these classes skip entries below its level before formatting them. Idempotent. */
export function dropEntriesBelowLevel(classes: LoggerClass[] = shimLoggerClasses()): void {
  for (const Logger of classes) patch(Logger);
}

function patch(Logger: LoggerClass): void {
  const proto = Logger.prototype as WinstonLogger & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const write = proto.write;
  proto.write = function (this: WinstonLogger, chunk: unknown, ...rest: unknown[]) {
    const level = (chunk as LogEntry | null)?.level;
    if (typeof level === 'string' && !this.isLevelEnabled(level)) {
      const done = rest.find((r): r is () => void => typeof r === 'function');
      if (done) queueMicrotask(done);
      return true;
    }
    return write.call(this, chunk, ...rest);
  };
  proto[INSTALLED] = true;
}
