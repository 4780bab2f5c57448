import { type Usage, usageFromOpenAI } from '../../core/usage.ts';
import { findDataPayload, findKeyValue, isQuote, jsonKey, skipJsonString } from '../sse/sse-bytes.ts';
import { SseEventSplitter } from '../sse/sse-event-splitter.ts';

const MODEL_KEY = jsonKey('model');
const USAGE_KEY = jsonKey('usage');
const CHOICES_EMPTY = Buffer.from('"choices":[]');
const DONE = Buffer.from('[DONE]');
const ERROR_START = Buffer.from('{"error"');
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** How the upstream stream ended, as far as its bytes tell. */
export type RelayOutcome = 'done' | 'upstream-error' | 'malformed' | 'open';

/**
 * OpenAI Chat Completions stream → the same protocol, event for event. Every event is forwarded as
 * the upstream framed it; the only edits are the `model` value (the public slug the client asked
 * for) and dropping the usage-only chunk when the gateway, not the client, asked for it. The usage
 * chunk is the one event this parses; the rest are scanned for a few byte patterns.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIChatStreamRelay {
  readonly #splitter = new SseEventSplitter();
  readonly #modelJson: Buffer;
  readonly #forwardUsage: boolean;
  #outcome: RelayOutcome = 'open';
  #usage: Usage | undefined;
  #upstreamModel: string | undefined;
  #deltaEvents = 0;

  /**
   * @param publicModel the slug to show the client in place of the upstream's model id
   * @param forwardUsage whether the client asked for `stream_options.include_usage`
   */
  constructor(publicModel: string, forwardUsage: boolean) {
    this.#modelJson = Buffer.from(JSON.stringify(publicModel));
    this.#forwardUsage = forwardUsage;
  }

  get outcome(): RelayOutcome {
    return this.#outcome;
  }

  /** Usage from the upstream's final usage chunk, if it came. */
  get usage(): Usage | undefined {
    return this.#usage;
  }

  /** The model id the upstream reported (e.g. a dated version), from the first chunk. */
  get upstreamModel(): string | undefined {
    return this.#upstreamModel;
  }

  /** Chunks relayed (about one token each): what a cut stream is billed by when its usage never came. */
  get deltaEvents(): number {
    return this.#deltaEvents;
  }

  /** True when bytes of an unterminated event are left over (the stream was cut mid-event). */
  get hasPartialEvent(): boolean {
    return this.#splitter.remainder !== undefined;
  }

  /**
   * Returns what to send the client for one upstream chunk (`undefined` = nothing yet). After a
   * malformed event it returns what came before it and sets the outcome to `malformed`; the
   * caller then ends the stream with an error event.
   */
  transform(chunk: Buffer): Buffer | undefined {
    if (this.#outcome === 'malformed') return undefined;
    const events = this.#splitter.push(chunk);
    if (events.length === 0) return undefined;
    const out: Buffer[] = [];
    for (const event of events) {
      const edited = this.#relayEvent(event);
      if ((this.#outcome as RelayOutcome) === 'malformed') break;
      if (edited !== undefined) out.push(...edited);
    }
    if (out.length === 0) return undefined;
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }

  /** The pieces to send for one event, or `undefined` to drop it. */
  #relayEvent(event: Buffer): Buffer[] | undefined {
    const payload = findDataPayload(event);
    if (payload === undefined) return [event]; // comment or keep-alive
    const { start, end } = payload;
    if (end - start === DONE.length && event.indexOf(DONE, start) === start) {
      this.#outcome = 'done';
      return [event];
    }
    let last = end - 1;
    while (last > start && (event[last] === 32 || event[last] === 9)) last--;
    if (event[start] !== OPEN_BRACE || event[last] !== CLOSE_BRACE) {
      this.#outcome = 'malformed';
      return undefined;
    }
    if (event.indexOf(ERROR_START, start) === start) {
      this.#outcome = 'upstream-error';
      return [event];
    }
    const usageAt = findKeyValue(event, USAGE_KEY, start, end);
    if (usageAt !== -1 && event[usageAt] === OPEN_BRACE) {
      if (!this.#readUsage(event, start, end)) return undefined;
      // The usage-only chunk exists because the gateway asked for it; a client that did not
      // ask does not get it. A usage field riding on a content chunk stays (dropping it would
      // drop content).
      const emptyChoices = event.indexOf(CHOICES_EMPTY, start);
      if (!this.#forwardUsage && emptyChoices !== -1 && emptyChoices < end) return undefined;
    } else {
      this.#deltaEvents++;
    }
    return this.#replaceModel(event, start, end);
  }

  /** Parses the usage chunk; a chunk that does not parse marks the stream malformed. */
  #readUsage(event: Buffer, start: number, end: number): boolean {
    try {
      const chunk = JSON.parse(event.toString('utf8', start, end)) as { usage?: unknown };
      this.#usage = usageFromOpenAI(chunk.usage);
      return true;
    } catch {
      this.#outcome = 'malformed';
      return false;
    }
  }

  #replaceModel(event: Buffer, start: number, end: number): Buffer[] {
    const valueAt = findKeyValue(event, MODEL_KEY, start, end);
    if (valueAt === -1 || !isQuote(event[valueAt])) return [event];
    const valueEnd = skipJsonString(event, valueAt, end);
    if (this.#upstreamModel === undefined) {
      try {
        this.#upstreamModel = JSON.parse(event.toString('utf8', valueAt, valueEnd)) as string;
      } catch {
        this.#upstreamModel = '';
      }
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
