import { randomBytes } from 'node:crypto';
import type { OpenAIResponsesRequest } from './openai-responses-request-schema.ts';

/** Where a translated response stands: the `status` of the Responses object. */
export type OpenAIResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** What changes between the snapshots of one response (created, completed, failed). */
export interface OpenAIResponsesSnapshot {
  status: OpenAIResponsesStatus;
  /** Unix seconds, once the response is over. */
  completedAt: number | null;
  /** JSON of `error` (`{code, message}`) or `null`. */
  error: string;
  /** JSON of `incomplete_details` (`{reason}`) or `null`. */
  incompleteDetails: string;
  /** JSON array of the output items. */
  output: string;
  /** JSON of `usage`, or `null` while streaming. */
  usage: string;
}

/**
 * One translated response's identity and the request fields the API echoes back, rendered to
 * JSON once: a stream sends the response object three times (created, in progress, completed),
 * and only its status, output and usage change between them. Key order as the API sends it
 * (see `test/fixtures/providers/openai/responses`).
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export class OpenAIResponsesEnvelope {
  /** `resp_…`; output item ids share its random part (`msg_…`, `fc_…`, `rs_…`), as OpenAI's do. */
  readonly id: string;
  readonly createdAt: number;
  readonly #itemBase: string;
  #items = 0;
  readonly #beforeOutput: string;
  readonly #afterOutput: string;
  readonly #tail: string;

  constructor(request: OpenAIResponsesRequest, publicModel: string) {
    const random = randomBytes(24).toString('hex');
    this.id = `resp_${random}`;
    this.#itemBase = random.slice(0, 32);
    this.createdAt = Math.floor(Date.now() / 1000);
    const raw = request as Record<string, unknown>;
    this.#beforeOutput =
      `"instructions":${JSON.stringify(request.instructions ?? null)},` +
      `"max_output_tokens":${JSON.stringify(request.max_output_tokens ?? null)},` +
      `"max_tool_calls":${JSON.stringify(raw.max_tool_calls ?? null)},` +
      `"model":${JSON.stringify(publicModel)}`;
    const reasoning = {
      effort: request.reasoning?.effort ?? null,
      summary: request.reasoning?.summary ?? null,
    };
    const text = {
      format: request.text?.format ?? { type: 'text' },
      verbosity: request.text?.verbosity ?? 'medium',
    };
    this.#afterOutput =
      `"parallel_tool_calls":${request.parallel_tool_calls !== false},"previous_response_id":null,` +
      `"reasoning":${JSON.stringify(reasoning)},"safety_identifier":${JSON.stringify(request.safety_identifier ?? null)},` +
      // Nothing is stored: a follow-up cannot name this response in `previous_response_id`.
      `"service_tier":"default","store":false,"temperature":${request.temperature ?? 1},` +
      `"text":${JSON.stringify(text)},"tool_choice":${JSON.stringify(request.tool_choice ?? 'auto')},` +
      `"tools":${JSON.stringify(request.tools ?? [])},"top_logprobs":${request.top_logprobs ?? 0},` +
      `"top_p":${request.top_p ?? 1},"truncation":${JSON.stringify(raw.truncation ?? 'disabled')}`;
    this.#tail = `"user":${JSON.stringify(request.user ?? null)},"metadata":${JSON.stringify(request.metadata ?? {})}`;
  }

  /** A new output item id: `msg`, `fc` or `rs` and a suffix unique within the response. */
  itemId(prefix: 'msg' | 'fc' | 'rs'): string {
    this.#items++;
    return `${prefix}_${this.#itemBase}${this.#items.toString(16).padStart(4, '0')}`;
  }

  /** The response object's JSON at one moment. */
  render(snapshot: OpenAIResponsesSnapshot): string {
    return (
      `{"id":"${this.id}","object":"response","created_at":${this.createdAt},"status":"${snapshot.status}",` +
      `"background":false,"completed_at":${snapshot.completedAt},"error":${snapshot.error},` +
      `"incomplete_details":${snapshot.incompleteDetails},${this.#beforeOutput},"output":${snapshot.output},` +
      `${this.#afterOutput},"usage":${snapshot.usage},${this.#tail}}`
    );
  }
}

/** An `in_progress` snapshot: nothing produced yet. */
export const IN_PROGRESS: OpenAIResponsesSnapshot = Object.freeze({
  status: 'in_progress',
  completedAt: null,
  error: 'null',
  incompleteDetails: 'null',
  output: '[]',
  usage: 'null',
});
