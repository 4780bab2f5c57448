import type { CallRecord } from './call-record.ts';

/**
 * What a route handler gets for one call: the Web-standard request, its id, and the record it
 * fills in. The server implements it; handlers only see this contract.
 */
export interface CallContext {
  readonly request: Request;
  readonly requestId: string;
  readonly record: CallRecord;
  /** For prefix routes: the decoded rest of the path (e.g. the model id of `/v1/models/{id}`). */
  readonly pathRest: string;
  /** Milliseconds since the request arrived. */
  elapsedMs(): number;
  /**
   * The handler returns a streaming response and will call `finish()` when the stream ends, so the
   * server must not finish the record when the response object is returned.
   */
  deferFinish(): void;
  /** Completes the record and hands it to observability; only the first call counts. */
  finish(): void;
}
