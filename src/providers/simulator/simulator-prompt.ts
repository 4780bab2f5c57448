/** A function tool the caller offered, with its JSON schema for the arguments. */
export interface SimulatorTool {
  name: string;
  parameters: unknown;
}

/**
 * What the simulator needs from a request, whatever wire format it came in. Each format parses its
 * own request into this (`simulator-openai-chat-request.ts`, `simulator-anthropic-request.ts`, …), and `simulator-completion.ts` answers
 * it, so a new format only adds a parser and a formatter.
 */
export interface SimulatorPrompt {
  /** The model as the request named it; echoed back in the reply. */
  model: string;
  /** Text of the last user message (image and audio parts left out). */
  lastUserText: string;
  /** Text of the last message when it is a tool result, so tool loops can end. */
  toolResultText: string | undefined;
  /** Characters of all message text, for the prompt token estimate. */
  promptCharacters: number;
  /** Offered function tools, in request order. */
  tools: SimulatorTool[];
  /** The tool to call: a named tool, `'first'` (auto/required) or `'none'`. */
  toolChoice: { name: string } | 'first' | 'none';
  /** The requested output shape. */
  responseFormat: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };
  /** `max_tokens` / `max_completion_tokens`, when set. */
  maxTokens: number | undefined;
  /** Stop sequences: the answer ends before the first one it contains. */
  stopSequences: readonly string[];
  /** The request asked to see the model's thinking (Anthropic `thinking`, Gemini `includeThoughts`, …). */
  reasoning: boolean;
}
