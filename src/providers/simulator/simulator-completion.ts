import type { SimulatorBehaviour } from './simulator-behaviour.ts';
import { simulatorLoremTokens } from './simulator-lorem.ts';
import type { SimulatorModelKind } from './simulator-models.ts';
import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';
import { simulatorReasoningTokens } from './simulator-reasoning.ts';
import { sampleJsonSchema } from './simulator-schema-sampler.ts';
import { estimateSimulatorTokens, splitSimulatorJson, splitSimulatorText } from './simulator-tokenizer.ts';

/** What every completion carries, whatever it answers. */
interface SimulatorCompletionBase {
  /** Input tokens, the cached ones included. */
  promptTokens: number;
  /** Of `promptTokens`, those reported as read from the prompt cache. */
  cachedPromptTokens: number;
  /** Output tokens of the answer itself (text or tool arguments), thinking excluded. */
  completionTokens: number;
  /** Thinking pieces, streamed before the answer; empty unless the request asked for thinking. */
  reasoning: string[];
}

/**
 * The answer of a simulated model before any wire formatting: the pieces to stream (one per
 * chunk) and the token counts. Formatters (`simulator-<format>-*-format.ts`) only render it.
 */
export type SimulatorCompletion =
  | (SimulatorCompletionBase & {
      kind: 'text';
      /** Word pieces; joined they are the whole content. */
      tokens: string[];
      finishReason: 'stop' | 'length';
      /** The stop sequence that ended the text (`finishReason` is then `stop`), else `null`. */
      stopSequence: string | null;
    })
  | (SimulatorCompletionBase & {
      kind: 'tool_call';
      toolName: string;
      /** The arguments JSON split into the fragments a stream sends. */
      argumentFragments: string[];
      arguments: string;
      finishReason: 'tool_calls';
    });

// An echo of nothing (an image-only message, no user turn) still needs some words to stream.
const EMPTY_ECHO = 'Hello from the Tollgate simulator.';

function pickTool(prompt: SimulatorPrompt): SimulatorTool | undefined {
  const choice = prompt.toolChoice;
  if (choice === 'none' || prompt.toolResultText !== undefined) return undefined;
  if (choice !== 'first') {
    return prompt.tools.find((tool) => tool.name === choice.name) ?? { name: choice.name, parameters: {} };
  }
  return prompt.tools[0];
}

function echoText(prompt: SimulatorPrompt): string {
  if (prompt.toolResultText !== undefined) return `The tool returned: ${prompt.toolResultText}`;
  return prompt.lastUserText === '' ? EMPTY_ECHO : prompt.lastUserText;
}

function contentTokens(
  prompt: SimulatorPrompt,
  kind: SimulatorModelKind,
  behaviour: SimulatorBehaviour,
): string[] {
  const format = prompt.responseFormat;
  if (format.type === 'json_schema')
    return splitSimulatorJson(JSON.stringify(sampleJsonSchema(format.schema)));
  const text = kind === 'lorem' ? simulatorLoremTokens(behaviour.outputTokens).join('') : echoText(prompt);
  if (format.type === 'json_object') return splitSimulatorJson(JSON.stringify({ echo: text }));
  return kind === 'lorem' ? simulatorLoremTokens(behaviour.outputTokens) : splitSimulatorText(text);
}

/** Ends the text before the earliest stop sequence it contains, as providers do. */
function applyStopSequences(
  tokens: string[],
  stopSequences: readonly string[],
): { tokens: string[]; stopSequence: string | null } {
  if (stopSequences.length === 0) return { tokens, stopSequence: null };
  const text = tokens.join('');
  let cut = -1;
  let matched: string | null = null;
  for (const sequence of stopSequences) {
    const at = sequence === '' ? -1 : text.indexOf(sequence);
    if (at !== -1 && (cut === -1 || at < cut)) {
      cut = at;
      matched = sequence;
    }
  }
  return cut === -1
    ? { tokens, stopSequence: null }
    : { tokens: splitSimulatorText(text.slice(0, cut)), stopSequence: matched };
}

function reasoningFor(
  prompt: SimulatorPrompt,
  kind: SimulatorModelKind,
  tool: SimulatorTool | undefined,
): string[] {
  if (!prompt.reasoning) return [];
  const toolResult = prompt.toolResultText !== undefined;
  if (tool !== undefined)
    return simulatorReasoningTokens(prompt.lastUserText, toolResult, { toolName: tool.name });
  const json = prompt.responseFormat.type !== 'text';
  return simulatorReasoningTokens(
    prompt.lastUserText,
    toolResult,
    json ? 'json' : kind === 'lorem' ? 'lorem' : 'echo',
  );
}

/**
 * The input tokens a reply reports for a prompt (a simulated cache read included): what a context
 * window is checked against, so a refusal and the usage of an accepted call always agree.
 */
export function simulatorPromptTokens(
  prompt: Pick<SimulatorPrompt, 'promptCharacters'>,
  behaviour: Pick<SimulatorBehaviour, 'cacheReadTokens'>,
): number {
  return Math.max(estimateSimulatorTokens(prompt.promptCharacters), behaviour.cacheReadTokens);
}

/** Answers a prompt the way the model kind does (see `SimulatorModelKind`). */
export function generateSimulatorCompletion(
  prompt: SimulatorPrompt,
  kind: SimulatorModelKind,
  behaviour: SimulatorBehaviour,
): SimulatorCompletion {
  const cachedPromptTokens = behaviour.cacheReadTokens;
  const promptTokens = simulatorPromptTokens(prompt, behaviour);
  const tool = kind === 'tools' ? pickTool(prompt) : undefined;
  const reasoning = reasoningFor(prompt, kind, tool);
  if (tool !== undefined) {
    const parameters = tool.parameters ?? { type: 'object', properties: {} };
    const args = JSON.stringify(sampleJsonSchema(parameters));
    return {
      kind: 'tool_call',
      toolName: tool.name,
      argumentFragments: splitSimulatorJson(args),
      arguments: args,
      finishReason: 'tool_calls',
      promptTokens,
      cachedPromptTokens,
      completionTokens: estimateSimulatorTokens(args.length),
      reasoning,
    };
  }
  const stopped = applyStopSequences(contentTokens(prompt, kind, behaviour), prompt.stopSequences);
  let tokens = stopped.tokens;
  let finishReason: 'stop' | 'length' = 'stop';
  let stopSequence = stopped.stopSequence;
  if (prompt.maxTokens !== undefined && tokens.length > prompt.maxTokens) {
    tokens = tokens.slice(0, prompt.maxTokens);
    finishReason = 'length';
    stopSequence = null;
  }
  return {
    kind: 'text',
    tokens,
    finishReason,
    stopSequence,
    promptTokens,
    cachedPromptTokens,
    completionTokens: tokens.length,
    reasoning,
  };
}
