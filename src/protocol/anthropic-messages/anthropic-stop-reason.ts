import type { CanonicalFinishReason } from '../../core/canonical.ts';

const STOP_REASONS = {
  stop: 'end_turn',
  length: 'max_tokens',
  'content-filter': 'refusal',
  'tool-calls': 'tool_use',
  error: 'end_turn',
  interrupted: 'max_tokens',
  other: 'end_turn',
} as const satisfies Record<CanonicalFinishReason['unified'], string>;

/** Canonical finish reason → Anthropic `stop_reason` (a raw `stop_sequence` is kept). */
export function anthropicStopReason(reason: CanonicalFinishReason | undefined): string {
  if (reason === undefined) return 'end_turn';
  if (reason.raw === 'stop_sequence') return 'stop_sequence';
  return STOP_REASONS[reason.unified];
}
