import pino, { type DestinationStream, type Logger } from 'pino';
import type { LoggingConfig } from '../config/config-types.ts';

export type { Logger } from 'pino';

/** Paths masked in every log line, whatever logged them. */
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

/** Bytes buffered before a write, and the longest a line waits in the buffer. */
const BUFFER_BYTES = 8192;
const FLUSH_INTERVAL_MS = 500;

export interface LoggerHandle {
  logger: Logger;
  /** Writes out everything buffered; call before exit. */
  flush(): void;
}

/**
 * The structured logger: pino writing JSON lines through an asynchronous, buffered destination so
 * a log line never blocks the event loop; a timer bounds how long a line can wait. Tests pass
 * their own destination.
 */
export function createLogger(config: LoggingConfig, destination?: DestinationStream): LoggerHandle {
  const options = {
    level: config.level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination !== undefined) {
    return { logger: pino(options, destination), flush: () => {} };
  }
  const stream = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES });
  const timer = setInterval(() => stream.flush(), FLUSH_INTERVAL_MS);
  timer.unref();
  return {
    logger: pino(options, stream),
    flush: () => {
      try {
        stream.flushSync();
      } catch {
        // Not ready yet, or stdout is gone: nothing more can be written anyway.
      }
    },
  };
}
