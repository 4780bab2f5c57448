import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  catalogEntriesForProviderTypes,
  catalogPriceOn,
  catalogPricesAsOf,
  loadBuiltInCatalog,
  parseModelCatalog,
} from '../../src/routing/catalog/model-catalog-load.ts';
import {
  CATALOG_PROVIDER_TYPES,
  type CatalogPrice,
  type CatalogServedBy,
  modelCatalogFileSchema,
} from '../../src/routing/catalog/model-catalog-types.ts';

const dataUrl = new URL('../../src/routing/catalog/model-catalog-data.json', import.meta.url);
const catalog = loadBuiltInCatalog();

function rawCatalog(): { version: string; pricesAsOf: string; models: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(dataUrl, 'utf8'));
}

function minimalModel(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: 'acme/widget-1.0',
    name: 'Widget 1.0',
    creator: 'acme',
    contextWindow: 1000,
    capabilities: { tools: true, vision: false, reasoning: false, jsonSchema: false, streaming: true },
    servedBy: [{ provider: 'openai', upstreamId: 'widget-1.0' }],
    ...overrides,
  };
}

function catalogProblems(models: unknown[]): string {
  const result = modelCatalogFileSchema.safeParse({
    version: '2026-11-22',
    pricesAsOf: '2026-11-22',
    models,
  });
  assert.equal(result.success, false, 'expected the catalog to be rejected');
  return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n') ?? '';
}

function allPrices(entry: CatalogServedBy): CatalogPrice[] {
  const prices = entry.price === undefined ? [] : [entry.price];
  for (const scheduled of entry.priceSchedule ?? []) prices.push(scheduled.price);
  return prices;
}

describe('built-in model catalog', () => {
  test('the data file validates against the strict schema', () => {
    const result = modelCatalogFileSchema.safeParse(rawCatalog());
    assert.ok(result.success, result.success ? '' : result.error.message);
    assert.equal(catalog.version, '2026-11-22');
    assert.match(catalog.pricesAsOf, /^\d{4}-\d{2}-\d{2}$/);
  });

  test('loading twice returns the same frozen catalog', () => {
    assert.equal(loadBuiltInCatalog(), catalog);
    assert.ok(Object.isFrozen(catalog.models));
    assert.ok(Object.isFrozen(catalog.models[0]?.servedBy[0]));
  });

  test('every slug is unique and indexed', () => {
    const slugs = catalog.models.map((model) => model.slug);
    assert.equal(new Set(slugs).size, slugs.length);
    assert.equal(catalog.bySlug.size, slugs.length);
    assert.equal(catalog.bySlug.get('anthropic/claude-sonnet-4.6')?.name, 'Claude Sonnet 4.6');
  });

  test('every model is served by at least one known provider type', () => {
    for (const model of catalog.models) {
      assert.ok(model.servedBy.length > 0, model.slug);
      for (const entry of model.servedBy) {
        assert.ok(CATALOG_PROVIDER_TYPES.includes(entry.provider), `${model.slug}: ${entry.provider}`);
        assert.ok(entry.upstreamId.length > 0, model.slug);
      }
    }
  });

  test('the required families are present', () => {
    const has = (slug: string) => assert.ok(catalog.bySlug.has(slug), `missing ${slug}`);
    // OpenAI: flagship, smaller tiers and reasoning models (every GPT-6 tier reasons).
    for (const slug of ['openai/gpt-6.2-astra', 'openai/gpt-6.2-sol', 'openai/gpt-6-luna', 'openai/gpt-5.5'])
      has(slug);
    // Anthropic: Opus, Sonnet, Haiku, plus the models the agent-client docs name.
    for (const slug of [
      'anthropic/claude-opus-5.5',
      'anthropic/claude-sonnet-5.5',
      'anthropic/claude-haiku-5.5',
      'anthropic/claude-opus-4.8',
      'anthropic/claude-sonnet-5',
      'anthropic/claude-sonnet-4.6',
      'anthropic/claude-haiku-4.5',
    ]) {
      has(slug);
    }
    for (const slug of ['google/gemini-4-argon', 'google/gemini-3.8-flash', 'google/gemini-3.5-flash-lite'])
      has(slug);
    for (const slug of ['mistral/mistral-large-3', 'mistral/mistral-medium-3.5', 'mistral/codestral'])
      has(slug);
    for (const slug of ['deepseek/deepseek-v4.1-flash', 'deepseek/deepseek-v4-pro']) has(slug);
    for (const slug of ['xai/grok-4.7', 'xai/grok-4.3']) has(slug);
    for (const slug of ['cohere/command-a', 'cohere/command-r']) has(slug);
    for (const slug of ['amazon/nova-pro', 'amazon/nova-lite', 'amazon/nova-micro']) has(slug);

    const llama = catalog.bySlug.get('meta/llama-3.3-70b');
    assert.deepEqual(
      llama?.servedBy.map((entry) => entry.provider),
      ['groq', 'togetherai', 'fireworks', 'bedrock'],
    );
    const creators = new Set(catalog.models.map((model) => model.creator));
    for (const creator of [
      'openai',
      'anthropic',
      'google',
      'mistral',
      'deepseek',
      'xai',
      'meta',
      'cohere',
      'amazon',
    ]) {
      assert.ok(creators.has(creator), creator);
    }
  });

  test('capabilities are all booleans', () => {
    for (const model of catalog.models) {
      assert.deepEqual(Object.keys(model.capabilities).sort(), [
        'jsonSchema',
        'reasoning',
        'streaming',
        'tools',
        'vision',
      ]);
      for (const value of Object.values(model.capabilities))
        assert.equal(typeof value, 'boolean', model.slug);
    }
  });

  test('prices have input and output, a source, and cache reads cheaper than input', () => {
    let priced = 0;
    for (const model of catalog.models) {
      for (const entry of model.servedBy) {
        if (entry.price !== undefined) {
          priced++;
          assert.ok(entry.source, `${model.slug} via ${entry.provider} has a price but no source`);
        }
        for (const price of allPrices(entry)) {
          const where = `${model.slug} via ${entry.provider}`;
          assert.equal(typeof price.input, 'number', where);
          assert.equal(typeof price.output, 'number', where);
          if (price.cacheRead !== undefined) assert.ok(price.cacheRead < price.input, where);
          const long = price.longContext;
          if (long !== undefined) {
            assert.ok(long.input >= price.input && long.output >= price.output, where);
            if (long.cacheRead !== undefined) assert.ok(long.cacheRead < long.input, where);
          }
        }
      }
    }
    assert.ok(priced > 0);
  });

  test('models default to language; embedding models say so', () => {
    assert.equal(catalog.bySlug.get('anthropic/claude-sonnet-4.6')?.type, undefined);
    const small = catalog.bySlug.get('openai/text-embedding-3-small');
    assert.equal(small?.type, 'embedding');
    assert.deepEqual(small?.servedBy[0]?.price, { input: 0.02, output: 0 });
  });

  test('known list prices are recorded as published', () => {
    const anthropic = catalog.bySlug.get('anthropic/claude-sonnet-4.6')?.servedBy[0];
    assert.equal(anthropic?.provider, 'anthropic');
    assert.equal(anthropic?.upstreamId, 'claude-sonnet-4-6');
    assert.deepEqual(anthropic?.price, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  });

  test('scheduled prices take over on their date', () => {
    const argon = catalog.bySlug.get('google/gemini-4-argon')?.servedBy[0];
    assert.ok(argon !== undefined);
    assert.equal(catalogPriceOn(argon, '2026-11-30')?.input, 2);
    assert.equal(catalogPriceOn(argon, '2026-12-01')?.input, 4);
    const unpriced = catalog.bySlug
      .get('anthropic/claude-opus-5.5')
      ?.servedBy.find((entry) => entry.provider === 'vertex');
    assert.ok(unpriced !== undefined);
    assert.equal(catalogPriceOn(unpriced, '2026-11-22'), undefined);
  });

  test('pricesAsOf falls back from entry to model to file', () => {
    const model = catalog.bySlug.get('openai/gpt-6-luna');
    assert.ok(model !== undefined);
    const [openai] = model.servedBy;
    assert.ok(openai !== undefined);
    assert.equal(catalogPricesAsOf(catalog, model, openai), '2026-09-22');
    const sonnet = catalog.bySlug.get('anthropic/claude-sonnet-4.6');
    assert.ok(sonnet?.servedBy[0] !== undefined);
    assert.equal(catalogPricesAsOf(catalog, sonnet, sonnet.servedBy[0]), catalog.pricesAsOf);
  });
});

describe('catalogEntriesForProviderTypes', () => {
  test('keeps only configured provider types, in file order, and drops unserved models', () => {
    const offers = catalogEntriesForProviderTypes(catalog, new Set(['bedrock', 'groq']));
    const llama = offers.get('meta/llama-3.3-70b');
    assert.deepEqual(
      llama?.servedBy.map((entry) => entry.provider),
      ['groq', 'bedrock'],
    );
    assert.equal(llama?.model.slug, 'meta/llama-3.3-70b');
    assert.ok(offers.has('amazon/nova-pro'));
    assert.ok(!offers.has('google/gemini-4-argon'));
    const fileOrder = catalog.models.map((model) => model.slug).filter((slug) => offers.has(slug));
    assert.deepEqual([...offers.keys()], fileOrder);
  });

  test('no configured providers means no models', () => {
    assert.equal(catalogEntriesForProviderTypes(catalog, new Set()).size, 0);
  });

  test('an unknown provider type matches nothing', () => {
    assert.equal(catalogEntriesForProviderTypes(catalog, new Set(['carrier-pigeon'])).size, 0);
  });
});

describe('catalog schema rejects bad data', () => {
  test('unknown keys', () => {
    assert.match(catalogProblems([minimalModel({ colour: 'blue' })]), /colour|unrecognized/i);
    assert.match(
      catalogProblems([minimalModel({ servedBy: [{ provider: 'openai', upstreamId: 'x', region: 'eu' }] })]),
      /region|unrecognized/i,
    );
  });

  test('malformed slugs and a creator that is not the slug prefix', () => {
    assert.match(
      catalogProblems([minimalModel({ slug: 'Acme/Widget' })]),
      /^models\.0\.slug: expected creator\/model/m,
    );
    assert.match(
      catalogProblems([minimalModel({ slug: 'acme-widget' })]),
      /^models\.0\.slug: expected creator\/model/m,
    );
    assert.match(catalogProblems([minimalModel({ creator: 'other' })]), /creator must be the slug prefix/);
  });

  test('unknown provider types', () => {
    const models = [minimalModel({ servedBy: [{ provider: 'carrier-pigeon', upstreamId: 'x' }] })];
    assert.match(catalogProblems(models), /^models\.0\.servedBy\.0\.provider:/m);
  });

  test('negative prices and prices without a source', () => {
    const negative = [{ provider: 'openai', upstreamId: 'x', source: 's', price: { input: -1, output: 1 } }];
    assert.match(
      catalogProblems([minimalModel({ servedBy: negative })]),
      /^models\.0\.servedBy\.0\.price\.input:/m,
    );
    const unsourced = [{ provider: 'openai', upstreamId: 'x', price: { input: 1, output: 1 } }];
    assert.match(catalogProblems([minimalModel({ servedBy: unsourced })]), /a price needs a source/);
  });

  test('duplicate slugs, duplicate providers and an empty servedBy', () => {
    assert.match(catalogProblems([minimalModel(), minimalModel()]), /duplicate slug acme\/widget-1\.0/);
    const twice = [
      { provider: 'openai', upstreamId: 'a' },
      { provider: 'openai', upstreamId: 'b' },
    ];
    assert.match(catalogProblems([minimalModel({ servedBy: twice })]), /provider openai listed twice/);
    assert.match(catalogProblems([minimalModel({ servedBy: [] })]), /servedBy/);
  });

  test('parseModelCatalog reports every problem with its origin', () => {
    assert.throws(
      () => parseModelCatalog({ version: 'today', pricesAsOf: '2026-11-22', models: [] }, 'override.json'),
      /override\.json is invalid:[\s\S]*version/,
    );
  });
});
