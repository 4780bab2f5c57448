/**
 * What a simulated model does, chosen by the start of the model name's last path segment, so
 * `echo`, `simulator/echo` and `echo-slow` all echo:
 * - `echo` repeats the last user message (or quotes the last tool result);
 * - `lorem` writes `outputTokens` tokens of filler;
 * - `tools` calls the first (or the requested) function tool with schema-shaped arguments.
 */
export type SimulatorModelKind = 'echo' | 'lorem' | 'tools';

/** The models `GET /v1/models` lists besides the configured ones. */
export const SIMULATOR_MODEL_KINDS: readonly SimulatorModelKind[] = ['echo', 'lorem', 'tools'];

/** The kind of a model name, or `undefined` when the simulator does not know it (a 404). */
export function simulatorModelKind(model: string): SimulatorModelKind | undefined {
  const name = model.slice(model.lastIndexOf('/') + 1);
  for (const kind of SIMULATOR_MODEL_KINDS) {
    if (name.startsWith(kind)) return kind;
  }
  return undefined;
}

/**
 * The simulator's non-chat models: `embed` answers embeddings (deterministic vectors, see
 * `simulator-embed-vectors.ts`), `image` generates images (a small PNG, see `simulator-png.ts`).
 * A name is of a kind when its last segment starts with it (`embed`, `image-hd`, `imagen-4.0`) or
 * holds it after a dash, so real ids work too: `text-embedding-3-small`, `gemini-embedding-001`,
 * `titan-embed-text-v2:0`, `gpt-image-1`, `gemini-2.5-flash-image`.
 */
export type SimulatorMediaKind = 'embed' | 'image';

/** The media models `GET /v1/models` lists. */
export const SIMULATOR_MEDIA_KINDS: readonly SimulatorMediaKind[] = ['embed', 'image'];

/** The media kind of a model name, or `undefined` for chat models and unknown names. */
export function simulatorMediaKind(model: string): SimulatorMediaKind | undefined {
  const name = model.slice(model.lastIndexOf('/') + 1);
  for (const kind of SIMULATOR_MEDIA_KINDS) {
    if (name.startsWith(kind) || name.includes(`-${kind}`) || name.includes(`.${kind}`)) return kind;
  }
  return undefined;
}

/** What the gateway routes a simulator model as: a chat model unless it is a media kind. */
export function simulatorModelType(model: string): 'language' | 'embedding' | 'image' {
  const media = simulatorMediaKind(model);
  if (media === undefined) return 'language';
  return media === 'embed' ? 'embedding' : 'image';
}
