// One repetition against one target: start it fresh (pinned), warm it up, run its scenarios (four,
// or three for the translation targets) while sampling its CPU and memory, stop it.
import { join } from 'node:path';
import {
  ANTHROPIC_CHAT_BODY,
  ANTHROPIC_HEADERS,
  ANTHROPIC_STREAM_BODY,
  ANTHROPIC_STREAM_HEADERS,
  CHAT_BODY,
  CHAT_PATH,
  MESSAGES_PATH,
  OAI_TO_ANTH_CHAT_BODY,
  OAI_TO_ANTH_STREAM_BODY,
  REQUEST_HEADERS,
  SETTINGS,
  STREAM_BODY,
  STREAM_HEADERS,
  type TargetName,
} from './bench-config.ts';
import { type HttpLoad, type LoadResult, runClosedLoop } from './bench-load-closed.ts';
import { type PacedResult, runPaced } from './bench-load-paced.ts';
import { runStreams, type StreamLoad, type StreamProtocol, type StreamResult } from './bench-load-stream.ts';
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
  /** Seconds of each measured scenario (shorter for the translation targets). */
  scenarioSeconds: number;
  maxThroughput: Measured<LoadResult>;
  fixedRate: Measured<PacedResult>;
  /** Null for the translation targets, which skip this scenario. */
  fixedConcurrency: Measured<LoadResult> | null;
  streams: Measured<StreamResult>;
  noise: Noise;
}

/** What a target is sent, and how much of the scenario list it runs. */
export interface TargetPlan {
  /** Path and body of the non-stream and stream requests (appended to the target's base URL). */
  chat: { path: string; headers: Readonly<Record<string, string>>; body: string };
  stream: { path: string; headers: Readonly<Record<string, string>>; body: string; protocol: StreamProtocol };
  seconds: number;
  fixedConcurrency: boolean;
}

export function targetPlan(target: TargetName): TargetPlan {
  const full = { seconds: SETTINGS.seconds, fixedConcurrency: true };
  const reduced = { seconds: SETTINGS.translationSeconds, fixedConcurrency: false };
  switch (target) {
    case 'direct':
    case 'floor':
    case 'tollgate':
      return {
        ...full,
        chat: { path: CHAT_PATH, headers: REQUEST_HEADERS, body: CHAT_BODY },
        stream: { path: CHAT_PATH, headers: STREAM_HEADERS, body: STREAM_BODY, protocol: 'openai' },
      };
    case 'tg-oai>anth':
      return {
        ...reduced,
        chat: { path: CHAT_PATH, headers: REQUEST_HEADERS, body: OAI_TO_ANTH_CHAT_BODY },
        stream: {
          path: CHAT_PATH,
          headers: STREAM_HEADERS,
          body: OAI_TO_ANTH_STREAM_BODY,
          protocol: 'openai',
        },
      };
    case 'tg-anth>oai':
      return {
        ...reduced,
        chat: { path: MESSAGES_PATH, headers: ANTHROPIC_HEADERS, body: ANTHROPIC_CHAT_BODY },
        stream: {
          path: MESSAGES_PATH,
          headers: ANTHROPIC_STREAM_HEADERS,
          body: ANTHROPIC_STREAM_BODY,
          protocol: 'anthropic',
        },
      };
  }
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
  const logFile = join(context.workDir, `${target.replace('>', '-to-')}-${rep}.log`);
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
    name: target,
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
  const plan = targetPlan(target);
  const proxy = target === 'direct' ? null : await startTarget(target, rep, context);
  try {
    const base = proxy === null ? context.simulatorUrl : proxy.url;
    const chat: HttpLoad = { url: base + plan.chat.path, headers: plan.chat.headers, body: plan.chat.body };
    const stream: StreamLoad = {
      url: base + plan.stream.path,
      headers: plan.stream.headers,
      body: plan.stream.body,
      protocol: plan.stream.protocol,
    };
    const pid = proxy === null ? null : proxy.child.pid;
    const sim = context.simulatorPid;
    const seconds = plan.seconds;

    await runClosedLoop(chat, SETTINGS.maxConnections, SETTINGS.warmupSeconds);
    await runStreams(stream, SETTINGS.streamConcurrency, Math.min(1, SETTINGS.warmupSeconds / 2));
    await pause(200);
    const endNoise = watchNoise(pid, sim);
    const maxThroughput = await measure(
      () => runClosedLoop(chat, SETTINGS.maxConnections, seconds),
      pid,
      sim,
    );
    await pause(300);
    const fixedRate = await measure(() => runPaced(chat, SETTINGS.rate, seconds), pid, sim);
    let fixedConcurrency: Measured<LoadResult> | null = null;
    if (plan.fixedConcurrency) {
      await pause(200);
      fixedConcurrency = await measure(
        () => runClosedLoop(chat, SETTINGS.fixedConnections, seconds),
        pid,
        sim,
      );
    }
    await pause(200);
    const streams = await measure(() => runStreams(stream, SETTINGS.streamConcurrency, seconds), pid, sim);
    const noise = endNoise();
    return {
      target,
      rep,
      scenarioSeconds: seconds,
      maxThroughput,
      fixedRate,
      fixedConcurrency,
      streams,
      noise,
    };
  } finally {
    await proxy?.child.stop();
  }
}
