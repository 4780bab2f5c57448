// `npm run bench`: direct calls to the simulator, calls through the floor proxy and calls through
// Tollgate (same-protocol passthrough, and the two translation cases), measured in one run on this
// machine; prints tables and target checks, writes JSON to bench/results/. A benchmark, not a test:
// nothing in CI runs it. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTargets } from './bench-checks.ts';
import {
  gatewayConfigYaml,
  PROXY_TARGETS,
  SETTINGS,
  TARGETS,
  type TargetName,
  TRANSLATION_TARGETS,
} from './bench-config.ts';
import {
  freePort,
  HAS_TASKSET,
  installCleanupHandlers,
  killAllChildren,
  pinSelf,
  startProcess,
} from './bench-process.ts';
import { renderReport, writeResults } from './bench-report.ts';
import { type RepResult, type RunContext, runRepetition, targetPlan } from './bench-scenarios.ts';
import { summarize } from './bench-summary.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

function gitDescribe(): { commit: string | null; dirty: boolean | null } {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bin'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return {
    commit: head.status === 0 ? head.stdout.trim() : null,
    dirty: status.status === 0 ? status.stdout.trim() !== '' : null,
  };
}

/** How far a repetition's noise went past the limits (> 0: too noisy), in percentage points. */
function excessNoise(result: RepResult): number {
  const { stealPct, otherPct } = result.noise;
  return Math.max(
    (stealPct.proxyCore ?? 0) - SETTINGS.maxStealPct,
    (stealPct.loadCore ?? 0) - SETTINGS.maxStealPct,
    (otherPct.proxyCore ?? 0) - SETTINGS.maxOtherPct,
    (otherPct.loadCore ?? 0) - SETTINGS.maxOtherPct,
  );
}

function noiseText(result: RepResult): string {
  const { stealPct, otherPct } = result.noise;
  return `steal ${stealPct.proxyCore}/${stealPct.loadCore}%, other ${otherPct.proxyCore}/${otherPct.loadCore}%`;
}

function progressLine(result: RepResult, seconds: number): string {
  const r = result;
  const cpu = (value: number | null): string => (value === null ? '' : ` (${value.toFixed(3)} ms CPU)`);
  const concurrency =
    r.fixedConcurrency === null
      ? ''
      : `p50 @${SETTINGS.fixedConnections} conns ${r.fixedConcurrency.result.latency.p50?.toFixed(3)} ms, `;
  return (
    `  ${r.target.padEnd(11)} ${String(r.maxThroughput.result.requestsPerSecond).padStart(6)} req/s max, ` +
    `p50 @${SETTINGS.rate}/s ${r.fixedRate.result.latency.p50?.toFixed(3)} ms${cpu(r.fixedRate.proxyCpuMsPerRequest)}, ` +
    concurrency +
    `TTFT p50 ${r.streams.result.ttft.p50?.toFixed(3)} ms; ${noiseText(r)} (${seconds.toFixed(1)} s)`
  );
}

/** Seconds the given slots should take, from what the same target's slots took so far. */
function estimateSeconds(
  slots: readonly TargetName[],
  taken: readonly { target: TargetName; seconds: number }[],
): number {
  const mean = (values: number[]): number | null =>
    values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  const overall = mean(taken.map((slot) => slot.seconds)) ?? 0;
  return slots.reduce(
    (sum, target) =>
      sum + (mean(taken.filter((slot) => slot.target === target).map((slot) => slot.seconds)) ?? overall),
    0,
  );
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const startedAt = new Date();
  const notes: string[] = [];
  if (!HAS_TASKSET) notes.push('taskset is missing: nothing was pinned, so the processes shared both cores.');
  else if (!pinSelf(SETTINGS.loadCore)) notes.push('could not pin the load generator to its core.');
  const fullTargets = TARGETS.filter((target) => targetPlan(target).fixedConcurrency);
  console.log(
    `tollgate bench: ${SETTINGS.reps} reps x ${TARGETS.length} targets; ` +
      `${fullTargets.join(', ')}: 4 scenarios of ${SETTINGS.seconds} s; ` +
      `${TRANSLATION_TARGETS.join(', ')} (translation): 3 scenarios of ${SETTINGS.translationSeconds} s ` +
      `(no fixed concurrency); noise retries while the run fits in ${SETTINGS.budgetSeconds} s; ` +
      `proxy on core ${SETTINGS.proxyCore}, simulator + load generator on core ${SETTINGS.loadCore}` +
      (HAS_TASKSET ? '' : ' (not pinned: no taskset)'),
  );

  const workDir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const simulatorPort = await freePort();
  const simulator = await startProcess({
    name: 'simulator',
    args: ['bin/tollgate.mjs', 'simulate', '--port', String(simulatorPort)],
    core: SETTINGS.loadCore,
    readyText: 'simulator listening',
    logFile: join(workDir, 'simulator.log'),
    cwd: repoRoot,
  });
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const gatewayConfigFile = join(workDir, 'tollgate.yaml');
  writeFileSync(gatewayConfigFile, gatewayConfigYaml(`${simulatorUrl}/v1`));
  const context: RunContext = {
    repoRoot,
    workDir,
    simulatorPid: simulator.pid,
    simulatorUrl,
    gatewayConfigFile,
  };

  const reps: RepResult[] = [];
  const discarded: RepResult[] = [];
  const slotSeconds: { target: TargetName; rep: number; seconds: number }[] = [];
  const runStarted = performance.now();
  // The order rotates so no target always runs first (or last) in a repetition.
  const orders: TargetName[][] = Array.from({ length: SETTINGS.reps }, (_, repIndex) =>
    TARGETS.map((_, index) => TARGETS[(index + repIndex) % TARGETS.length]!),
  );
  const allSlots = orders.flat();
  try {
    for (let rep = 1; rep <= SETTINGS.reps; rep++) {
      console.log(`rep ${rep}/${SETTINGS.reps}`);
      for (const target of orders[rep - 1]!) {
        let kept: RepResult | undefined;
        for (let attempt = 1; attempt <= 3; attempt++) {
          const started = performance.now();
          const result = await runRepetition(target, rep, context);
          slotSeconds.push({ target, rep, seconds: (performance.now() - started) / 1000 });
          console.log(progressLine(result, slotSeconds.at(-1)!.seconds));
          if (kept === undefined || excessNoise(result) < excessNoise(kept)) {
            if (kept !== undefined) discarded.push(kept);
            kept = result;
          } else discarded.push(result);
          if (excessNoise(kept) <= 0 || attempt === 3) break;
          // This one again, and the ones after it, each at what its target's slots took so far.
          const slotsLeft = allSlots.slice(reps.length);
          const elapsed = (performance.now() - runStarted) / 1000;
          if (elapsed + estimateSeconds(slotsLeft, slotSeconds) > SETTINGS.budgetSeconds) break;
          console.log(
            `    too noisy (steal > ${SETTINGS.maxStealPct}% or other > ${SETTINGS.maxOtherPct}%): running ${target} again`,
          );
        }
        reps.push(kept!);
      }
    }
  } catch (error) {
    console.error(`bench failed; logs kept in ${workDir}`);
    throw error;
  } finally {
    await simulator.stop();
  }

  const { summary, usedReps } = summarize(reps, (rep) => excessNoise(rep) <= 0);
  const checks = checkTargets(summary);
  for (const section of ['maxThroughput', 'fixedRate', 'fixedConcurrency', 'streams']) {
    const errors = summary[section]?.errors;
    if (errors && TARGETS.some((target) => (errors[target] ?? 0) > 0)) {
      notes.push(`${section}: some requests failed (errors + non-2xx row); those numbers are suspect.`);
    }
  }
  if (discarded.length > 0) {
    notes.push(
      `${discarded.length} repetition(s) were run again because of noise (steal > ${SETTINGS.maxStealPct}% ` +
        `or other CPU > ${SETTINGS.maxOtherPct}% on a core); the less noisy attempt was kept (all are in the JSON).`,
    );
  }
  const noisy = reps.filter((rep) => excessNoise(rep) > 0).length;
  if (noisy > 0) {
    const used = TARGETS.map((target) => `${target} ${usedReps[target].length}/${SETTINGS.reps}`).join(', ');
    notes.push(
      `${noisy} repetition(s) stayed noisy; medians use the quiet ones where there are any: ${used}.`,
    );
  }
  const loadBusy = summary.maxThroughput?.loadBusy;
  const loadBound = PROXY_TARGETS.filter((target) => (loadBusy?.[target] ?? 0) > 90);
  if (loadBound.length > 0) {
    notes.push(
      `the load core was >90% busy at max throughput for ${loadBound.join(', ')}: ` +
        'the load side, not the proxy, may be the limit.',
    );
  }
  const finishedAt = new Date();
  const durationSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  console.log(renderReport(summary, checks, notes));

  const files = writeResults(
    resultsDir,
    {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version },
      pinned: HAS_TASKSET,
      git: gitDescribe(),
      settings: SETTINGS,
      summary,
      usedReps,
      checks,
      notes,
      slotSeconds,
      reps,
      discardedReps: discarded,
    },
    startedAt,
  );
  rmSync(workDir, { recursive: true, force: true });
  console.log(`\nResults: ${files.join(', ')} (${durationSeconds.toFixed(0)} s)`);
}

main().then(
  () => {
    killAllChildren();
  },
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  },
);
