// The targets Tollgate is held to, each against the floor proxy measured in the same run: four for
// the same-protocol passthrough, and CPU per request / per stream for each translation case.
import { SETTINGS, type TargetName, TRANSLATION_TARGETS } from './bench-config.ts';
import { ratio } from './bench-stats.ts';
import type { Summary } from './bench-summary.ts';

export interface Check {
  name: string;
  detail: string;
  pass: boolean | null;
}

const fmt = (value: number | null, decimals = 3): string =>
  value === null ? 'n/a' : value.toFixed(decimals);
const decide = (a: number | null, b: number | null, ok: (a: number, b: number) => boolean): boolean | null =>
  a === null || b === null ? null : ok(a, b);

/** A translation case may spend at most this many times the floor's CPU per request (and per stream). */
export const TRANSLATION_CPU_LIMIT = 2.5;

export function checkTargets(summary: Summary): Check[] {
  const get = (section: string, metric: string, target: TargetName): number | null =>
    summary[section]?.[metric]?.[target] ?? null;
  const rps = ratio(get('maxThroughput', 'rps', 'tollgate'), get('maxThroughput', 'rps', 'floor'));
  const cpu = ratio(get('fixedRate', 'cpu', 'tollgate'), get('fixedRate', 'cpu', 'floor'));
  const direct = get('fixedRate', 'p50', 'direct');
  const added = (target: TargetName): number | null => {
    const p50 = get('fixedRate', 'p50', target);
    return p50 === null || direct === null ? null : p50 - direct;
  };
  const ttftTollgate = get('streams', 'ttftP50', 'tollgate');
  const ttftFloor = get('streams', 'ttftP50', 'floor');
  const translation = TRANSLATION_TARGETS.flatMap((target): Check[] => {
    const cpuAt = (section: string): { value: number | null; floor: number | null; ratio: number | null } => {
      const value = get(section, 'cpu', target);
      const floor = get(section, 'cpu', 'floor');
      return { value, floor, ratio: ratio(value, floor) };
    };
    const paced = cpuAt('fixedRate');
    const saturated = cpuAt('maxThroughput');
    const streamed = cpuAt('streams');
    const limit = `${TRANSLATION_CPU_LIMIT}x`;
    return [
      {
        name: `${target} CPU per request at ${SETTINGS.rate} req/s <= ${limit} floor`,
        detail:
          `${target}/floor = ${fmt(paced.ratio, 2)} (${fmt(paced.value, 4)} vs ${fmt(paced.floor, 4)} ms); ` +
          `at max throughput ${fmt(saturated.ratio, 2)} (${fmt(saturated.value, 4)} vs ${fmt(saturated.floor, 4)} ms)`,
        pass: paced.ratio === null ? null : paced.ratio <= TRANSLATION_CPU_LIMIT,
      },
      {
        name: `${target} CPU per stream <= ${limit} floor`,
        detail: `${target}/floor = ${fmt(streamed.ratio, 2)} (${fmt(streamed.value, 4)} vs ${fmt(streamed.floor, 4)} ms)`,
        pass: streamed.ratio === null ? null : streamed.ratio <= TRANSLATION_CPU_LIMIT,
      },
    ];
  });
  return [
    {
      name: 'max throughput >= 60% of floor',
      detail: `tollgate/floor = ${fmt(rps, 2)}`,
      pass: rps === null ? null : rps >= 0.6,
    },
    {
      name: `CPU per request at ${SETTINGS.rate} req/s <= 1.6x floor`,
      detail: `tollgate/floor = ${fmt(cpu, 2)} (${fmt(get('fixedRate', 'cpu', 'tollgate'), 4)} vs ${fmt(get('fixedRate', 'cpu', 'floor'), 4)} ms)`,
      pass: cpu === null ? null : cpu <= 1.6,
    },
    {
      name: `added p50 latency at ${SETTINGS.rate} req/s <= floor's + 0.3 ms`,
      detail: `tollgate +${fmt(added('tollgate'))} ms vs floor +${fmt(added('floor'))} ms over direct`,
      pass: decide(added('tollgate'), added('floor'), (t, f) => t <= f + 0.3),
    },
    {
      name: "TTFT p50 <= floor's + 0.5 ms",
      detail: `tollgate ${fmt(ttftTollgate)} ms vs floor ${fmt(ttftFloor)} ms`,
      pass: decide(ttftTollgate, ttftFloor, (t, f) => t <= f + 0.5),
    },
    ...translation,
  ];
}
