import { z } from 'zod';
import { fallbackModelsSchema, providerOptionsSchema } from '../gateway-options-schema.ts';

/**
 * What the gateway checks of an OpenAI Responses request before it spends an upstream call on it.
 * Lenient on purpose: the API grows new item, tool and parameter types every few weeks, and a
 * passthrough forwards the client's bytes, not this parse — so unknown fields and item types are
 * allowed everywhere (loose objects), while the parts translation reads must be well-formed.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */

const inputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const inputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullable().optional(),
  file_id: z.string().nullable().optional(),
  detail: z.string().optional(),
});
const inputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().optional(),
  file_url: z.string().optional(),
  file_id: z.string().nullable().optional(),
  filename: z.string().optional(),
});
/** A type that is none of `known`: unknown kinds pass, known ones must match their own schema. */
function otherType(...known: string[]) {
  return z.string().refine((type) => !known.includes(type), { message: 'malformed item of this type' });
}

/** Other parts (`refusal`, `input_audio`, future ones) are kept for the translator to report. */
const otherPart = z.looseObject({
  type: otherType('input_text', 'output_text', 'input_image', 'input_file'),
});
const contentPart = z.union([inputText, outputText, inputImage, inputFile, otherPart]);

/** A `message` item; `type` may be left out (the API's "easy input message"). */
const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
});
const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPart)]),
});
const reasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ text: z.string() })).optional(),
  content: z
    .array(z.looseObject({ text: z.string() }))
    .nullable()
    .optional(),
  encrypted_content: z.string().nullable().optional(),
});
/** Hosted-tool calls, `item_reference`, … : passed through, reported when translated. */
const otherItem = z.looseObject({
  type: otherType('message', 'function_call', 'function_call_output', 'reasoning'),
});
const inputItem = z.union([messageItem, functionCallItem, functionCallOutputItem, reasoningItem, otherItem]);

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_.-]{1,128}$/, 'must be 1-128 letters, digits, _ . or -'),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});
const tool = z.union([functionTool, z.looseObject({ type: otherType('function') })]);

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
  z.looseObject({ type: z.literal('allowed_tools'), mode: z.enum(['auto', 'required']) }),
  z.looseObject({ type: otherType('function', 'allowed_tools') }),
]);

const textFormat = z.union([
  z.looseObject({ type: z.enum(['text', 'json_object']) }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

export const openAIResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)]).optional(),
  instructions: z.string().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  text: z
    .looseObject({ format: textFormat.optional(), verbosity: z.string().nullable().optional() })
    .optional(),
  reasoning: z
    .looseObject({ effort: z.string().nullable().optional(), summary: z.string().nullable().optional() })
    .nullable()
    .optional(),
  max_output_tokens: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  /** State kept by the upstream (OpenAI, Azure): only a provider that speaks Responses can serve them. */
  previous_response_id: z.string().min(1).nullable().optional(),
  conversation: z
    .union([z.string(), z.looseObject({ id: z.string() })])
    .nullable()
    .optional(),
  store: z.boolean().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
  /** Gateway routing options (`providerOptions.gateway`) and fallback models; never sent upstream. */
  providerOptions: providerOptionsSchema.optional(),
  models: fallbackModelsSchema.optional(),
});

export type OpenAIResponsesRequest = z.infer<typeof openAIResponsesRequestSchema>;

/** One item of `input` (a message, a function call or its output, reasoning, or another type). */
export type OpenAIResponsesInputItem = z.infer<typeof inputItem>;

/** One content part of a message or a function call output. */
export type OpenAIResponsesContentPart = z.infer<typeof contentPart>;
