// Finds a Node.js new enough for Tollgate (>= 22.19, which runs TypeScript directly). When the
// running Node is older — this project's machines ship Node 20 — installs Node 24 from the npm
// registry once into a cache folder (the same one .ci/run uses) and runs the command under it.
// Written in plain JavaScript that Node 20 can run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function isModernNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 19);
}

function cachedNodeBinary() {
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const cache = process.env.TOLLGATE_NODE_CACHE || join(cacheRoot, 'tollgate', 'node24');
  const binary = join(cache, 'node_modules', '.bin', 'node');
  if (!existsSync(binary)) {
    console.error(
      `tollgate: Node ${process.versions.node} is too old (need >= 22.19); installing node@24 into ${cache} once…`,
    );
    execFileSync('npm', ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', 'node@24'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return binary;
}

/** Runs `node <args>` under a modern Node and exits with its status; signals are passed on. */
export function runUnderModernNode(args) {
  const binary = isModernNode() ? process.execPath : cachedNodeBinary();
  const child = spawn(binary, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
}

// Used as a script: `node bin/modern-node.mjs <node arguments…>`.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replaceAll('\\', '/'))) {
  runUnderModernNode(process.argv.slice(2));
}
