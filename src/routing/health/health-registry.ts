/**
 * One `TargetHealth` per target key, shared by every request and every route that reaches the same
 * provider instance + upstream model, so what one route learns about a target protects all others.
 * Created lazily: the catalog can be large and most targets never see traffic.
 */
import { type BreakerSettings, DEFAULT_BREAKER_SETTINGS } from './breaker-settings.ts';
import { TargetHealth, type TargetHealthSnapshot } from './target-health.ts';

export class HealthRegistry {
  readonly settings: Readonly<BreakerSettings>;
  readonly #clock: (() => number) | undefined;
  readonly #targets = new Map<string, TargetHealth>();

  constructor(settings: BreakerSettings = DEFAULT_BREAKER_SETTINGS, clock?: () => number) {
    this.settings = settings;
    this.#clock = clock;
  }

  /**
   * The health of `key`, created on first use with `settings` (a per-target override) or the
   * registry's defaults. Settings given for a key that already exists are ignored: a breaker's
   * thresholds do not change under it; `delete()` it to start over.
   */
  get(key: string, settings?: BreakerSettings): TargetHealth {
    let health = this.#targets.get(key);
    if (health === undefined) {
      health = new TargetHealth(key, settings ?? this.settings, this.#clock);
      this.#targets.set(key, health);
    }
    return health;
  }

  /** The settings `key` runs (or would run) with. */
  settingsFor(key: string): Readonly<BreakerSettings> {
    return this.#targets.get(key)?.settings ?? this.settings;
  }

  /** Whether `key` has been seen. */
  has(key: string): boolean {
    return this.#targets.has(key);
  }

  /** Forgets `key` (a target removed by a config reload); true when it existed. */
  delete(key: string): boolean {
    return this.#targets.delete(key);
  }

  snapshot(): TargetHealthSnapshot[] {
    const snapshots: TargetHealthSnapshot[] = [];
    for (const health of this.#targets.values()) snapshots.push(health.snapshot());
    return snapshots;
  }
}
