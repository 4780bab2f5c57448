// What the benchmark sends and how long: settings (overridable by env), request bodies, the gateway config.

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}="${raw}" is not a positive number`);
  return value;
}

export const SETTINGS = {
  /** Repetitions; every target is started fresh for each, and medians across them are reported. */
  reps: Math.round(numberEnv('BENCH_REPS', 3)),
  /** Seconds of each measured scenario. */
  seconds: numberEnv('BENCH_SECONDS', 4),
  /** Seconds of load before measuring, on every fresh process (JIT, connection pools). */
  warmupSeconds: numberEnv('BENCH_WARMUP_SECONDS', 1.5),
  /** Connections of the maximum-throughput scenario. */
  maxConnections: Math.round(numberEnv('BENCH_CONNECTIONS', 64)),
  /** Requests per second of the paced (open-loop) scenario. */
  rate: numberEnv('BENCH_RATE', 500),
  /** Connections of the fixed-concurrency (closed-loop) scenario. */
  fixedConnections: Math.round(numberEnv('BENCH_FIXED_CONNECTIONS', 8)),
  /** Streams open at once in the streaming scenario. */
  streamConcurrency: Math.round(numberEnv('BENCH_STREAM_CONCURRENCY', 8)),
  /**
   * A repetition during which the hypervisor stole more than `maxStealPct` of either core, or
   * something else used more than `maxOtherPct` of it, is run again (the less noisy attempt is
   * kept), as long as the run stays within `budgetSeconds`.
   */
  maxStealPct: numberEnv('BENCH_MAX_STEAL', 10),
  maxOtherPct: numberEnv('BENCH_MAX_OTHER', 25),
  /**
   * Seconds of each measured scenario for the translation targets (`tg-oai>anth`, `tg-anth>oai`),
   * which also skip the fixed-concurrency scenario: what keeps the whole run under 5 minutes.
   */
  translationSeconds: numberEnv('BENCH_TRANSLATION_SECONDS', 2),
  /** Retries stop when they would take the whole run past this many seconds. */
  budgetSeconds: numberEnv('BENCH_BUDGET_SECONDS', 255),
  streamTokens: 32,
  streamTokensPerSecond: 1000,
  /** The proxy under test runs on this core; the simulator and the load generators on the other. */
  proxyCore: 0,
  loadCore: 1,
} as const;

/**
 * `direct`, `floor` and `tollgate` (same-protocol passthrough) run every scenario; the two
 * translation targets are Tollgate too, fed another protocol than its upstream speaks.
 */
export const TARGETS = ['direct', 'floor', 'tollgate', 'tg-oai>anth', 'tg-anth>oai'] as const;
export type TargetName = (typeof TARGETS)[number];
export const TRANSLATION_TARGETS = ['tg-oai>anth', 'tg-anth>oai'] as const satisfies readonly TargetName[];
/** The proxies (every target but `direct`). */
export const PROXY_TARGETS = TARGETS.filter((target) => target !== 'direct');

export const API_KEY = 'bench-key-0123456789';

const MESSAGES = [
  {
    role: 'system',
    content:
      'You are a concise assistant for an online bookshop. Answer in two sentences at most and never invent prices.',
  },
  {
    role: 'user',
    content:
      'I bought a used copy of The Left Hand of Darkness last week and two pages are missing. Can I exchange it, and do I need the receipt?',
  },
];

/**
 * A small realistic chat request (~400 bytes). The simulator accepts `upstream/echo` as `echo`, so
 * the three targets get byte-identical requests; Tollgate routes `upstream/…` to the simulator.
 */
export const CHAT_BODY = JSON.stringify({
  model: 'upstream/echo',
  messages: MESSAGES,
  temperature: 0.2,
  max_tokens: 256,
  user: 'bench-user-42',
});

export const STREAM_BODY = JSON.stringify({
  model: 'upstream/lorem',
  messages: MESSAGES,
  stream: true,
  temperature: 0.2,
  max_tokens: 256,
  user: 'bench-user-42',
});

export const CHAT_PATH = '/v1/chat/completions';
export const MESSAGES_PATH = '/v1/messages';

/** OpenAI client → Anthropic-format upstream: the same OpenAI body, routed to the `anth` provider. */
export const OAI_TO_ANTH_CHAT_BODY = CHAT_BODY.replace('"upstream/echo"', '"anth/echo"');
export const OAI_TO_ANTH_STREAM_BODY = STREAM_BODY.replace('"upstream/lorem"', '"anth/lorem"');

/** Anthropic client → OpenAI-format upstream: an Anthropic Messages body of the same content. */
const ANTHROPIC_REQUEST = {
  model: 'upstream/echo',
  max_tokens: 256,
  system: MESSAGES[0]!.content,
  messages: [{ role: 'user', content: MESSAGES[1]!.content }],
  temperature: 0.2,
  metadata: { user_id: 'bench-user-42' },
};
export const ANTHROPIC_CHAT_BODY = JSON.stringify(ANTHROPIC_REQUEST);
export const ANTHROPIC_STREAM_BODY = JSON.stringify({
  ...ANTHROPIC_REQUEST,
  model: 'upstream/lorem',
  stream: true,
});

export const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  authorization: `Bearer ${API_KEY}`,
};

/** Stream shape, per request: Tollgate forwards `x-simulator-*` because its config says so. */
export const STREAM_HEADERS: Readonly<Record<string, string>> = {
  ...REQUEST_HEADERS,
  'x-simulator-output-tokens': String(SETTINGS.streamTokens),
  'x-simulator-tokens-per-second': String(SETTINGS.streamTokensPerSecond),
};

/** What the Anthropic SDK sends: the key in `x-api-key`, and the API version. */
export const ANTHROPIC_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'x-api-key': API_KEY,
  'anthropic-version': '2023-06-01',
};

export const ANTHROPIC_STREAM_HEADERS: Readonly<Record<string, string>> = {
  ...ANTHROPIC_HEADERS,
  'x-simulator-output-tokens': String(SETTINGS.streamTokens),
  'x-simulator-tokens-per-second': String(SETTINGS.streamTokensPerSecond),
};

/**
 * Tollgate's config: one key, the simulator twice: as an openai-compatible upstream (`upstream/*`,
 * the passthrough and the Anthropic-client translation) and as an Anthropic-format one (`anth/*`,
 * the OpenAI-client translation; `catalog: false` keeps the built-in catalog's Claude models out).
 */
export function gatewayConfigYaml(upstreamBaseUrl: string): string {
  return `auth:
  api_keys:
    - name: bench
      key: ${API_KEY}
logging:
  level: info
providers:
  upstream:
    type: openai-compatible
    base_url: ${upstreamBaseUrl}
    forward_headers: ['x-simulator-*']
    models:
      - id: echo
        pricing: { input: 2.5, output: 10 }
      - id: lorem
        pricing: { input: 2.5, output: 10 }
  anth:
    type: anthropic
    base_url: ${upstreamBaseUrl}
    api_key: bench-anthropic-key-0123
    catalog: false
    forward_headers: ['x-simulator-*']
    models:
      - id: echo
        pricing: { input: 3, output: 15 }
      - id: lorem
        pricing: { input: 3, output: 15 }
`;
}
