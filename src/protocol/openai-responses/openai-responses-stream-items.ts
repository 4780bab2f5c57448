import type { OpenAIResponsesEnvelope } from './openai-responses-object.ts';
import { functionCallItem, messageItem, reasoningItem } from './openai-responses-output-items.ts';
import { encryptedContentOf } from './openai-responses-reasoning-metadata.ts';
import * as events from './openai-responses-stream-events.ts';

type Metadata = Record<string, Record<string, unknown> | undefined>;

/** An output item between its `output_item.added` and `output_item.done`. */
interface OpenItem extends events.ItemRef {
  readonly kind: 'message' | 'reasoning' | 'function_call';
  /** Text, reasoning or arguments so far. */
  text: string;
  /** The reasoning summary part was announced (only once there is thinking text). */
  partOpen: boolean;
  metadata: Metadata | undefined;
  callId: string;
  name: string;
}

function merge(into: Metadata | undefined, from: Metadata | undefined): Metadata | undefined {
  if (from === undefined) return into;
  const merged: Metadata = { ...into };
  for (const key in from) merged[key] = { ...merged[key], ...from[key] };
  return merged;
}

const ID_PREFIX = { message: 'msg', reasoning: 'rs', function_call: 'fc' } as const;

/**
 * The output items of a translated stream, each from `output_item.added` through its content
 * events to `output_item.done`, keyed by the canonical part id (prefixed by kind: `t:`, `r:`,
 * `f:`). Owns the event numbering, which the encoder's lifecycle events share.
 */
export class OpenAIResponsesStreamItems {
  readonly #envelope: OpenAIResponsesEnvelope;
  #seq = 0;
  /** Open items, in the order they opened. */
  readonly #open = new Map<string, OpenItem>();
  /** Finished items' JSON by output index. */
  readonly #output: string[] = [];
  #nextIndex = 0;

  constructor(envelope: OpenAIResponsesEnvelope) {
    this.#envelope = envelope;
  }

  /** The next event's `sequence_number`. */
  nextSequence(): number {
    return this.#seq++;
  }

  /** The finished items as the response's `output` array. */
  outputJson(): string {
    return `[${this.#output.filter((item) => item !== undefined).join(',')}]`;
  }

  #openItem(key: string, kind: OpenItem['kind'], callId = '', name = ''): OpenItem {
    const id = this.#envelope.itemId(ID_PREFIX[kind]);
    const item: OpenItem = {
      id,
      outputIndex: this.#nextIndex++,
      kind,
      text: '',
      partOpen: false,
      metadata: undefined,
      callId,
      name,
    };
    this.#open.set(key, item);
    return item;
  }

  #added(item: OpenItem): string {
    const json =
      item.kind === 'message'
        ? messageItem(item.id, 'in_progress', undefined)
        : item.kind === 'reasoning'
          ? reasoningItem(item.id, undefined, undefined)
          : functionCallItem(item.id, 'in_progress', item.callId, item.name, '');
    const out = events.outputItemAdded(json, item.outputIndex, this.#seq++);
    return item.kind === 'message' ? out + events.contentPartAdded(item, this.#seq++) : out;
  }

  /** Ends an item: its content's `.done` events, then `output_item.done`. */
  close(key: string): string {
    const item = this.#open.get(key);
    if (item === undefined) return '';
    this.#open.delete(key);
    let out = '';
    let json: string;
    if (item.kind === 'message') {
      out += events.outputTextDone(item, item.text, this.#seq);
      this.#seq += 2;
      json = messageItem(item.id, 'completed', item.text);
    } else if (item.kind === 'reasoning') {
      if (item.partOpen) {
        out += events.summaryTextDone(item, item.text, this.#seq);
        this.#seq += 2;
      }
      json = reasoningItem(item.id, item.text, encryptedContentOf(item.metadata));
    } else {
      out += events.argumentsDone(item, item.text, this.#seq++);
      json = functionCallItem(item.id, 'completed', item.callId, item.name, item.text);
    }
    this.#output[item.outputIndex] = json;
    return out + events.outputItemDone(json, item.outputIndex, this.#seq++);
  }

  /** Ends every item still open (a finish part closes what the upstream left open). */
  closeAll(): string {
    let out = '';
    for (const key of [...this.#open.keys()]) out += this.close(key);
    return out;
  }

  /** Text of a text part (`''` only opens its message item). */
  text(id: string, delta: string): string {
    const key = `t:${id}`;
    let item = this.#open.get(key);
    let out = '';
    if (item === undefined) {
      item = this.#openItem(key, 'message');
      out = this.#added(item);
    }
    if (delta === '') return out;
    item.text += delta;
    return out + events.outputTextDelta(item, delta, this.#seq++);
  }

  /** Thinking of a reasoning part, with the provider metadata (signatures) that may come with it. */
  reasoning(id: string, delta: string, metadata: Metadata | undefined): string {
    const key = `r:${id}`;
    let item = this.#open.get(key);
    let out = '';
    if (item === undefined) {
      item = this.#openItem(key, 'reasoning');
      out = this.#added(item);
    }
    item.metadata = merge(item.metadata, metadata);
    if (delta === '') return out;
    if (!item.partOpen) {
      item.partOpen = true;
      out += events.summaryPartAdded(item, this.#seq++);
    }
    item.text += delta;
    return out + events.summaryTextDelta(item, delta, this.#seq++);
  }

  /** A function call whose arguments will stream. */
  startCall(id: string, name: string): string {
    const key = `f:${id}`;
    return this.#open.has(key) ? '' : this.#added(this.#openItem(key, 'function_call', id, name));
  }

  callArguments(id: string, delta: string): string {
    const item = this.#open.get(`f:${id}`);
    if (item === undefined || delta === '') return '';
    item.text += delta;
    return events.argumentsDelta(item, delta, this.#seq++);
  }

  /** A complete function call: opened now if its arguments did not stream, then closed. */
  call(id: string, name: string, input: string): string {
    const key = `f:${id}`;
    let item = this.#open.get(key);
    let out = '';
    if (item === undefined) {
      item = this.#openItem(key, 'function_call', id, name);
      out = this.#added(item);
    }
    // Clients join deltas: a call whose arguments did not stream gets them as one delta.
    if (item.text === '' && input !== '') out += events.argumentsDelta(item, input, this.#seq++);
    item.text = input;
    return out + this.close(key);
  }
}
