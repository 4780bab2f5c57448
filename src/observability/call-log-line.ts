import type { LoggingConfig } from '../config/config-types.ts';
import type { CallRecord } from '../core/call-record.ts';
import { formatUsd } from '../core/pricing.ts';
import { attemptsForBody } from '../protocol/attempts-header.ts';

const LEVEL_VALUES = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
} as const;

type CallLevel = 'debug' | 'info' | 'warn' | 'error';

/** Strings that need no JSON escaping: ids, paths, model slugs, key names. */
const PLAIN = /^[\w .:/@+=-]*$/;

/** `,"name":value` for a defined string, nothing otherwise. */
function text(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  return PLAIN.test(value) ? `,"${name}":"${value}"` : `,"${name}":${JSON.stringify(value)}`;
}

/** `,"name":value` for a defined number, nothing otherwise. */
function number(name: string, value: number | undefined): string {
  return value === undefined ? '' : `,"${name}":${value}`;
}

/**
 * Writes the one log line of a finished call, in the same JSON-lines format as the pino logger
 * (`level`, `time`, `msg`). Built by hand from the record's fields: pino's generic serialiser cost
 * ~13 µs per line under load, this ~1 µs. Only known fields are written, none of which holds a
 * secret (error messages are scrubbed where they are made). Health probes log at debug, client
 * mistakes at warn, gateway or upstream faults at error.
 */
export class CallLogWriter {
  readonly #threshold: number;
  readonly #write: (line: string) => void;

  constructor(level: LoggingConfig['level'], write: (line: string) => void) {
    this.#threshold = LEVEL_VALUES[level];
    this.#write = write;
  }

  write(record: CallRecord): void {
    const level: CallLevel =
      record.status >= 500
        ? 'error'
        : record.status >= 400 || record.truncated
          ? 'warn'
          : record.model === undefined
            ? 'debug'
            : 'info';
    if (LEVEL_VALUES[level] < this.#threshold) return;
    const usage = record.usage;
    this.#write(
      `{"level":"${level}","time":${Date.now()},"msg":"request"` +
        text('reqId', record.requestId) +
        text('generationId', record.model === undefined ? undefined : record.generationId) +
        text('method', record.method) +
        text('path', record.path) +
        number('status', record.status) +
        text('keyName', record.apiKey) +
        text('model', record.model) +
        text('provider', record.provider) +
        text('upstreamModel', record.upstreamModel) +
        (record.stream ? ',"stream":true' : '') +
        number('latencyMs', record.latencyMs) +
        number('ttftMs', record.ttftMs) +
        number('inputTokens', usage?.inputTokens) +
        number('outputTokens', usage?.outputTokens) +
        number('cacheReadTokens', usage?.cacheReadTokens || undefined) +
        number('reasoningTokens', usage?.reasoningTokens || undefined) +
        text('costUsd', record.model === undefined ? undefined : formatUsd(record.costNanoUsd)) +
        (record.truncated ? ',"truncated":true' : '') +
        (record.usageEstimated ? ',"usageEstimated":true' : '') +
        // One attempt is the common case and says nothing the fields above do not.
        (record.attempts.length > 1
          ? `,"attempts":${JSON.stringify(attemptsForBody(record.attempts))}`
          : '') +
        text('warnings', record.warnings) +
        text('error', record.errorCode) +
        text('errorMessage', record.errorMessage) +
        '}\n',
    );
  }
}
