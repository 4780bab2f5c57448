import type { CanonicalFinishReason } from '../../core/canonical.ts';

const FINISH_REASONS = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
  error: 'stop',
  interrupted: 'length',
  other: 'stop',
} as const satisfies Record<CanonicalFinishReason['unified'], string>;

/** Canonical finish reason → OpenAI `finish_reason`. */
export function openAIFinishReason(reason: CanonicalFinishReason | undefined): string {
  return reason === undefined ? 'stop' : FINISH_REASONS[reason.unified];
}
