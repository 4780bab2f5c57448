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
