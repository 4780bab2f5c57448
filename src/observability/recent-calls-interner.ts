/**
 * Strings as small integers, for columns that repeat a few values (models, providers, keys, users,
 * tags): a column of numbers holds no reference the garbage collector has to follow. Index 0 is
 * "none" (`undefined`); past `limit` distinct values every new one shares the `overflow` index.
 */
export class StringInterner {
  readonly #indexes = new Map<string, number>();
  readonly #values: (string | undefined)[] = [undefined];
  readonly #limit: number;
  readonly #overflow: number;

  constructor(limit: number, overflowLabel: string) {
    this.#limit = limit;
    this.#values.push(overflowLabel);
    this.#overflow = 1;
  }

  index(value: string | undefined): number {
    if (value === undefined) return 0;
    const known = this.#indexes.get(value);
    if (known !== undefined) return known;
    if (this.#values.length >= this.#limit) return this.#overflow;
    const index = this.#values.length;
    this.#values.push(value);
    this.#indexes.set(value, index);
    return index;
  }

  /** The index of `value` if it was ever interned (lookups must not add values). */
  find(value: string): number | undefined {
    return this.#indexes.get(value);
  }

  value(index: number): string | undefined {
    return this.#values[index];
  }
}
