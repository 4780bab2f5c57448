import type { Usage } from '../../core/usage.ts';
import type { RelayOutcome } from '../openai-chat/openai-chat-passthrough-stream.ts';
import type { NativeStreamRelay } from '../passthrough/native-call.ts';
import { findDataPayload, findKeyValue, isQuote, jsonKey, skipJsonString } from '../sse/sse-bytes.ts';
import { SseEventSplitter } from '../sse/sse-event-splitter.ts';
import { type AnthropicUsageWire, usageFromAnthropic } from './anthropic-usage-wire.ts';

const EVENT_PREFIX = Buffer.from('event: ');
const MODEL_KEY = jsonKey('model');
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The `event:` name of one SSE event, or '' when it has none. */
function eventName(event: Buffer): string {
  if (event.indexOf(EVENT_PREFIX) !== 0) return '';
  const end = event.indexOf(10, EVENT_PREFIX.length);
  return event.toString('latin1', EVENT_PREFIX.length, end === -1 ? event.length : end).trim();
}

/**
 * Anthropic Messages stream → the same protocol, event for event: only the `model` of
 * `message_start` is replaced by the public slug. Usage is read from `message_start` (input and
 * cache counts) and `message_delta` (final output count) — the two events this parses; the rest
 * are only checked to be JSON objects. `message_stop` completes the stream; `event: error` is
 * Anthropic's own mid-stream error, relayed as is.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamRelay implements NativeStreamRelay {
  readonly #splitter = new SseEventSplitter();
  readonly #modelJson: Buffer;
  #outcome: RelayOutcome = 'open';
  #usage: AnthropicUsageWire | undefined;
  #upstreamModel: string | undefined;
  #deltaEvents = 0;

  constructor(publicModel: string) {
    this.#modelJson = Buffer.from(JSON.stringify(publicModel));
  }

  get outcome(): RelayOutcome {
    return this.#outcome;
  }

  get usage(): Usage | undefined {
    return usageFromAnthropic(this.#usage);
  }

  get upstreamModel(): string | undefined {
    return this.#upstreamModel;
  }

  /** Content deltas relayed: what a cut stream is billed by when its usage never came. */
  get deltaEvents(): number {
    return this.#deltaEvents;
  }

  transform(chunk: Buffer): Buffer | undefined {
    if (this.#outcome === 'malformed') return undefined;
    const out: Buffer[] = [];
    for (const event of this.#splitter.push(chunk)) {
      const relayed = this.#relayEvent(event);
      if ((this.#outcome as RelayOutcome) === 'malformed') break;
      out.push(...relayed);
    }
    if (out.length === 0) return undefined;
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }

  #relayEvent(event: Buffer): Buffer[] {
    const payload = findDataPayload(event);
    if (payload === undefined) return [event];
    const { start, end } = payload;
    let last = end - 1;
    while (last > start && (event[last] === 32 || event[last] === 9)) last--;
    if (event[start] !== OPEN_BRACE || event[last] !== CLOSE_BRACE) {
      this.#outcome = 'malformed';
      return [];
    }
    switch (eventName(event)) {
      case 'message_start':
        return this.#messageStart(event, start, last + 1);
      case 'message_delta':
        this.#readDelta(event, start, last + 1);
        return [event];
      case 'message_stop':
        this.#outcome = 'done';
        return [event];
      case 'error':
        this.#outcome = 'upstream-error';
        return [event];
      case 'content_block_delta':
        this.#deltaEvents++;
        return [event];
      default:
        return [event];
    }
  }

  #messageStart(event: Buffer, start: number, end: number): Buffer[] {
    try {
      const data = JSON.parse(event.toString('utf8', start, end)) as {
        message?: { model?: string; usage?: AnthropicUsageWire };
      };
      this.#upstreamModel = data.message?.model;
      this.#usage = { ...data.message?.usage };
    } catch {
      this.#outcome = 'malformed';
      return [];
    }
    const valueAt = findKeyValue(event, MODEL_KEY, start, end);
    if (valueAt === -1 || !isQuote(event[valueAt])) return [event];
    const valueEnd = skipJsonString(event, valueAt, end);
    return [event.subarray(0, valueAt), this.#modelJson, event.subarray(valueEnd)];
  }

  #readDelta(event: Buffer, start: number, end: number): void {
    try {
      const data = JSON.parse(event.toString('utf8', start, end)) as { usage?: AnthropicUsageWire };
      // message_delta's counts are cumulative and win over message_start's.
      const usage: AnthropicUsageWire = { ...this.#usage };
      for (const [key, value] of Object.entries(data.usage ?? {})) {
        if (typeof value === 'number') usage[key as keyof AnthropicUsageWire] = value;
      }
      this.#usage = usage;
    } catch {
      this.#outcome = 'malformed';
    }
  }
}
