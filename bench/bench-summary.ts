// From the repetitions to one number per target and metric (medians; error counts are summed),
// and the rows of the printed tables.
import { SETTINGS, TARGETS, type TargetName } from './bench-config.ts';
import type { RepResult } from './bench-scenarios.ts';
import { median, round } from './bench-stats.ts';

export interface MetricDef {
  key: string;
  label: string;
  pick: (rep: RepResult) => number | null;
  /** Error counts are summed over the repetitions; everything else is the median. */
  sum?: boolean;
  /** Shown as-is, not compared to the floor (counts, load-side figures). */
  noRatio?: boolean;
}

export interface SectionDef {
  key: string;
  title: string;
  metrics: MetricDef[];
}

const errorsOf = (result: { errors: number; non2xx: number }): number => result.errors + result.non2xx;

export const SECTIONS: SectionDef[] = [
  {
    key: 'maxThroughput',
    title: `Max throughput, non-stream (${SETTINGS.maxConnections} connections, closed loop, autocannon)`,
    metrics: [
      { key: 'rps', label: 'req/s', pick: (r) => r.maxThroughput.result.requestsPerSecond },
      { key: 'p50', label: 'latency p50 ms', pick: (r) => r.maxThroughput.result.latency.p50 },
      { key: 'p99', label: 'latency p99 ms', pick: (r) => r.maxThroughput.result.latency.p99 },
      { key: 'cpu', label: 'proxy CPU ms/req', pick: (r) => r.maxThroughput.proxyCpuMsPerRequest },
      {
        key: 'busy',
        label: 'proxy core busy %',
        pick: (r) => r.maxThroughput.proxyCoreBusyPct,
        noRatio: true,
      },
      {
        key: 'loadBusy',
        label: 'load core busy % (sim+loadgen)',
        pick: (r) => r.maxThroughput.loadCoreBusyPct,
        noRatio: true,
      },
      {
        key: 'errors',
        label: 'errors + non-2xx (sum)',
        pick: (r) => errorsOf(r.maxThroughput.result),
        sum: true,
        noRatio: true,
      },
    ],
  },
  {
    key: 'fixedRate',
    title: `Fixed rate ${SETTINGS.rate} req/s, non-stream (paced open loop, latency from scheduled send)`,
    metrics: [
      { key: 'p50', label: 'latency p50 ms', pick: (r) => r.fixedRate.result.latency.p50 },
      { key: 'p99', label: 'latency p99 ms', pick: (r) => r.fixedRate.result.latency.p99 },
      {
        key: 'serviceP50',
        label: 'p50 from actual send ms',
        pick: (r) => r.fixedRate.result.serviceLatency.p50,
      },
      { key: 'rps', label: 'achieved req/s', pick: (r) => r.fixedRate.result.requestsPerSecond },
      { key: 'cpu', label: 'proxy CPU ms/req', pick: (r) => r.fixedRate.proxyCpuMsPerRequest },
      {
        key: 'lag',
        label: 'generator send lag p50 ms',
        pick: (r) => r.fixedRate.result.sendLag.p50,
        noRatio: true,
      },
      {
        key: 'errors',
        label: 'errors + non-2xx (sum)',
        pick: (r) => errorsOf(r.fixedRate.result),
        sum: true,
        noRatio: true,
      },
    ],
  },
  {
    key: 'fixedConcurrency',
    title: `Fixed concurrency, non-stream (${SETTINGS.fixedConnections} connections, closed loop, autocannon; not run for the translation targets)`,
    metrics: [
      { key: 'rps', label: 'req/s', pick: (r) => r.fixedConcurrency?.result.requestsPerSecond ?? null },
      { key: 'p50', label: 'latency p50 ms', pick: (r) => r.fixedConcurrency?.result.latency.p50 ?? null },
      { key: 'p99', label: 'latency p99 ms', pick: (r) => r.fixedConcurrency?.result.latency.p99 ?? null },
      {
        key: 'cpu',
        label: 'proxy CPU ms/req',
        pick: (r) => r.fixedConcurrency?.proxyCpuMsPerRequest ?? null,
      },
      {
        key: 'errors',
        label: 'errors + non-2xx (sum)',
        pick: (r) => (r.fixedConcurrency === null ? null : errorsOf(r.fixedConcurrency.result)),
        sum: true,
        noRatio: true,
      },
    ],
  },
  {
    key: 'streams',
    title: `Streams (${SETTINGS.streamConcurrency} open at once, ${SETTINGS.streamTokens} tokens at ${SETTINGS.streamTokensPerSecond} tok/s, lorem)`,
    metrics: [
      { key: 'ttftP50', label: 'time to first token p50 ms', pick: (r) => r.streams.result.ttft.p50 },
      { key: 'ttftP99', label: 'time to first token p99 ms', pick: (r) => r.streams.result.ttft.p99 },
      { key: 'totalP50', label: 'total time p50 ms', pick: (r) => r.streams.result.total.p50 },
      { key: 'totalP99', label: 'total time p99 ms', pick: (r) => r.streams.result.total.p99 },
      { key: 'sps', label: 'streams/s', pick: (r) => r.streams.result.streamsPerSecond },
      { key: 'cpu', label: 'proxy CPU ms/stream', pick: (r) => r.streams.proxyCpuMsPerRequest },
      {
        key: 'errors',
        label: 'errors + non-2xx (sum)',
        pick: (r) => errorsOf(r.streams.result),
        sum: true,
        noRatio: true,
      },
    ],
  },
  {
    key: 'memory',
    title: 'Memory',
    metrics: [{ key: 'rss', label: 'proxy peak RSS MiB', pick: (r) => r.streams.peakRssMiB }],
  },
  {
    key: 'noise',
    title: 'Noise while measuring (steal: time given to other guests; other: CPU not used by the bench)',
    metrics: [
      {
        key: 'stealProxy',
        label: 'steal % proxy core',
        pick: (r) => r.noise.stealPct.proxyCore,
        noRatio: true,
      },
      { key: 'stealLoad', label: 'steal % load core', pick: (r) => r.noise.stealPct.loadCore, noRatio: true },
      {
        key: 'otherProxy',
        label: 'other CPU % proxy core',
        pick: (r) => r.noise.otherPct.proxyCore,
        noRatio: true,
      },
      {
        key: 'otherLoad',
        label: 'other CPU % load core',
        pick: (r) => r.noise.otherPct.loadCore,
        noRatio: true,
      },
    ],
  },
];

/** summary[section][metric][target] */
export type Summary = Record<string, Record<string, Record<TargetName, number | null>>>;

/**
 * Medians per target over its quiet repetitions when it has any (a repetition during which the
 * host stalled measures the host, not the proxy), over all of them otherwise; error counts are
 * summed over all. `usedReps` tells which repetitions each target's medians come from.
 */
export function summarize(
  reps: readonly RepResult[],
  isQuiet: (rep: RepResult) => boolean,
): { summary: Summary; usedReps: Record<TargetName, number[]> } {
  const summary: Summary = {};
  const used = {} as Record<TargetName, RepResult[]>;
  for (const target of TARGETS) {
    const all = reps.filter((rep) => rep.target === target);
    const quiet = all.filter(isQuiet);
    used[target] = quiet.length > 0 ? quiet : all;
  }
  for (const section of SECTIONS) {
    const metrics: Record<string, Record<TargetName, number | null>> = {};
    for (const metric of section.metrics) {
      const row = {} as Record<TargetName, number | null>;
      for (const target of TARGETS) {
        // A sum over no figure at all (a scenario the target does not run) is no figure, not 0.
        const counts = reps.filter((rep) => rep.target === target).map(metric.pick);
        row[target] = metric.sum
          ? counts.some((count) => count !== null)
            ? counts.reduce<number>((total, count) => total + (count ?? 0), 0)
            : null
          : round(median(used[target].map(metric.pick)), 4);
      }
      metrics[metric.key] = row;
    }
    summary[section.key] = metrics;
  }
  const usedReps = {} as Record<TargetName, number[]>;
  for (const target of TARGETS) usedReps[target] = used[target].map((rep) => rep.rep);
  return { summary, usedReps };
}
