import {
  mergeSimulatorBehaviour,
  SIMULATOR_DEFAULT_BEHAVIOUR,
  type SimulatorBehaviour,
} from './simulator-behaviour.ts';
import {
  SIMULATOR_MEDIA_KINDS,
  SIMULATOR_MODEL_KINDS,
  simulatorMediaKind,
  simulatorModelKind,
} from './simulator-models.ts';

/**
 * How a simulator (in-process transport or standalone server) is set up. Everything is optional:
 * `{}` gives an instant, fault-free provider with the `echo`, `lorem`, `tools`, `embed` and `image`
 * models.
 */
export interface SimulatorOptions {
  /** Behaviour of every model unless a model or the request says otherwise. */
  defaults?: Partial<SimulatorBehaviour>;
  /**
   * Behaviour per model name as the request spells it (`simulator/echo-slow`) or as its last path
   * segment (`echo-slow`). The name still has to be of a model kind (`echo…`, `lorem…`,
   * `tools…`, `embed…`, `image…`); configured names are listed by `GET /v1/models`.
   */
  models?: Record<string, Partial<SimulatorBehaviour>>;
  /**
   * When set, requests must carry this key the way the API they call expects it (`Authorization:
   * Bearer`, Anthropic's `x-api-key`, Gemini's `x-goog-api-key`, Azure's `api-key`, the access key
   * id of a Bedrock signature) or get that API's own 401/403.
   */
  apiKey?: string;
}

/** The options digested once, so the per-request path only does lookups. */
export interface SimulatorConfig {
  readonly defaults: Readonly<SimulatorBehaviour>;
  readonly models: ReadonlyMap<string, Readonly<SimulatorBehaviour>>;
  /** The key every request must carry, or `undefined` when open. */
  readonly apiKey: string | undefined;
  /** Model ids for `GET /v1/models`. */
  readonly modelIds: readonly string[];
  /** One fingerprint per simulator, as a real deployment keeps one for a while. */
  readonly systemFingerprint: string;
}

/** Validates and freezes the options once, when a transport or server is created. */
export function compileSimulatorConfig(options: SimulatorOptions = {}): SimulatorConfig {
  const defaults = Object.freeze(mergeSimulatorBehaviour(SIMULATOR_DEFAULT_BEHAVIOUR, options.defaults));
  const models = new Map<string, Readonly<SimulatorBehaviour>>();
  const modelIds: string[] = [...SIMULATOR_MODEL_KINDS, ...SIMULATOR_MEDIA_KINDS];
  for (const [name, behaviour] of Object.entries(options.models ?? {})) {
    models.set(name, Object.freeze(mergeSimulatorBehaviour(defaults, behaviour)));
    const known = simulatorModelKind(name) ?? simulatorMediaKind(name);
    if (known !== undefined && !modelIds.includes(name)) modelIds.push(name);
  }
  return {
    defaults,
    models,
    apiKey: options.apiKey,
    modelIds,
    systemFingerprint: `fp_${Math.random().toString(16).slice(2, 12).padEnd(10, '0')}`,
  };
}

/** The behaviour configured for a model name (exact name first, then its last path segment). */
export function simulatorModelBehaviour(
  config: SimulatorConfig,
  model: string,
): Readonly<SimulatorBehaviour> {
  if (config.models.size === 0) return config.defaults;
  return (
    config.models.get(model) ?? config.models.get(model.slice(model.lastIndexOf('/') + 1)) ?? config.defaults
  );
}
