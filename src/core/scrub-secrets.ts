/**
 * Removes secrets from text that is about to be logged or sent to a client. Providers echo parts
 * of a rejected key in their error messages ("Incorrect API key provided: sk-abc***xyz"), so both
 * the known secret values and anything shaped like a provider key are masked.
 */
const KEY_SHAPED = /\b(sk|pk|rk|gsk|xai|key|api[-_]?key|tg)[-_][A-Za-z0-9*_-]{6,}/gi;

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out.replace(KEY_SHAPED, '[redacted]');
}
