import pino, { type DestinationStream, type Logger } from 'pino';
import type { LoggingConfig } from '../config/config-types.ts';
import { CallLogWriter } from './call-log-line.ts';
import { BatchedLogDestination } from './log-destination.ts';

export type { Logger } from 'pino';

/** Paths masked in every line of the general logger, whatever logged them. */
const REDACT_PATHS = [
  'apiKey',
  'api_key',
  '*.apiKey',
  '*.api_key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-ai-gateway-api-key"]',
];

export interface LoggerHandle {
  /** Lifecycle, warnings and errors; redacts secret-looking fields. */
  logger: Logger;
  /** One line per call, into the same output (see `call-log-line.ts`). */
  callLog: CallLogWriter;
  /** Writes out everything buffered; call before exit. */
  flush(): void;
}

/**
 * The structured loggers: pino serialising JSON lines into a batched asynchronous destination, so
 * a log line never blocks the event loop. Tests pass their own destination.
 */
export function createLogger(config: LoggingConfig, destination?: DestinationStream): LoggerHandle {
  const base = {
    level: config.level,
    base: undefined,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination !== undefined) {
    return {
      logger: pino({ ...base, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination),
      callLog: new CallLogWriter(config.level, (line) => destination.write(line)),
      flush: () => {},
    };
  }
  const stdout = new BatchedLogDestination(1);
  return {
    logger: pino({ ...base, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stdout),
    callLog: new CallLogWriter(config.level, (line) => stdout.write(line)),
    flush: () => stdout.flushSync(),
  };
}
