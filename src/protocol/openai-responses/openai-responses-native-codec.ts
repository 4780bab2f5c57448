import type { NativeProtocolCodec } from '../passthrough/native-call.ts';
import { openAIResponsesErrorEvent } from './openai-responses-error-format.ts';
import { rewriteResponsesPassthroughBody } from './openai-responses-passthrough-body.ts';
import { OpenAIResponsesStreamRelay } from './openai-responses-passthrough-stream.ts';

/**
 * Responses client → provider that speaks Responses: how answers are read and relayed byte for
 * byte. One per call, because the error events that end a broken stream continue its numbering.
 */
export function openAIResponsesNativeCodec(): NativeProtocolCodec {
  let relay: OpenAIResponsesStreamRelay | undefined;
  return {
    rewriteResponse: rewriteResponsesPassthroughBody,
    createRelay(publicModel) {
      relay = new OpenAIResponsesStreamRelay(publicModel);
      return relay;
    },
    errorEvent: (error) =>
      relay === undefined ? openAIResponsesErrorEvent(error, 0) : relay.errorEvents(error),
  };
}
