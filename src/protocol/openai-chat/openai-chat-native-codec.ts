import type { NativeProtocolCodec } from '../passthrough/native-call.ts';
import { rewritePassthroughResponseBody } from './openai-chat-passthrough-body.ts';
import { OpenAIChatStreamRelay } from './openai-chat-passthrough-stream.ts';
import { openAIStreamErrorEvent } from './openai-error-format.ts';

/** OpenAI client → OpenAI-speaking provider: how answers are read and relayed byte for byte. */
export function openAIChatNativeCodec(clientWantsUsage: boolean): NativeProtocolCodec {
  return {
    rewriteResponse: rewritePassthroughResponseBody,
    createRelay: (publicModel) => new OpenAIChatStreamRelay(publicModel, clientWantsUsage),
    errorEvent: openAIStreamErrorEvent,
  };
}
