import { write, writeSync } from 'node:fs';

/** Above this many buffered bytes (stdout blocked for long), new lines are dropped and counted. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Lines are gathered this long and written in one call: one write per ~100 requests, not one each. */
const FLUSH_INTERVAL_MS = 50;
/** A batch this big is written at once rather than waiting for the interval. */
const FLUSH_BYTES = 256 * 1024;
const RETRY_MS = 20;

/**
 * Where log lines go: an in-memory batch written with one asynchronous `fs.write` every 50 ms (or
 * every 256 KiB), so logging never blocks the event loop and costs one array push per line. Written by hand
 * because pino's own destination (sonic-boom) measures the byte length of its whole pending
 * buffer on every write — 13–15 µs per line measured here against 6 µs for this one.
 */
export class BatchedLogDestination {
  readonly #fd: number;
  #lines: string[] = [];
  #bufferedChars = 0;
  /** A flush is scheduled or a write is in flight. */
  #writing = false;
  /** A write is in flight (its callback will flush what gathered meanwhile). */
  #inFlight = false;
  #dropped = 0;
  readonly #flushSoon = (): void => this.#flush();

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** Lines dropped because the output was blocked and the buffer full. */
  get dropped(): number {
    return this.#dropped;
  }

  write(line: string): void {
    if (this.#bufferedChars > MAX_BUFFERED_BYTES) {
      this.#dropped++;
      return;
    }
    this.#lines.push(line);
    this.#bufferedChars += line.length;
    if (!this.#writing) {
      this.#writing = true;
      setTimeout(this.#flushSoon, FLUSH_INTERVAL_MS).unref();
    } else if (this.#bufferedChars >= FLUSH_BYTES && !this.#inFlight) {
      this.#flush();
    }
  }

  /** Writes everything buffered synchronously; for shutdown and fatal errors only. */
  flushSync(): void {
    if (this.#lines.length === 0) return;
    const data = this.#take();
    try {
      writeSync(this.#fd, data);
    } catch {
      // The output is gone; nothing else can be done with the lines.
    }
  }

  #take(): string {
    const data = this.#lines.length === 1 ? (this.#lines[0] as string) : this.#lines.join('');
    this.#lines = [];
    this.#bufferedChars = 0;
    return data;
  }

  #flush(): void {
    if (this.#inFlight) return;
    if (this.#lines.length === 0) {
      this.#writing = false;
      return;
    }
    this.#inFlight = true;
    this.#writeOut(Buffer.from(this.#take()));
  }

  #writeOut(data: Buffer): void {
    write(this.#fd, data, (error, written) => {
      if (error !== null) {
        // A non-blocking pipe that is full answers EAGAIN: try the same bytes again shortly.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          setTimeout(() => this.#writeOut(data), RETRY_MS);
          return;
        }
        this.#dropped++;
      } else if (written < data.length) {
        this.#writeOut(data.subarray(written));
        return;
      }
      this.#inFlight = false;
      if (this.#lines.length === 0) this.#writing = false;
      else setTimeout(this.#flushSoon, FLUSH_INTERVAL_MS).unref();
    });
  }
}
