/** What a follow-up (`previous_response_id`) takes over from a stored response. */
export interface SimulatorStoredResponse {
  /** Characters of the whole conversation so far (prompt and answer), counted into the next prompt. */
  characters: number;
  /** The last user text, echoed when the follow-up brings none (only a tool result, say). */
  lastUserText: string;
}

/** How many responses one simulator remembers. */
const CAPACITY = 1000;

/**
 * The responses one simulator stored (`store` true, the API's default), so a follow-up can name
 * one in `previous_response_id`: the most recent thousand, oldest forgotten first — enough for
 * tests and benchmarks, bounded so a long run cannot grow it without end.
 */
export class SimulatorResponseStore {
  readonly #entries = new Map<string, SimulatorStoredResponse>();

  get(id: string): SimulatorStoredResponse | undefined {
    return this.#entries.get(id);
  }

  set(id: string, response: SimulatorStoredResponse): void {
    this.#entries.set(id, response);
    if (this.#entries.size > CAPACITY) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }
}
