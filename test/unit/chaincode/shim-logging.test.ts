import { Writable } from 'node:stream';
import * as winston from 'winston';
import { dropEntriesBelowLevel, shimLoggerClasses } from '../../../chaincode/src/shim-logging';

/** A real winston logger whose format records the levels it was run on and whose transport keeps its lines. */
function recordingLogger(level: string) {
  const formatted: string[] = [];
  const lines: string[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: { level: string; message: string }, _enc, done) {
      lines.push(`${info.level}:${info.message}`);
      done();
    },
  });
  const record = winston.format((info) => {
    formatted.push(info.level);
    return info;
  });
  const logger = winston.createLogger({ level, format: record(), transports: [new winston.transports.Stream({ stream: sink })] });
  return { logger, formatted, lines };
}

describe('shim logging below the level', () => {
  it('finds the winston Logger the shim builds its loggers from', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shimLogger = require('fabric-shim/lib/logger').getLogger('shim-logging.test');
    expect(shimLoggerClasses().some((Logger) => shimLogger instanceof (Logger as unknown as new () => unknown))).toBe(true);
  });

  // Runs before the patch below is installed (tests of a file run in order).
  it('stock winston formats an entry its transport then drops', async () => {
    const { logger, formatted, lines } = recordingLogger('info');
    logger.debug('one message of the peer');
    await new Promise((r) => setImmediate(r));
    expect(formatted).toEqual(['debug']);
    expect(lines).toEqual([]);
  });

  it('drops entries below the level before the format, and keeps the rest', async () => {
    dropEntriesBelowLevel([winston.Logger as never]);
    const { logger, formatted, lines } = recordingLogger('info');
    logger.debug('one message of the peer');
    logger.debug('%s - decoded response:%j', 'GetState', { key: 'k' });
    logger.info('Calling chaincode Invoke() succeeded');
    logger.error('failed: %s', 'cause');
    await new Promise((r) => setImmediate(r));
    expect(formatted).toEqual(['info', 'error']);
    expect(lines).toEqual(['info:Calling chaincode Invoke() succeeded', 'error:failed: %s']);
  });

  it('follows a level raised or lowered after start', async () => {
    dropEntriesBelowLevel([winston.Logger as never]);
    const { logger, formatted } = recordingLogger('warn');
    logger.info('below warn');
    logger.level = 'debug';
    logger.debug('now wanted');
    await new Promise((r) => setImmediate(r));
    expect(formatted).toEqual(['debug']);
  });
});
