// `npm run bench:routing`: what the routing decision costs per request, in-process, no I/O.
// Scenarios (a)–(c) time what a handler does before the first upstream call: read the routing
// options (`routingRequestOf`), look the model up (`catalog.resolve`) and plan the attempts
// (`planRoute`). Scenario (d) times the failover executor around a runner that resolves at once
// with a prebuilt Response (one attempt: health begin/succeed, the attempt record). Each is run
// BENCH_ROUTING_ITERATIONS times (default 200,000) after a warm-up, in batches of 1,000: the mean
// is over all iterations, the p99 over the per-iteration means of the batches. Budget: 50 µs.
import { resolveRouting } from '../src/config/config-routing.ts';
import type { ModelConfig } from '../src/config/config-types.ts';
import { newCallRecord } from '../src/core/call-record.ts';
import type { ModelPrice } from '../src/core/pricing.ts';
import type { Provider } from '../src/providers/provider-types.ts';
import { type AttemptRunner, runWithFailover } from '../src/routing/failover-executor.ts';
import { ModelCatalog } from '../src/routing/model-catalog.ts';
import { type PlannedAttempt, planRoute } from '../src/routing/route-plan.ts';
import { routingRequestOf } from '../src/routing/routing-request.ts';

const BUDGET_US = 50;
const BATCH = 1_000;
const ITERATIONS = Math.max(
  BATCH,
  Math.round(Number(process.env.BENCH_ROUTING_ITERATIONS ?? 200_000) / BATCH) * BATCH,
);
const WARMUP = Math.max(BATCH, Math.round(ITERATIONS / 10 / BATCH) * BATCH);

/** Routing never calls a provider: a name and deadlines are all a target needs here. */
function benchProvider(name: string): Provider {
  return {
    name,
    type: 'openai-compatible',
    timeouts: { connectMs: 5_000, firstByteMs: 60_000, idleMs: 30_000, totalMs: 600_000 },
    nativeProtocol: 'openai-chat',
  } as unknown as Provider;
}

const providers = new Map<string, Provider>();
for (const name of ['p1', 'p2', 'p3', 'p4', 'f1', 'f2', 'f3']) providers.set(name, benchProvider(name));

const price: ModelPrice = {
  inputMicroUsdPerMTok: 2_500_000,
  outputMicroUsdPerMTok: 10_000_000,
  cacheReadMicroUsdPerMTok: 1_250_000,
  cacheWriteMicroUsdPerMTok: 2_500_000,
};
const models: ModelConfig[] = [
  { slug: 'single/model', contextWindow: 128_000, targets: [{ provider: 'p1', model: 'model-1', price }] },
  {
    slug: 'weighted/model',
    contextWindow: 128_000,
    routing: resolveRouting({ balance: 'weighted', fallbacks: ['fallback/one', 'fallback/two'] }),
    targets: [
      { provider: 'p1', model: 'weighted-1', price, weight: 4 },
      { provider: 'p2', model: 'weighted-2', price, weight: 3 },
      { provider: 'p3', model: 'weighted-3', price, weight: 2 },
      { provider: 'p4', model: 'weighted-4', price, weight: 1 },
    ],
  },
  {
    slug: 'fallback/one',
    contextWindow: 200_000,
    targets: [
      { provider: 'f1', model: 'fallback-1', price },
      { provider: 'f2', model: 'fallback-1', price },
    ],
  },
  {
    slug: 'fallback/two',
    contextWindow: 1_000_000,
    targets: [{ provider: 'f3', model: 'fallback-2', price }],
  },
  {
    slug: 'fast/model',
    contextWindow: 128_000,
    routing: resolveRouting({ balance: 'least-latency', affinity: 'session' }),
    targets: [
      { provider: 'p1', model: 'fast-1', price },
      { provider: 'p2', model: 'fast-2', price },
      { provider: 'p3', model: 'fast-3', price },
      { provider: 'p4', model: 'fast-4', price },
    ],
  },
];
const catalog = new ModelCatalog(models, providers);
const resolve = (slug: string) => catalog.resolve(slug);

// Least-latency needs latencies to compare.
for (const [index, target] of (catalog.resolve('fast/model')?.targets ?? []).entries()) {
  for (let i = 0; i < 20; i++) {
    target.health.begin();
    target.health.succeed({ latencyMs: 200 + 150 * index + (i % 7) * 10 });
  }
}

/** What a typical client sends: no routing headers; the session scenario adds a session id. */
const plainHeaders = new Headers({
  authorization: 'Bearer tg-0123456789abcdef',
  'content-type': 'application/json',
  'user-agent': 'openai-node/5.0.0',
});
const SESSIONS = 1_024;
const sessionHeaders = Array.from(
  { length: SESSIONS },
  (_, i) =>
    new Headers({
      authorization: 'Bearer tg-0123456789abcdef',
      'content-type': 'application/json',
      'x-session-id': `0b7c9e4a-5d2f-4f6e-9a1b-${i.toString(16).padStart(12, '0')}`,
    }),
);
const noPrefix = () => undefined;

/** Keeps the results alive so the work cannot be optimized away. */
let sink = 0;

function decide(slug: string, headers: Headers): void {
  const route = catalog.resolve(slug);
  if (route === undefined) throw new Error(`no route for ${slug}`);
  const plan = planRoute(route, routingRequestOf(headers, undefined, undefined, noPrefix), resolve);
  sink += plan.length;
}

interface Scenario {
  name: string;
  what: string;
  /** One iteration; async only for the executor. */
  sync?: (i: number) => void;
  async?: (i: number) => Promise<void>;
}

const executorPlan: PlannedAttempt[] = planRoute(catalog.resolve('single/model')!, {}, resolve);
const prebuilt = new Response(null, { status: 200 });
const immediate: AttemptRunner = () => Promise.resolve(prebuilt);
const executorRecord = newCallRecord('bench', 'POST', '/v1/chat/completions');
const executorOptions = {
  policy: catalog.resolve('single/model')!.routing,
  signal: new AbortController().signal,
};

const scenarios: Scenario[] = [
  {
    name: '(a) 1 target',
    what: 'routingRequestOf + resolve + planRoute, ordered, 1 target',
    sync: () => decide('single/model', plainHeaders),
  },
  {
    name: '(b) 4 weighted + 2 fallbacks',
    what: 'same, weighted 4:3:2:1, fallback models of 2 and 1 targets (plan of 7)',
    sync: () => decide('weighted/model', plainHeaders),
  },
  {
    name: '(c) 4 least-latency + affinity',
    what: 'same, least-latency, session affinity from x-session-id (1,024 sessions)',
    sync: (i) => decide('fast/model', sessionHeaders[i % SESSIONS]!),
  },
  {
    name: '(d) executor, 1 attempt',
    what: 'runWithFailover around a runner resolving a prebuilt Response at once',
    async: async () => {
      executorRecord.attempts.length = 0;
      const response = await runWithFailover(executorRecord, executorPlan, immediate, executorOptions);
      sink += response.status;
    },
  },
];

interface Result {
  name: string;
  what: string;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

async function runBatches(scenario: Scenario, iterations: number): Promise<number[]> {
  const batchMeansUs: number[] = [];
  const { sync, async: asyncRun } = scenario;
  for (let start = 0; start < iterations; start += BATCH) {
    const begin = process.hrtime.bigint();
    if (sync !== undefined) {
      for (let i = start; i < start + BATCH; i++) sync(i);
    } else if (asyncRun !== undefined) {
      for (let i = start; i < start + BATCH; i++) await asyncRun(i);
    }
    batchMeansUs.push(Number(process.hrtime.bigint() - begin) / 1_000 / BATCH);
  }
  return batchMeansUs;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function measure(scenario: Scenario): Promise<Result> {
  await runBatches(scenario, WARMUP);
  const batchMeansUs = await runBatches(scenario, ITERATIONS);
  const sorted = [...batchMeansUs].sort((a, b) => a - b);
  const meanUs = batchMeansUs.reduce((sum, value) => sum + value, 0) / batchMeansUs.length;
  return {
    name: scenario.name,
    what: scenario.what,
    meanUs,
    p50Us: percentile(sorted, 50),
    p99Us: percentile(sorted, 99),
    maxUs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

function cell(value: string, width: number, right = true): string {
  return right ? value.padStart(width) : value.padEnd(width);
}

const started = performance.now();
console.log(
  `Routing decision cost per request (Node ${process.versions.node}, ${ITERATIONS.toLocaleString('en-US')} iterations ` +
    `per scenario in batches of ${BATCH.toLocaleString('en-US')}, warm-up ${WARMUP.toLocaleString('en-US')}; budget ${BUDGET_US} µs)\n`,
);
const results: Result[] = [];
for (const scenario of scenarios) results.push(await measure(scenario));

const header = `${cell('scenario', 32, false)} ${cell('mean µs', 9)} ${cell('p50 µs', 9)} ${cell('p99 µs', 9)} ${cell('max µs', 9)}  verdict`;
console.log(header);
console.log('-'.repeat(header.length));
for (const result of results) {
  const pass = result.meanUs <= BUDGET_US && result.p99Us <= BUDGET_US;
  console.log(
    `${cell(result.name, 32, false)} ${cell(result.meanUs.toFixed(2), 9)} ${cell(result.p50Us.toFixed(2), 9)} ` +
      `${cell(result.p99Us.toFixed(2), 9)} ${cell(result.maxUs.toFixed(2), 9)}  ${pass ? 'PASS' : 'FAIL'}`,
  );
}
console.log('\np50/p99/max are over the per-iteration means of the 1,000-iteration batches.');
for (const result of results) console.log(`  ${result.name}: ${result.what}`);
const allPass = results.every((result) => result.meanUs <= BUDGET_US && result.p99Us <= BUDGET_US);
console.log(
  `\n${allPass ? 'PASS' : 'FAIL'}: every scenario's mean and p99 ≤ ${BUDGET_US} µs ` +
    `(${((performance.now() - started) / 1_000).toFixed(1)} s, checksum ${sink % 997})`,
);
