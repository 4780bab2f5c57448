// Process control for the benchmark: free ports, children pinned to a core with `taskset`, a ready
// line awaited in their log, clean stops, and no child left behind on exit, error or Ctrl-C.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set<ChildProcess>();

/** True when `taskset` runs here (pinning is skipped, with a warning, when it does not). */
export const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Clock ticks per second of `/proc/<pid>/stat` times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** Pins this process (every thread of it) to `core`; false when it could not. */
export function pinSelf(core: number): boolean {
  if (!HAS_TASKSET) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)]).status === 0;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Arguments to `node`. */
  args: string[];
  /** The core to pin it to, when `taskset` exists. */
  core: number;
  /** Text of the log line that says it is ready. */
  readyText: string;
  /** stdout and stderr go there (a pipe nobody reads would stall it; a file costs what a log costs). */
  logFile: string;
  cwd: string;
  timeoutMs?: number;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts `node ...args` pinned to a core and resolves once its log shows `readyText`. */
export async function startProcess(options: StartOptions): Promise<ManagedProcess> {
  const fd = openSync(options.logFile, 'w');
  const [command, args] = HAS_TASKSET
    ? ['taskset', ['-c', String(options.core), process.execPath, ...options.args]]
    : [process.execPath, options.args];
  // taskset execs node, so the child's pid is node's own pid (what /proc sampling needs).
  const child = spawn(command as string, args as string[], { cwd: options.cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const log = readFileSync(options.logFile, 'utf8');
    if (log.includes(options.readyText)) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not start (log ${options.logFile}):\n${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (child.pid === undefined) throw new Error(`${options.name} has no pid`);
  return { name: options.name, pid: child.pid, logFile: options.logFile, stop };
}

/** Kills every child still running (synchronous, so it also works in an `exit` handler). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Makes sure no child outlives this process, whatever way it ends. */
export function installCleanupHandlers(): void {
  process.once('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every child process`);
      killAllChildren();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  const fail = (error: unknown): void => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  };
  process.once('uncaughtException', fail);
  process.once('unhandledRejection', fail);
}

/** CPU time (user + system, all threads) a process has used so far, in ms; null once it is gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) in MiB; null when /proc is not there. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** This process's own CPU time so far, in ms (the load generator's share of its core). */
export function selfCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Per-core jiffies from /proc/stat: stolen, busy (user to softirq) and total. */
export type CoreTimes = ReadonlyMap<number, { steal: number; busy: number; total: number }>;

export function coreTimes(): CoreTimes {
  const times = new Map<number, { steal: number; busy: number; total: number }>();
  try {
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
      const match = /^cpu(\d+) (.*)$/.exec(line);
      if (!match) continue;
      // user nice system idle iowait irq softirq steal (guest time is already in user)
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
        match[2]!.trim().split(/\s+/).map(Number);
      const busy = user + nice + system + irq + softirq;
      times.set(Number(match[1]), { steal, busy, total: busy + idle + iowait + steal });
    }
  } catch {
    // not Linux: no per-core figures
  }
  return times;
}

/** A core's time between two `coreTimes()`: % stolen by the hypervisor, and busy ms (all processes). */
export function coreUsage(
  before: CoreTimes,
  after: CoreTimes,
  core: number,
): { stealPct: number | null; busyMs: number | null; totalMs: number | null } {
  const a = before.get(core);
  const b = after.get(core);
  if (a === undefined || b === undefined || b.total === a.total)
    return { stealPct: null, busyMs: null, totalMs: null };
  return {
    stealPct: Math.round((1000 * (b.steal - a.steal)) / (b.total - a.total)) / 10,
    busyMs: ((b.busy - a.busy) * 1000) / CLOCK_TICKS,
    totalMs: ((b.total - a.total) * 1000) / CLOCK_TICKS,
  };
}
