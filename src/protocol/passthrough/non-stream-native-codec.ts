import { GatewayError } from '../../core/gateway-error.ts';
import type { NativeProtocolCodec } from './native-call.ts';

/**
 * The passthrough codec of an API whose answers never stream (embeddings, image generation): only
 * the whole-answer rewrite is ever used, since `runNativeCall` is called with `stream: false`.
 */
export function nonStreamNativeCodec(
  rewriteResponse: NativeProtocolCodec['rewriteResponse'],
): NativeProtocolCodec {
  return {
    rewriteResponse,
    createRelay() {
      throw new GatewayError('internal', 'This API has no streamed answers to relay.');
    },
    errorEvent: () => '',
  };
}
