import { z } from 'zod';
import { fallbackModelsSchema, providerOptionsSchema } from '../gateway-options-schema.ts';

/**
 * What the gateway checks of an OpenAI Chat Completions request before it spends an upstream
 * call on it. Fields the gateway does not know (new OpenAI parameters, provider extensions) are
 * allowed and pass through untouched — the client's bytes are forwarded, not this parse — while
 * the ones it knows must be well-formed. Nested objects use zod's default mode, which leaves
 * unknown keys out of its output and is faster than copying them; the top level, `stream_options`
 * and the audio/file parts keep them because translation and the passthrough read them.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const otherPart = z.looseObject({ type: z.enum(['input_audio', 'file', 'refusal']) });
const contentPart = z.discriminatedUnion('type', [textPart, imagePart, otherPart]);

const toolCall = z.object({
  id: z.string(),
  type: z.string(),
  function: z.object({ name: z.string(), arguments: z.string() }).optional(),
});

const message = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer']), content: z.union([z.string(), z.array(textPart)]) }),
  z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(contentPart)]) }),
  z.object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
    tool_calls: z.array(toolCall).optional(),
  }),
  z.object({
    role: z.literal('tool'),
    content: z.union([z.string(), z.array(textPart)]),
    tool_call_id: z.string(),
  }),
  z.object({ role: z.literal('function'), name: z.string(), content: z.string().nullable() }),
]);

const functionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_.-]{1,128}$/, 'must be 1-128 letters, digits, _ . or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});
const tool = z.union([functionTool, z.object({ type: z.string().refine((type) => type !== 'function') })]);

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
  z.object({ type: z.string() }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

const tokenLimit = z.number().int().min(1).nullable().optional();

export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  max_tokens: tokenLimit,
  max_completion_tokens: tokenLimit,
  n: z.number().int().min(1).max(128).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)])
    .nullable()
    .optional(),
  seed: z.number().int().nullable().optional(),
  user: z.string().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  /** Gateway routing options (`providerOptions.gateway`) and fallback models; never sent upstream. */
  providerOptions: providerOptionsSchema.optional(),
  models: fallbackModelsSchema.optional(),
});

export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;
