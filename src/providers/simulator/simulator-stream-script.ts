import type { SimulatorStreamPiece, SimulatorStreamScript } from './simulator-stream-timeline.ts';

function join(pieces: readonly SimulatorStreamPiece[]): SimulatorStreamPiece {
  if (pieces.length === 1) return pieces[0]!;
  if (pieces.every((piece) => typeof piece === 'string')) return pieces.join('');
  return Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)));
}

/**
 * Assembles a `SimulatorStreamScript` from a format's events in wire order. Structural events
 * (message start, block start and stop, …) travel with the token that follows them, so a stream
 * cut after N tokens stops where a real one would; those after the last token form the closing.
 */
export class SimulatorStreamScriptBuilder {
  #opening: SimulatorStreamPiece = '';
  readonly #tokens: SimulatorStreamPiece[] = [];
  #pending: SimulatorStreamPiece[] = [];

  /** An event that is not a token: sent with the next token, or with the closing after the last. */
  event(piece: SimulatorStreamPiece): void {
    this.#pending.push(piece);
  }

  /** A token event, timed and counted by the stream timeline. */
  token(piece: SimulatorStreamPiece): void {
    if (this.#tokens.length === 0) {
      this.#opening = this.#pending.length === 0 ? '' : join(this.#pending);
      this.#tokens.push(piece);
    } else if (this.#pending.length === 0) {
      this.#tokens.push(piece);
    } else {
      this.#pending.push(piece);
      this.#tokens.push(join(this.#pending));
    }
    this.#pending = [];
  }

  /** How many tokens were added so far. */
  get tokenCount(): number {
    return this.#tokens.length;
  }

  build(garbage: Buffer, failure?: SimulatorStreamPiece): SimulatorStreamScript {
    const closing = this.#pending.length === 0 ? '' : join(this.#pending);
    return { opening: this.#opening, tokens: this.#tokens, closing, garbage, failure };
  }
}
