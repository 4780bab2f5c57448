import type { CanonicalWarning } from '../../core/canonical.ts';

/**
 * Warnings (parameters a target cannot honour) as one header value: `unsupported: logprobs;
 * unsupported: n`. Header values must be printable ASCII, so anything else is dropped.
 */
export function warningsHeader(warnings: readonly CanonicalWarning[]): string | undefined {
  if (warnings.length === 0) return undefined;
  return warnings
    .map((warning) => {
      const subject =
        warning.type === 'deprecated'
          ? warning.setting
          : warning.type === 'other'
            ? warning.message
            : warning.feature;
      return `${warning.type}: ${subject}`;
    })
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 2000);
}
