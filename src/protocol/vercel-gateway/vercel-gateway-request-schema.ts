import { z } from 'zod';

/**
 * A prompt part as the gateway clients send it (`LanguageModelV2/V3/V4` prompt parts as JSON).
 * Parts are checked for the fields the gateway reads; everything else is kept as sent.
 * @see https://github.com/vercel/ai/blob/main/packages/provider/src/language-model/v4/language-model-v4-prompt.ts
 */
const providerOptions = z.record(z.string(), z.record(z.string(), z.unknown())).optional();

const textPart = z.looseObject({ type: z.literal('text'), text: z.string(), providerOptions });
const filePart = z.looseObject({
  type: z.literal('file'),
  mediaType: z.string().optional(),
  data: z.unknown(),
  filename: z.string().optional(),
  providerOptions,
});
const reasoningPart = z.looseObject({ type: z.literal('reasoning'), text: z.string(), providerOptions });
const reasoningFilePart = z.looseObject({
  type: z.literal('reasoning-file'),
  mediaType: z.string(),
  data: z.unknown(),
});
const toolCallPart = z.looseObject({
  type: z.literal('tool-call'),
  toolCallId: z.string(),
  toolName: z.string(),
  input: z.unknown(),
  providerOptions,
});
const toolResultPart = z.looseObject({
  type: z.literal('tool-result'),
  toolCallId: z.string(),
  toolName: z.string(),
  output: z.looseObject({ type: z.string() }),
  providerOptions,
});
const approvalPart = z.looseObject({
  type: z.literal('tool-approval-response'),
  approvalId: z.string(),
  approved: z.boolean(),
});
const customPart = z.looseObject({ type: z.literal('custom'), kind: z.string() });

export const gatewayPromptPartSchema = z.discriminatedUnion('type', [
  textPart,
  filePart,
  reasoningPart,
  reasoningFilePart,
  toolCallPart,
  toolResultPart,
  approvalPart,
  customPart,
]);

const messageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: z.string(), providerOptions }),
  z.looseObject({ role: z.literal('user'), content: z.array(gatewayPromptPartSchema), providerOptions }),
  z.looseObject({ role: z.literal('assistant'), content: z.array(gatewayPromptPartSchema), providerOptions }),
  z.looseObject({ role: z.literal('tool'), content: z.array(gatewayPromptPartSchema), providerOptions }),
]);

const toolSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('function'),
    name: z.string().min(1),
    description: z.string().optional(),
    inputSchema: z.record(z.string(), z.unknown()),
  }),
  z.looseObject({ type: z.literal('provider'), id: z.string(), name: z.string(), args: z.unknown() }),
  // The 2.x line called provider tools `provider-defined`.
  z.looseObject({ type: z.literal('provider-defined'), id: z.string(), name: z.string(), args: z.unknown() }),
]);

/**
 * The body of `POST {base}/language-model`: the AI SDK call options as JSON (`abortSignal`
 * removed, bytes base64-encoded). `headers` is a quirk of the client — the per-call headers
 * serialised into the body — and is ignored (it may carry secrets).
 */
export const gatewayLanguageRequestSchema = z.looseObject({
  prompt: z.array(messageSchema).min(1),
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
  responseFormat: z
    .union([
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({
        type: z.literal('json'),
        schema: z.record(z.string(), z.unknown()).optional(),
        name: z.string().optional(),
        description: z.string().optional(),
      }),
    ])
    .optional(),
  tools: z.array(toolSchema).optional(),
  toolChoice: z
    .union([
      z.looseObject({ type: z.enum(['auto', 'none', 'required']) }),
      z.looseObject({ type: z.literal('tool'), toolName: z.string() }),
    ])
    .optional(),
  includeRawChunks: z.boolean().optional(),
  reasoning: z
    .enum(['provider-default', 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'])
    .optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

export type GatewayLanguageRequest = z.infer<typeof gatewayLanguageRequestSchema>;
export type GatewayPromptPart = z.infer<typeof gatewayPromptPartSchema>;
