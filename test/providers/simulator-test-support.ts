import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse as parseYaml } from 'yaml';
import type { SimulatorReplyPlan } from '../../src/providers/simulator/simulator-reply-plan.ts';
import {
  createSimulatorRouter,
  type SimulatorRouter,
} from '../../src/providers/simulator/simulator-router.ts';

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);
const defaultRouter = createSimulatorRouter();

export function readFixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** The response body of the first interaction of a go-vcr cassette, parsed as JSON. */
export function readCassetteResponse(path: string): Record<string, unknown> {
  const cassette = parseYaml(readFixture(path)) as { interactions: { response: { body: string } }[] };
  return JSON.parse(cassette.interactions[0]!.response.body) as Record<string, unknown>;
}

/** The `data:` payloads of an SSE body, in order (`[DONE]` included as is). */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

export type ChunkKind = 'role' | 'content' | 'tool-start' | 'tool-arguments' | 'finish' | 'usage' | 'done';

type Chunk = {
  choices: {
    delta: { role?: string; content?: string | null; tool_calls?: { id?: string }[] };
    finish_reason: string | null;
  }[];
};

/** What an OpenAI chunk is, for comparing event sequences. */
export function chunkKind(data: string): ChunkKind {
  if (data === '[DONE]') return 'done';
  const chunk = JSON.parse(data) as Chunk;
  const choice = chunk.choices[0];
  if (choice === undefined) return 'usage';
  if (choice.finish_reason !== null) return 'finish';
  const delta = choice.delta;
  if (delta.role !== undefined) return delta.tool_calls === undefined ? 'role' : 'tool-start';
  return delta.tool_calls === undefined ? 'content' : 'tool-arguments';
}

/** The sequence of chunk kinds with runs of the same kind collapsed (`content` ×30 → `content`). */
export function chunkSequence(text: string): ChunkKind[] {
  const sequence: ChunkKind[] = [];
  for (const data of sseData(text)) {
    const kind = chunkKind(data);
    if (sequence.at(-1) !== kind) sequence.push(kind);
  }
  return sequence;
}

/**
 * The shape of a JSON value: objects become their keys (in order) mapped to the shape of their
 * values, arrays the shape of their first element, scalars `'scalar'` (null counts as a scalar:
 * `content` is a string in one reply and null in another).
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, shapeOf(entry)]));
  }
  return 'scalar';
}

/** Key paths (`choices.0.message.role`, …) of a JSON value, sorted, for order-insensitive compares. */
export function keyPaths(value: unknown, base = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [] : keyPaths(value[0], `${base}[]`);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value)
    .flatMap(([key, entry]) => {
      const path = base === '' ? key : `${base}.${key}`;
      return [path, ...keyPaths(entry, path)];
    })
    .sort();
}

/** Drops a key at every depth (the API's random `obfuscation` padding, for instance). */
export function withoutKey(value: unknown, drop: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => withoutKey(entry, drop));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== drop)
      .map(([key, entry]) => [key, withoutKey(entry, drop)]),
  );
}

/** The body a plan would send when nothing fails, with its steps' delays ignored. */
export function planBody(plan: SimulatorReplyPlan): string {
  if (plan.kind !== 'respond') throw new Error(`expected a reply, got ${plan.kind}`);
  return Buffer.concat(plan.steps.flatMap((step) => (step.type === 'write' ? [step.bytes] : []))).toString(
    'utf8',
  );
}

/** Reads a body to its end, or to its error, keeping what arrived before. */
export async function drain(body: Readable): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return { bytes: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

export const USER_HELLO = [{ role: 'user', content: "I'm unable to provide real-time weather updates." }];

/** A tool shaped like the one in `stream-tool-call-strict.sse`. */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'GetWeatherArgs',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        country: { type: 'string' },
        units: { type: 'string', enum: ['c', 'f'] },
      },
      required: ['city', 'country', 'units'],
      additionalProperties: false,
    },
  },
};

/** Plans the reply to a chat completion request (a JSON body or raw text). */
export function chatPlan(
  body: unknown,
  headers: Record<string, string> = {},
  router: SimulatorRouter = defaultRouter,
): SimulatorReplyPlan {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return router({ method: 'POST', path: '/v1/chat/completions', headers, body: text });
}

export type Completion = {
  choices: {
    message: { content: string | null; tool_calls?: { function: { name: string; arguments: string } }[] };
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

/** The parsed non-stream reply to a chat completion request. */
export function complete(body: Record<string, unknown>): Completion {
  return JSON.parse(planBody(chatPlan(body))) as Completion;
}

/** The HTTP status of a plan, or its kind (`hang`, `reset`) when it has none. */
export function planStatus(plan: SimulatorReplyPlan): number | string {
  return plan.kind === 'respond' ? plan.status : plan.kind;
}
