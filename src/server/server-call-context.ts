import type { CallContext } from '../core/call-context.ts';
import type { CallRecord } from '../core/call-record.ts';

/** The server's implementation of the handler contract; one per request, no closures. */
export class ServerCallContext implements CallContext {
  readonly request: Request;
  readonly requestId: string;
  readonly record: CallRecord;
  pathRest = '';
  readonly #startMark: number;
  readonly #sink: (record: CallRecord) => void;
  #deferred = false;
  #finished = false;

  constructor(request: Request, record: CallRecord, startMark: number, sink: (record: CallRecord) => void) {
    this.request = request;
    this.requestId = record.requestId;
    this.record = record;
    this.#startMark = startMark;
    this.#sink = sink;
  }

  /** Rounded to 0.1 ms: finer digits are noise on a shared machine. */
  elapsedMs(): number {
    return Math.round((performance.now() - this.#startMark) * 10) / 10;
  }

  get deferred(): boolean {
    return this.#deferred;
  }

  deferFinish(): void {
    this.#deferred = true;
  }

  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.record.latencyMs ??= this.elapsedMs();
    this.#sink(this.record);
  }
}
