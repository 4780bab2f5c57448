import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { request } from 'undici';

const BIN = new URL('../../bin/tollgate.mjs', import.meta.url).pathname;

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts a long-running command and resolves with the first JSON line matching `ready`. */
async function startProcess(
  args: string[],
  ready: RegExp,
): Promise<{ child: ChildProcess; line: Record<string, unknown>; lines: string[] }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH } });
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${lines.join('\n')}`)));
    reader.on('line', (line) => {
      lines.push(line);
      if (ready.test(line)) resolve({ child, line: JSON.parse(line) as Record<string, unknown>, lines });
    });
  });
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tollgate-')), name);
  writeFileSync(path, text);
  return path;
}

describe('tollgate CLI', () => {
  test('check-config: OK summary, or every problem with file:line:column', async () => {
    const good = await run(['check-config', 'examples/tollgate.example.yaml'], {
      TOLLGATE_API_KEY: 'tg-0123456789',
      OPENAI_API_KEY: 'sk-test',
      GROQ_API_KEY: 'gsk-test',
    });
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /OK — 4 provider\(s\)/);
    const badPath = tempFile(
      'bad.yaml',
      'server:\n  port: 80\n  prot: 1\nproviders:\n  p:\n    type: openai-compatible\n',
    );
    const bad = await run(['check-config', badPath]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`${badPath}:3:3: server\\.prot: unknown key`));
    assert.match(bad.stderr, /providers\.p\.base_url: required for type openai-compatible/);
  });

  test('models lists the routable slugs', async () => {
    const { code, stdout } = await run(['models']);
    assert.equal(code, 0);
    assert.match(stdout, /^MODEL\s+SERVED BY/m);
    assert.match(stdout, /^simulator\/echo\s+simulator:echo/m);
  });

  test('refuses a non-loopback address without an API key', async () => {
    const { code, stderr } = await run(['start', '--host', '0.0.0.0', '--port', '0']);
    assert.equal(code, 1);
    assert.match(stderr, /Refusing to listen on 0\.0\.0\.0 without an API key/);
  });

  test('HOST and PORT from the environment are honoured', async () => {
    const refused = await run(['start'], { HOST: '0.0.0.0', PORT: '0' });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Refusing to listen on 0\.0\.0\.0/);
    const badPort = await run(['start'], { PORT: 'eighty' });
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /PORT: "eighty" is not a port number/);
  });

  test('a port already in use is said plainly', async () => {
    const { child, line } = await startProcess(['simulate', '--port', '0'], /simulator listening/);
    try {
      const port = new URL(String(line.url)).port;
      const { code, stderr } = await run(['start', '--port', port]);
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('unknown command and bad flags are usage errors', async () => {
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['start', '--port', 'eighty'])).code, 2);
  });

  test('start serves the simulator; SIGTERM lets an in-flight stream finish, then exits 0', async () => {
    const { child, line, lines } = await startProcess(['start', '--port', '0'], /tollgate listening/);
    const url = String(line.url);
    const response = await request(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-simulator-tokens-per-second': '20', 'x-simulator-output-tokens': '10' },
      body: JSON.stringify({
        model: 'simulator/lorem',
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    let text = '';
    let signalled = false;
    for await (const chunk of response.body) {
      text += chunk;
      if (!signalled) {
        signalled = true;
        child.kill('SIGTERM');
      }
    }
    assert.match(text, /data: \[DONE\]\n\n$/, 'the stream finished normally during the drain');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.ok(lines.some((entry) => entry.includes('shutting down')));
    assert.ok(lines.some((entry) => entry.includes('"msg":"request"') && entry.includes('"stream":true')));
  });

  test('simulate runs a standalone OpenAI-compatible upstream', async () => {
    const { child, line } = await startProcess(['simulate', '--port', '0'], /simulator listening/);
    try {
      const response = await request(`${String(line.openaiBaseUrl)}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'ping' }] }),
      });
      const body = (await response.body.json()) as { choices: { message: { content: string } }[] };
      assert.equal(body.choices[0]?.message.content, 'ping');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
