// `npm run bench:adapters`: what a server adapter costs. The same tiny handler served by raw
// `node:http`, srvx (`toNodeHandler` + `FastResponse`), `@hono/node-server` and a naive full
// Request/Response conversion; each server pinned to core 0, autocannon on core 1; medians over
// BENCH_REPS (default 3) runs of BENCH_SECONDS (default 4) each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runClosedLoop } from '../bench-load-closed.ts';
import {
  freePort,
  HAS_TASKSET,
  installCleanupHandlers,
  killAllChildren,
  pinSelf,
  processCpuMs,
  startProcess,
} from '../bench-process.ts';
import { writeResults } from '../bench-report.ts';
import { median, round } from '../bench-stats.ts';

const KINDS = ['raw', 'srvx', 'hono', 'naive'] as const;
const LABELS: Record<(typeof KINDS)[number], string> = {
  raw: 'raw node:http',
  srvx: 'srvx toNodeHandler + FastResponse',
  hono: '@hono/node-server getRequestListener',
  naive: 'naive full Request/Response',
};
const REPS = Math.max(1, Math.round(Number(process.env.BENCH_REPS ?? 3)));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 32;
const BODY = JSON.stringify({
  model: 'upstream/echo',
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'Summarise the plot of The Left Hand of Darkness in one sentence.' },
  ],
});

interface Sample {
  kind: (typeof KINDS)[number];
  rep: number;
  requestsPerSecond: number;
  cpuMsPerRequest: number | null;
  p99: number | null;
  errors: number;
}

async function measureKind(kind: (typeof KINDS)[number], rep: number, workDir: string): Promise<Sample> {
  const port = await freePort();
  const server = await startProcess({
    name: `adapter ${kind}`,
    args: ['bench/adapters/adapter-server.ts', '--kind', kind, '--port', String(port)],
    core: 0,
    readyText: 'adapter server listening',
    logFile: join(workDir, `${kind}-${rep}.log`),
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  try {
    const url = `http://127.0.0.1:${port}/v1/chat/completions`;
    const load = { url, headers: { 'content-type': 'application/json' }, body: BODY };
    await runClosedLoop(load, CONNECTIONS, 1);
    const before = processCpuMs(server.pid);
    const result = await runClosedLoop(load, CONNECTIONS, SECONDS);
    const after = processCpuMs(server.pid);
    const spent = before === null || after === null ? null : after - before;
    return {
      kind,
      rep,
      requestsPerSecond: result.requestsPerSecond,
      cpuMsPerRequest: spent === null || result.completed === 0 ? null : round(spent / result.completed, 4),
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const startedAt = new Date();
  const pinned = HAS_TASKSET && pinSelf(1);
  console.log(
    `adapter bench: ${REPS} reps x ${KINDS.length} servers, ${SECONDS} s each, ${CONNECTIONS} connections` +
      (pinned ? '; server on core 0, autocannon on core 1' : ' (not pinned: no taskset)'),
  );
  const workDir = mkdtempSync(join(tmpdir(), 'tollgate-adapters-'));
  const samples: Sample[] = [];
  for (let rep = 1; rep <= REPS; rep++) {
    for (let index = 0; index < KINDS.length; index++) {
      const kind = KINDS[(index + rep - 1) % KINDS.length]!;
      const sample = await measureKind(kind, rep, workDir);
      samples.push(sample);
      console.log(
        `  rep ${rep} ${kind.padEnd(6)} ${sample.requestsPerSecond} req/s, ${sample.cpuMsPerRequest} ms CPU/req`,
      );
    }
  }
  rmSync(workDir, { recursive: true, force: true });

  const rows = KINDS.map((kind) => {
    const mine = samples.filter((sample) => sample.kind === kind);
    return {
      kind,
      requestsPerSecond: median(mine.map((sample) => sample.requestsPerSecond)),
      cpuMsPerRequest: median(mine.map((sample) => sample.cpuMsPerRequest)),
      p99: median(mine.map((sample) => sample.p99)),
      errors: mine.reduce((total, sample) => total + sample.errors, 0),
    };
  });
  const rawCpu = rows[0]?.cpuMsPerRequest ?? null;
  console.log(
    `\n${'server'.padEnd(40)}${'req/s'.padStart(9)}${'CPU ms/req'.padStart(12)}${'vs raw'.padStart(9)}` +
      `${'p99 ms'.padStart(9)}${'errors'.padStart(8)}`,
  );
  for (const row of rows) {
    const versusRaw =
      rawCpu === null || row.cpuMsPerRequest === null ? '—' : `${(row.cpuMsPerRequest / rawCpu).toFixed(2)}x`;
    console.log(
      LABELS[row.kind].padEnd(40) +
        String(row.requestsPerSecond ?? '—').padStart(9) +
        (row.cpuMsPerRequest?.toFixed(4) ?? '—').padStart(12) +
        versusRaw.padStart(9) +
        (row.p99?.toFixed(2) ?? '—').padStart(9) +
        String(row.errors).padStart(8),
    );
  }
  const resultsDir = fileURLToPath(new URL('../results/adapters/', import.meta.url));
  const files = writeResults(
    resultsDir,
    { startedAt, pinned, reps: REPS, seconds: SECONDS, rows, samples },
    startedAt,
  );
  console.log(`\nResults: ${files.join(', ')}`);
}

main().then(killAllChildren, (error: unknown) => {
  console.error(error);
  killAllChildren();
  process.exit(1);
});
