import assert from 'node:assert/strict';
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { Provider } from '../../src/providers/provider-types.ts';

/** The two ways a translated call reaches a provider, seen through the same model interface. */
export type ModelView = Pick<LanguageModelV4, 'doGenerate' | 'doStream'>;
export type ModelOf = (provider: Provider, modelId: string) => ModelView;

/**
 * A provider's direct model as an AI SDK model, so the recordings that check the adapter check
 * the gateway's own decoder with the same assertions: the stream starts with `stream-start`
 * (its warnings), parts are pushed as decoded, a failing stream ends with an `error` part.
 */
function directView(provider: Provider, modelId: string): ModelView {
  const direct = provider.directModel?.(modelId);
  assert.ok(direct !== undefined, `provider ${provider.name} has a direct model for ${modelId}`);
  const contextOf = (signal: AbortSignal | undefined) => ({
    clientSignal: signal ?? new AbortController().signal,
  });
  return {
    async doGenerate(options) {
      const pending = direct.generate(options, contextOf(options.abortSignal));
      assert.ok(pending !== undefined, 'the direct model takes this call');
      return pending;
    },
    async doStream(options) {
      const pending = direct.stream(options, contextOf(options.abortSignal));
      assert.ok(pending !== undefined, 'the direct model takes this call');
      const { source, warnings } = await pending;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings });
          source.consume({
            onPart: (part) => controller.enqueue(part),
            onEnd: () => controller.close(),
            onError: (error) => {
              controller.enqueue({ type: 'error', error });
              controller.close();
            },
          });
        },
      });
      return { stream };
    },
  };
}

/** Every test over recordings runs once per kind. */
export const MODEL_KINDS: readonly (readonly [kind: string, modelOf: ModelOf])[] = [
  ['AI SDK adapter', (provider, modelId) => provider.languageModel(modelId)],
  ['direct model', directView],
];
