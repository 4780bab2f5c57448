import type { SimulatorBehaviour } from './simulator-behaviour.ts';
import { simulatorLoremTokens } from './simulator-lorem.ts';
import type { SimulatorModelKind } from './simulator-models.ts';
import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';
import { sampleJsonSchema } from './simulator-schema-sampler.ts';
import { estimateSimulatorTokens, splitSimulatorJson, splitSimulatorText } from './simulator-tokenizer.ts';

/**
 * The answer of a simulated model before any wire formatting: the pieces to stream (one per
 * chunk) and the token counts. Formatters (`simulator-openai-chat-*.ts`) only render it.
 */
export type SimulatorCompletion =
  | {
      kind: 'text';
      /** Word pieces; joined they are the whole content. */
      tokens: string[];
      finishReason: 'stop' | 'length';
      promptTokens: number;
      completionTokens: number;
    }
  | {
      kind: 'tool_call';
      toolName: string;
      /** The arguments JSON split into the fragments a stream sends. */
      argumentFragments: string[];
      arguments: string;
      finishReason: 'tool_calls';
      promptTokens: number;
      completionTokens: number;
    };

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

/** Answers a prompt the way the model kind does (see `SimulatorModelKind`). */
export function generateSimulatorCompletion(
  prompt: SimulatorPrompt,
  kind: SimulatorModelKind,
  behaviour: SimulatorBehaviour,
): SimulatorCompletion {
  const promptTokens = estimateSimulatorTokens(prompt.promptCharacters);
  const tool = kind === 'tools' ? pickTool(prompt) : undefined;
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
      completionTokens: estimateSimulatorTokens(args.length),
    };
  }
  let tokens = contentTokens(prompt, kind, behaviour);
  let finishReason: 'stop' | 'length' = 'stop';
  if (prompt.maxTokens !== undefined && tokens.length > prompt.maxTokens) {
    tokens = tokens.slice(0, prompt.maxTokens);
    finishReason = 'length';
  }
  return { kind: 'text', tokens, finishReason, promptTokens, completionTokens: tokens.length };
}
