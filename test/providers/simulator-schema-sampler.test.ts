import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleJsonSchema } from '../../src/providers/simulator/simulator-schema-sampler.ts';

type Schema = Record<string, unknown>;

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  email: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
  uri: /^https?:\/\/\S+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A tiny JSON schema checker for the keywords the sampler claims to honour; returns the problems. */
function check(value: unknown, schema: Schema, root: Schema, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Schema)[key], root) as Schema;
    return check(value, target, root, path);
  }
  const problems: string[] = [];
  const fail = (message: string): void => {
    problems.push(`${path}: ${message}`);
  };
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const)) fail('const');
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail('enum');
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key] as Schema[] | undefined;
    if (branches && !branches.some((branch) => check(value, branch, root, path).length === 0)) fail(key);
  }
  for (const branch of (schema.allOf as Schema[] | undefined) ?? [])
    problems.push(...check(value, branch, root, path));
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      fail(`type ${actual}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('minLength');
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail('maxLength');
    const format = FORMATS[schema.format as string];
    if (format && !format.test(value)) fail(`format ${String(schema.format)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      fail('exclusiveMinimum');
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      fail('exclusiveMaximum');
    if (typeof schema.multipleOf === 'number' && value % schema.multipleOf !== 0) fail('multipleOf');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems');
    const items = schema.items as Schema | undefined;
    if (items) {
      for (const [index, item] of value.entries())
        problems.push(...check(item, items, root, `${path}[${index}]`));
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in object)) fail(`required ${key}`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, property] of Object.entries(properties)) {
      if (key in object) problems.push(...check(object[key], property, root, `${path}.${key}`));
    }
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(object)) if (!(key in properties)) fail(`additional ${key}`);
    }
  }
  return problems;
}

function assertSamples(schema: Schema): unknown {
  const value = sampleJsonSchema(schema);
  assert.deepEqual(check(value, schema, schema), [], JSON.stringify(value));
  return value;
}

describe('sampleJsonSchema', () => {
  it('fills every property of a flat tool schema with values that fit', () => {
    const value = assertSamples({
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 12 },
        code: { type: 'string', maxLength: 2 },
        units: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 3, maximum: 10 },
        ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        step: { type: 'integer', minimum: 7, multipleOf: 5 },
        small: { type: 'integer', maximum: -4 },
        metric: { type: 'boolean' },
        day: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        contact: { type: 'string', format: 'email' },
        site: { type: 'string', format: 'uri' },
        ref: { type: 'string', format: 'uuid' },
        kind: { const: 'forecast' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
      },
      required: ['city', 'units'],
      additionalProperties: false,
    }) as Record<string, unknown>;
    assert.equal(Object.keys(value).length, 15, 'optional properties are filled too');
    assert.equal(value.units, 'celsius');
    assert.equal(value.kind, 'forecast');
  });

  it('follows nested objects, arrays of objects and nullable unions', () => {
    const value = assertSamples({
      type: 'object',
      properties: {
        location: {
          type: 'object',
          properties: {
            lat: { type: 'number', minimum: -90, maximum: 90 },
            label: { type: ['string', 'null'] },
          },
          required: ['lat', 'label'],
        },
        stops: {
          type: 'array',
          maxItems: 3,
          items: { type: 'object', properties: { name: { type: 'string' }, order: { type: 'integer' } } },
        },
        note: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 3 }] },
        shape: {
          oneOf: [
            { type: 'object', properties: { radius: { type: 'number', minimum: 1 } }, required: ['radius'] },
            { type: 'object', properties: { side: { type: 'number' } }, required: ['side'] },
          ],
        },
      },
    }) as { note: unknown; stops: unknown[] };
    assert.equal(typeof value.note, 'string', 'the first non-null branch is preferred');
    assert.equal(value.stops.length, 1);
  });

  it('resolves $defs references, merges allOf and stops on recursive schemas', () => {
    const value = assertSamples({
      $defs: {
        Node: {
          type: 'object',
          properties: {
            value: { type: 'integer', minimum: 1 },
            children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          },
          required: ['value', 'children'],
        },
        Named: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      },
      type: 'object',
      properties: {
        tree: { $ref: '#/$defs/Node' },
        person: {
          allOf: [
            { $ref: '#/$defs/Named' },
            { type: 'object', properties: { age: { type: 'integer', minimum: 18 } } },
          ],
        },
      },
      required: ['tree', 'person'],
    }) as { person: Record<string, unknown> };
    assert.deepEqual(Object.keys(value.person), ['name', 'age']);
  });

  it('samples schemas without a type and gives defaults priority', () => {
    assert.equal(sampleJsonSchema({ type: 'string', default: 'metric' }), 'metric');
    assert.deepEqual(sampleJsonSchema({ properties: { a: { type: 'integer' } } }), { a: 1 });
    assert.deepEqual(sampleJsonSchema({ items: { type: 'boolean' } }), [true]);
    assert.equal(sampleJsonSchema({}), 'example');
    assert.equal(sampleJsonSchema(undefined), 'example');
  });

  it('is deterministic', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } };
    assert.deepEqual(sampleJsonSchema(schema), sampleJsonSchema(schema));
  });
});
