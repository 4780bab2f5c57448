import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/config-error.ts';
import { defaultConfig, loadConfigFile, parseConfigText } from '../../src/config/config-load.ts';

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfigText(yaml, 'tollgate.yaml', env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.format().split('\n');
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  test('no config = the simulator provider and its five models on loopback', () => {
    const config = defaultConfig({});
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.server.port, 4747);
    assert.deepEqual(
      config.models.map((model) => model.slug),
      ['simulator/echo', 'simulator/lorem', 'simulator/tools', 'simulator/embed', 'simulator/image'],
    );
    assert.deepEqual(
      config.models.map((model) => model.type),
      ['language', 'language', 'language', 'embedding', 'image'],
    );
    assert.deepEqual(config.auth.apiKeys, []);
  });

  test('unknown keys are rejected with file, line, column and path', () => {
    const yaml =
      'server:\n  prot: 3\nproviders:\n  x:\n    type: openai-compatible\n    base_url: http://a/v1\n    api_kye: k\n';
    assert.deepEqual(problems(yaml), [
      'tollgate.yaml:2:3: server.prot: unknown key',
      'tollgate.yaml:7:5: providers.x.api_kye: unknown key',
    ]);
  });

  test('wrong types and values name their path and line', () => {
    const lines = problems('server:\n  port: "eighty"\nproviders:\n  p:\n    type: carrier-pigeon\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^tollgate\.yaml:2:3: server\.port: .*number/);
    assert.match(lines[1] ?? '', /^tollgate\.yaml:5:5: providers\.p\.type: /);
  });

  test('YAML syntax errors point at the line', () => {
    const [line] = problems('server:\n  port: [1, 2\n');
    assert.match(line ?? '', /^tollgate\.yaml:\d+:\d+: \(root\): /);
  });

  test('${ENV} substitution, defaults, escapes, and unset variables', () => {
    const config = parseConfigText(
      [
        'providers:',
        '  local:',
        '    type: openai-compatible',
        '    base_url: ${BASE:-http://127.0.0.1:8000/v1}',
        '    api_key: ${LOCAL_KEY}',
        '    headers: { x-note: "$${literal}" }',
      ].join('\n'),
      't.yaml',
      { LOCAL_KEY: 'secret-value-1' },
    );
    const local = config.providers[0];
    assert.equal(local?.baseUrl, 'http://127.0.0.1:8000/v1');
    assert.equal(local?.apiKey, 'secret-value-1');
    assert.equal(local?.headers['x-note'], '${literal}');
    assert.deepEqual(problems('auth:\n  api_keys:\n    - name: a\n      key: ${MISSING_KEY}\n'), [
      'tollgate.yaml:4:7: auth.api_keys[0].key: environment variable MISSING_KEY is not set',
    ]);
  });

  test('presets fill base URL and read the key from their variable', () => {
    const config = parseConfigText(
      'providers:\n  groq:\n    type: openai-compatible\n    preset: groq\n',
      't',
      {
        GROQ_API_KEY: 'gsk_abc',
      },
    );
    assert.equal(config.providers[0]?.baseUrl, 'https://api.groq.com/openai/v1');
    assert.equal(config.providers[0]?.apiKey, 'gsk_abc');
    assert.deepEqual(problems('providers:\n  o:\n    type: openai\n'), [
      'tollgate.yaml:2:3: providers.o.api_key: not set: give api_key or set OPENAI_API_KEY',
    ]);
    assert.match(
      problems('providers:\n  o:\n    type: openai-compatible\n    preset: nope\n')[0] ?? '',
      /unknown preset "nope"/,
    );
  });

  test('model slugs: each provider serves its models; explicit slugs add targets', () => {
    const config = parseConfigText(
      [
        'providers:',
        '  sim: { type: simulator, models: [echo] }',
        'models:',
        '  team/default:',
        '    targets:',
        '      - { provider: sim, model: lorem, pricing: { input: 0.15, output: 0.6 } }',
      ].join('\n'),
      't',
      {},
    );
    assert.deepEqual(
      config.models.map((model) => [
        model.slug,
        model.targets.map((target) => `${target.provider}:${target.model}`),
      ]),
      [
        ['sim/echo', ['sim:echo']],
        ['team/default', ['sim:lorem']],
      ],
    );
  });

  test('model types: simulator models by name, others declared; default language', () => {
    const config = parseConfigText(
      [
        'providers:',
        '  sim: { type: simulator, models: [echo, embed-large, image] }',
        '  oa: { type: openai, api_key: sk-test-0000, catalog: false, models: [gpt-x, { id: te-3, type: embedding }] }',
        'models:',
        '  team/vectors: { type: embedding, targets: [{ provider: oa, model: te-3 }] }',
      ].join('\n'),
      't',
      {},
    );
    const types = Object.fromEntries(config.models.map((model) => [model.slug, model.type ?? 'language']));
    assert.deepEqual(types, {
      'sim/echo': 'language',
      'sim/embed-large': 'embedding',
      'sim/image': 'image',
      'oa/gpt-x': 'language',
      'oa/te-3': 'embedding',
      'team/vectors': 'embedding',
    });
    assert.match(
      problems('models:\n  x: { type: audio, targets: [{ provider: simulator, model: echo }] }\n')[0] ?? '',
      /models\.x\.type/,
    );
  });

  test('a target naming an undeclared provider is an error', () => {
    const lines = problems(
      'providers:\n  sim: { type: simulator }\nmodels:\n  broken:\n    targets: [{ provider: nowhere, model: x }]\n',
    );
    assert.match(
      lines[0] ?? '',
      /models\.broken\.targets\[0\]\.provider: unknown provider "nowhere" \(declared: sim\)/,
    );
  });

  test('prices are integer micro-dollars per million tokens; cached input defaults to input', () => {
    const config = parseConfigText(
      'providers:\n  sim: { type: simulator, models: [{ id: lorem, pricing: { input: 0.15, output: 0.6 } }] }\n',
      't',
      {},
    );
    assert.deepEqual(config.models[0]?.targets[0]?.price, {
      inputMicroUsdPerMTok: 150_000,
      outputMicroUsdPerMTok: 600_000,
      cacheReadMicroUsdPerMTok: 150_000,
      cacheWriteMicroUsdPerMTok: 150_000,
    });
  });

  test('API keys are kept only as SHA-256 digests', () => {
    const config = parseConfigText('auth:\n  api_keys:\n    - { name: a, key: tg-0123456789 }\n', 't', {});
    assert.deepEqual(config.auth.apiKeys, [
      { name: 'a', sha256: createHash('sha256').update('tg-0123456789').digest('hex') },
    ]);
    assert.doesNotMatch(JSON.stringify(config), /tg-0123456789/);
  });

  test('a missing file is a ConfigError', () => {
    assert.throws(
      () => loadConfigFile('/nonexistent/tollgate.yaml', {}),
      (error: unknown) => {
        return error instanceof ConfigError && /file not found/.test(error.format());
      },
    );
  });
});
