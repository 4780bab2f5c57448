import type { CanonicalProviderOptions } from '../../core/canonical.ts';

/**
 * Reasoning items carry `encrypted_content`, an opaque string clients keep and send back with
 * the next turn (Codex and the Agents SDK do, with `store: false`). When the gateway translates,
 * the upstream's own reasoning metadata — Anthropic's thinking signature, Gemini's thought
 * signature — must survive that round trip or the next turn is refused, so it travels in
 * `encrypted_content` under this prefix: `tg1.` + base64url(JSON of the provider metadata).
 */
const PREFIX = 'tg1.';

type Metadata = Record<string, Record<string, unknown> | undefined>;

/** The `encrypted_content` for a reasoning part's provider metadata, or `undefined` when it has none. */
export function encryptedContentOf(metadata: Metadata | undefined): string | undefined {
  if (metadata === undefined) return undefined;
  let empty = true;
  for (const key in metadata) {
    if (metadata[key] !== undefined) {
      empty = false;
      break;
    }
  }
  if (empty) return undefined;
  return PREFIX + Buffer.from(JSON.stringify(metadata)).toString('base64url');
}

/**
 * The canonical provider options of a reasoning item sent back by a client: the metadata the
 * gateway packed itself, or else OpenAI's own encrypted reasoning (in the AI SDK's OpenAI
 * option names), which only an OpenAI model can read — the others ignore it.
 */
export function reasoningProviderOptions(
  encrypted: string | null | undefined,
  itemId: unknown,
): CanonicalProviderOptions | undefined {
  if (typeof encrypted !== 'string' || encrypted === '') return undefined;
  if (encrypted.startsWith(PREFIX)) {
    try {
      const decoded: unknown = JSON.parse(
        Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString(),
      );
      if (decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded)) {
        return decoded as CanonicalProviderOptions;
      }
    } catch {
      // Not ours after all (or damaged): dropped, as an unreadable signature would be refused.
    }
    return undefined;
  }
  const openai: Record<string, string> = { reasoningEncryptedContent: encrypted };
  if (typeof itemId === 'string') openai.itemId = itemId;
  return { openai };
}
