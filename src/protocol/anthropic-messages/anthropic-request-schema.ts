import { z } from 'zod';
import { providerOptionsSchema } from '../gateway-options-schema.ts';

/**
 * What the gateway checks of an Anthropic Messages request before it spends an upstream call on
 * it. Unknown fields and block types (new betas, server tools, Claude Code's `context_management`
 * and `output_config`) are allowed and pass through untouched to an Anthropic upstream; the fields
 * the gateway reads must be well-formed.
 * @see https://docs.anthropic.com/en/api/messages
 */

const cacheControl = z.looseObject({ type: z.string() }).nullable().optional();

const block = z.looseObject({ type: z.string().min(1), cache_control: cacheControl });

const content = z.union([z.string(), z.array(block)]);

const message = z.looseObject({
  /** `system` mid-conversation is a Claude Code beta (`mid-conversation-system-2026-04-07`). */
  role: z.enum(['user', 'assistant', 'system']),
  content,
});

const tool = z.looseObject({
  name: z.string().min(1),
  type: z.string().optional(),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: cacheControl,
});

const toolChoice = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().optional(),
});

const thinking = z.looseObject({
  type: z.enum(['enabled', 'disabled', 'adaptive']),
  budget_tokens: z.number().int().min(1).optional(),
});

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(message).min(1),
  system: content.optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  metadata: z.looseObject({ user_id: z.string().nullable().optional() }).optional(),
  /** Gateway options (`providerOptions.gateway`) and upstream options, as Vercel's gateway takes them. */
  providerOptions: providerOptionsSchema.optional(),
});

/** `count_tokens` takes the same fields but no `max_tokens`. */
export const anthropicCountTokensRequestSchema = anthropicMessagesRequestSchema.omit({
  max_tokens: true,
  stream: true,
});

export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;
export type AnthropicBlock = z.infer<typeof block>;
