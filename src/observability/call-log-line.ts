import type { CallRecord } from '../core/call-record.ts';
import { formatUsd } from '../core/pricing.ts';
import type { Logger } from './logger.ts';

/**
 * Writes the one log line of a finished call. Health probes log at debug so they do not drown the
 * traffic; failures at warn (client mistakes) or error (gateway or upstream faults).
 */
export function logCall(logger: Logger, record: CallRecord): void {
  const level =
    record.status >= 500
      ? 'error'
      : record.status >= 400 || record.truncated
        ? 'warn'
        : record.model
          ? 'info'
          : 'debug';
  if (!logger.isLevelEnabled(level)) return;
  const usage = record.usage;
  logger[level](
    {
      reqId: record.requestId,
      method: record.method,
      path: record.path,
      status: record.status,
      keyName: record.apiKey,
      model: record.model,
      provider: record.provider,
      upstreamModel: record.upstreamModel,
      stream: record.stream || undefined,
      latencyMs: record.latencyMs,
      ttftMs: record.ttftMs,
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      cacheReadTokens: usage?.cacheReadTokens || undefined,
      reasoningTokens: usage?.reasoningTokens || undefined,
      costUsd: record.model === undefined ? undefined : formatUsd(record.costNanoUsd),
      truncated: record.truncated || undefined,
      error: record.errorCode,
      errorMessage: record.errorMessage,
    },
    'request',
  );
}
