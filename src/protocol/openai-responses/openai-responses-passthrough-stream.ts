import type { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import type { NativeStreamRelay } from '../passthrough/native-call.ts';
import { findDataPayload, findKeyValue, isQuote, jsonKey, skipJsonString } from '../sse/sse-bytes.ts';
import { SseEventSplitter } from '../sse/sse-event-splitter.ts';
import {
  openAIResponsesErrorEvent,
  openAIResponsesFailure,
  responseLifecycleEvent,
} from './openai-responses-error-format.ts';
import { readJsonObjectAt, readLifecycleUsage } from './openai-responses-stream-usage.ts';

const TYPE_KEY = jsonKey('type');
const MODEL_KEY = jsonKey('model');
const ID_KEY = jsonKey('id');
const SEQUENCE_KEY = jsonKey('sequence_number');
const DONE = Buffer.from('[DONE]');
/** How every delta event's type ends (`response.output_text.delta"`): counted, never decoded. */
const DELTA_SUFFIX = Buffer.from('.delta"');
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The events that carry the whole response object (and so its `model`). */
const LIFECYCLE = new Set([
  'response.created',
  'response.queued',
  'response.in_progress',
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/**
 * OpenAI Responses stream → the same protocol, event for event. Events go out as the upstream
 * framed them; the only edit is the `model` value of the events that carry the response object
 * (the public slug instead of the upstream's id). What it reads on the way: each event's `type`,
 * the response id, the last `sequence_number` (so an error event it must add continues the
 * numbering), and the usage of `response.completed` / `response.incomplete`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class OpenAIResponsesStreamRelay implements NativeStreamRelay {
  readonly #splitter = new SseEventSplitter();
  readonly #publicModel: string;
  readonly #modelJson: Buffer;
  #outcome: NativeStreamRelay['outcome'] = 'open';
  #usage: Usage | undefined;
  #upstreamModel: string | undefined;
  #responseId: string | undefined;
  /** The last event with a payload: its `sequence_number` is only read if an error must follow. */
  #lastEvent: Buffer | undefined;
  #deltaEvents = 0;

  constructor(publicModel: string) {
    this.#publicModel = publicModel;
    this.#modelJson = Buffer.from(JSON.stringify(publicModel));
  }

  get outcome(): NativeStreamRelay['outcome'] {
    return this.#outcome;
  }

  get usage(): Usage | undefined {
    return this.#usage;
  }

  get upstreamModel(): string | undefined {
    return this.#upstreamModel;
  }

  get deltaEvents(): number {
    return this.#deltaEvents;
  }

  transform(chunk: Buffer): Buffer | undefined {
    if (this.#outcome === 'malformed') return undefined;
    const out: Buffer[] = [];
    for (const event of this.#splitter.push(chunk)) {
      const edited = this.#relayEvent(event);
      if (this.#outcome === ('malformed' as NativeStreamRelay['outcome'])) break;
      out.push(...edited);
    }
    if (out.length === 0) return undefined;
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }

  /**
   * The events that end a stream the gateway has to break off: `error` and `response.failed`,
   * numbered after the last event relayed.
   */
  errorEvents(error: GatewayError): string {
    let sequence = this.#lastSequence() + 1;
    let out = openAIResponsesErrorEvent(error, sequence++);
    if (this.#responseId !== undefined) {
      const response =
        `{"id":${JSON.stringify(this.#responseId)},"object":"response","status":"failed",` +
        `"error":${openAIResponsesFailure(error)},"incomplete_details":null,` +
        `"model":${JSON.stringify(this.#publicModel)},"output":[],"usage":null}`;
      out += responseLifecycleEvent('response.failed', response, sequence);
    }
    return out;
  }

  #relayEvent(event: Buffer): Buffer[] {
    const payload = findDataPayload(event);
    if (payload === undefined) return [event]; // comment or keep-alive
    const { start, end } = payload;
    // Not sent by OpenAI, but by some Responses-compatible servers: a clean end all the same.
    if (end - start === DONE.length && event.indexOf(DONE, start) === start) {
      if (this.#outcome === 'open') this.#outcome = 'done';
      return [event];
    }
    let last = end - 1;
    while (last > start && (event[last] === 32 || event[last] === 9)) last--;
    if (event[start] !== OPEN_BRACE || event[last] !== CLOSE_BRACE) {
      this.#outcome = 'malformed';
      return [];
    }
    this.#lastEvent = event;
    const typeAt = findKeyValue(event, TYPE_KEY, start, end);
    const typeEnd = typeAt === -1 || !isQuote(event[typeAt]) ? -1 : skipJsonString(event, typeAt, end);
    if (
      typeEnd !== -1 &&
      event.compare(DELTA_SUFFIX, 0, DELTA_SUFFIX.length, typeEnd - DELTA_SUFFIX.length, typeEnd) === 0
    ) {
      this.#deltaEvents++;
      return [event];
    }
    // Event types are plain ASCII names: no escapes to decode.
    const type = typeEnd === -1 ? '' : event.toString('latin1', typeAt + 1, typeEnd - 1);
    if (type === 'error') {
      this.#outcome = 'upstream-error';
      return [event];
    }
    if (!LIFECYCLE.has(type)) return [event];
    this.#responseId ??= this.#stringAt(event, findKeyValue(event, ID_KEY, start, end), end);
    if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      const usage = readLifecycleUsage(event, start, end);
      if (usage === null) {
        this.#outcome = 'malformed';
        return [];
      }
      this.#usage = usage ?? this.#usage;
      this.#outcome = type === 'response.failed' ? 'upstream-error' : 'done';
    }
    return this.#replaceModel(event, start, end);
  }

  /** The JSON string value at `at` (a quote), or `undefined`. */
  #stringAt(event: Buffer, at: number, end: number): string | undefined {
    if (at === -1 || !isQuote(event[at])) return undefined;
    const value = readJsonObjectAt(event, at, skipJsonString(event, at, end));
    return typeof value === 'string' ? value : undefined;
  }

  /** The `sequence_number` of the last event relayed (-1 before any). */
  #lastSequence(): number {
    const event = this.#lastEvent;
    if (event === undefined) return -1;
    let at = findKeyValue(event, SEQUENCE_KEY, 0, event.length);
    let value = 0;
    let digits = 0;
    for (; at !== -1 && at < event.length && event[at]! >= 48 && event[at]! <= 57; at++, digits++) {
      value = value * 10 + event[at]! - 48;
    }
    return digits === 0 ? -1 : value;
  }

  #replaceModel(event: Buffer, start: number, end: number): Buffer[] {
    const valueAt = findKeyValue(event, MODEL_KEY, start, end);
    if (valueAt === -1 || !isQuote(event[valueAt])) return [event];
    const valueEnd = skipJsonString(event, valueAt, end);
    if (this.#upstreamModel === undefined) {
      const model = readJsonObjectAt(event, valueAt, valueEnd);
      this.#upstreamModel = typeof model === 'string' ? model : '';
    }
    if (
      valueEnd - valueAt === this.#modelJson.length &&
      event.compare(this.#modelJson, 0, this.#modelJson.length, valueAt, valueEnd) === 0
    ) {
      return [event];
    }
    return [event.subarray(0, valueAt), this.#modelJson, event.subarray(valueEnd)];
  }
}
