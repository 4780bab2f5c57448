// Small statistics helpers: latency samples in milliseconds, percentiles, medians across runs.

/** Collects latency samples (ms) without per-sample allocation. */
export class Samples {
  #values = new Float64Array(4096);
  #count = 0;

  add(value: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = value;
  }

  get count(): number {
    return this.#count;
  }

  /** Percentiles (0–100) by nearest rank; `null` when there is no sample. */
  percentiles(...ranks: number[]): (number | null)[] {
    if (this.#count === 0) return ranks.map(() => null);
    const sorted = this.#values.slice(0, this.#count).sort();
    return ranks.map((rank) => {
      const index = Math.min(this.#count - 1, Math.max(0, Math.ceil((rank / 100) * this.#count) - 1));
      return sorted[index]!;
    });
  }

  summary(): LatencySummary {
    const [p50, p90, p99, max] = this.percentiles(50, 90, 99, 100);
    return {
      count: this.#count,
      p50: round(p50 ?? null),
      p90: round(p90 ?? null),
      p99: round(p99 ?? null),
      max: round(max ?? null),
    };
  }
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/** Rounds to 3 decimals (microseconds for milliseconds). */
export function round(value: number | null, decimals = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Median of the defined values; `null` when there is none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value),
  );
  if (present.length === 0) return null;
  present.sort((a, b) => a - b);
  const middle = Math.floor(present.length / 2);
  return present.length % 2 === 1 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
}

/** `a / b`, or `null` when either is missing or `b` is 0. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}
