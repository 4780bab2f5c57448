import type { NativeProtocolCodec } from '../passthrough/native-call.ts';
import { anthropicStreamErrorEvent } from './anthropic-error-format.ts';
import { rewriteAnthropicResponseBody } from './anthropic-passthrough-body.ts';
import { AnthropicStreamRelay } from './anthropic-passthrough-stream.ts';

/** Anthropic client → Anthropic-speaking provider: how answers are read and relayed byte for byte. */
export const anthropicNativeCodec: NativeProtocolCodec = {
  rewriteResponse: rewriteAnthropicResponseBody,
  createRelay: (publicModel) => new AnthropicStreamRelay(publicModel),
  errorEvent: anthropicStreamErrorEvent,
};
