// What the rest of the machine did to the two cores while a repetition was measured: time the
// hypervisor gave to other guests (steal), and CPU used by anything but the bench's own processes.
import { SETTINGS } from './bench-config.ts';
import { coreTimes, coreUsage, processCpuMs, selfCpuMs } from './bench-process.ts';
import { round } from './bench-stats.ts';

/** Percentages of each core's time. */
export interface Noise {
  /** Core time the hypervisor gave to other guests. */
  stealPct: { proxyCore: number | null; loadCore: number | null };
  /**
   * CPU used on each core by anything but the bench's processes (the proxy on its core; the
   * simulator and this process on the other): other processes, and kernel work not charged to a
   * process, such as network softirqs.
   */
  otherPct: { proxyCore: number | null; loadCore: number | null };
}

/** Starts watching both cores; the returned function ends the window and tells what happened. */
export function watchNoise(proxyPid: number | null, simulatorPid: number): () => Noise {
  const ours = (): [number, number] => [
    proxyPid === null ? 0 : (processCpuMs(proxyPid) ?? 0),
    (processCpuMs(simulatorPid) ?? 0) + selfCpuMs(),
  ];
  const timesBefore = coreTimes();
  const oursBefore = ours();
  return () => {
    const timesAfter = coreTimes();
    const oursAfter = ours();
    const core = (index: 0 | 1, coreId: number): { steal: number | null; other: number | null } => {
      const usage = coreUsage(timesBefore, timesAfter, coreId);
      const spent = oursAfter[index] - oursBefore[index];
      const other =
        usage.busyMs === null || usage.totalMs === null
          ? null
          : round(Math.max(0, (100 * (usage.busyMs - spent)) / usage.totalMs), 1);
      return { steal: usage.stealPct, other };
    };
    const proxyCore = core(0, SETTINGS.proxyCore);
    const loadCore = core(1, SETTINGS.loadCore);
    return {
      stealPct: { proxyCore: proxyCore.steal, loadCore: loadCore.steal },
      otherPct: { proxyCore: proxyCore.other, loadCore: loadCore.other },
    };
  };
}
