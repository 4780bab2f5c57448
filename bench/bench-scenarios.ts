// One repetition against one target: start it fresh (pinned), warm it up, run the four scenarios
// while sampling its CPU and memory, stop it.
import { join } from 'node:path';
import {
  CHAT_BODY,
  CHAT_PATH,
  REQUEST_HEADERS,
  SETTINGS,
  STREAM_BODY,
  STREAM_HEADERS,
  type TargetName,
} from './bench-config.ts';
import { type HttpLoad, type LoadResult, runClosedLoop } from './bench-load-closed.ts';
import { type PacedResult, runPaced } from './bench-load-paced.ts';
import { runStreams, type StreamResult } from './bench-load-stream.ts';
import { type Noise, watchNoise } from './bench-noise.ts';
import {
  freePort,
  type ManagedProcess,
  peakRssMiB,
  processCpuMs,
  selfCpuMs,
  startProcess,
} from './bench-process.ts';
import { round } from './bench-stats.ts';

/** A scenario's load result with what the processes spent on it. */
export interface Measured<R> {
  result: R;
  /** CPU ms of the proxy under test per completed request (null for `direct`: there is none). */
  proxyCpuMsPerRequest: number | null;
  /** Share of its core the proxy used, %. Near 100 at max throughput means the proxy is the limit. */
  proxyCoreBusyPct: number | null;
  /** Simulator + load generator share of the other core, %. Near 100 means the load side is the limit. */
  loadCoreBusyPct: number | null;
  /** CPU ms of the simulator per completed request. */
  upstreamCpuMsPerRequest: number | null;
  /** Proxy peak RSS (VmHWM) at the end of the scenario, MiB. */
  peakRssMiB: number | null;
}

export interface RepResult {
  target: TargetName;
  rep: number;
  maxThroughput: Measured<LoadResult>;
  fixedRate: Measured<PacedResult>;
  fixedConcurrency: Measured<LoadResult>;
  streams: Measured<StreamResult>;
  noise: Noise;
}

export interface RunContext {
  repoRoot: string;
  workDir: string;
  simulatorPid: number;
  simulatorUrl: string;
  gatewayConfigFile: string;
}

async function measure<R extends { completed: number }>(
  run: () => Promise<R>,
  proxyPid: number | null,
  simulatorPid: number,
): Promise<Measured<R>> {
  const proxyBefore = proxyPid === null ? null : processCpuMs(proxyPid);
  const simulatorBefore = processCpuMs(simulatorPid);
  const selfBefore = selfCpuMs();
  const started = performance.now();
  const result = await run();
  const wallMs = performance.now() - started;
  const proxyAfter = proxyPid === null ? null : processCpuMs(proxyPid);
  const simulatorAfter = processCpuMs(simulatorPid);
  const selfSpent = selfCpuMs() - selfBefore;
  const proxySpent = proxyBefore === null || proxyAfter === null ? null : proxyAfter - proxyBefore;
  const simulatorSpent =
    simulatorBefore === null || simulatorAfter === null ? null : simulatorAfter - simulatorBefore;
  const perRequest = (spent: number | null): number | null =>
    spent === null || result.completed === 0 ? null : round(spent / result.completed, 4);
  return {
    result,
    proxyCpuMsPerRequest: perRequest(proxySpent),
    proxyCoreBusyPct: proxySpent === null ? null : round((100 * proxySpent) / wallMs, 1),
    loadCoreBusyPct: simulatorSpent === null ? null : round((100 * (simulatorSpent + selfSpent)) / wallMs, 1),
    upstreamCpuMsPerRequest: perRequest(simulatorSpent),
    peakRssMiB: proxyPid === null ? null : round(peakRssMiB(proxyPid), 1),
  };
}

interface StartedTarget {
  child: ManagedProcess;
  url: string;
}

async function startTarget(target: TargetName, rep: number, context: RunContext): Promise<StartedTarget> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(context.workDir, `${target}-${rep}.log`);
  const common = { core: SETTINGS.proxyCore, logFile, cwd: context.repoRoot };
  if (target === 'floor') {
    const child = await startProcess({
      ...common,
      name: 'floor proxy',
      args: ['bench/floor-proxy.ts', '--port', String(port), '--upstream', context.simulatorUrl],
      readyText: 'floor proxy listening',
    });
    return { child, url };
  }
  const child = await startProcess({
    ...common,
    name: 'tollgate',
    args: ['bin/tollgate.mjs', 'start', '--config', context.gatewayConfigFile, '--port', String(port)],
    readyText: 'tollgate listening',
  });
  return { child, url };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRepetition(
  target: TargetName,
  rep: number,
  context: RunContext,
): Promise<RepResult> {
  const proxy = target === 'direct' ? null : await startTarget(target, rep, context);
  try {
    const base = proxy === null ? context.simulatorUrl : proxy.url;
    const chat: HttpLoad = { url: base + CHAT_PATH, headers: REQUEST_HEADERS, body: CHAT_BODY };
    const stream: HttpLoad = { url: base + CHAT_PATH, headers: STREAM_HEADERS, body: STREAM_BODY };
    const pid = proxy === null ? null : proxy.child.pid;
    const sim = context.simulatorPid;

    await runClosedLoop(chat, SETTINGS.maxConnections, SETTINGS.warmupSeconds);
    await runStreams(stream, SETTINGS.streamConcurrency, Math.min(1, SETTINGS.warmupSeconds / 2));
    await pause(200);
    const endNoise = watchNoise(pid, sim);
    const maxThroughput = await measure(
      () => runClosedLoop(chat, SETTINGS.maxConnections, SETTINGS.seconds),
      pid,
      sim,
    );
    await pause(300);
    const fixedRate = await measure(() => runPaced(chat, SETTINGS.rate, SETTINGS.seconds), pid, sim);
    await pause(200);
    const fixedConcurrency = await measure(
      () => runClosedLoop(chat, SETTINGS.fixedConnections, SETTINGS.seconds),
      pid,
      sim,
    );
    await pause(200);
    const streams = await measure(
      () => runStreams(stream, SETTINGS.streamConcurrency, SETTINGS.seconds),
      pid,
      sim,
    );
    const noise = endNoise();
    return { target, rep, maxThroughput, fixedRate, fixedConcurrency, streams, noise };
  } finally {
    await proxy?.child.stop();
  }
}
