/** A JSON value, as tool arguments and structured outputs are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

type Schema = Record<string, unknown>;

// Recursive schemas ($ref cycles, trees) stop here: deeper objects keep only required properties
// and deeper arrays stay empty, which still satisfies the schema.
const MAX_DEPTH = 6;

const STRING_FORMATS: Readonly<Record<string, string>> = {
  date: '2024-01-15',
  'date-time': '2024-01-15T09:30:00Z',
  time: '09:30:00',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com',
  'uri-reference': 'https://example.com',
  iri: 'https://example.com',
  url: 'https://example.com',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
};

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberField(schema: Schema, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Resolves a local `$ref` (`#/$defs/Name`, `#/definitions/Name`) against the root schema. */
function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : {};
}

function firstType(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const types = type.filter((entry): entry is string => typeof entry === 'string');
    return types.find((entry) => entry !== 'null') ?? types[0];
  }
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

function sampleString(schema: Schema): string {
  const format = typeof schema.format === 'string' ? STRING_FORMATS[schema.format] : undefined;
  let text = format ?? 'example';
  const minLength = numberField(schema, 'minLength') ?? 0;
  const maxLength = numberField(schema, 'maxLength');
  if (text.length < minLength) text = text.padEnd(minLength, 'x');
  if (maxLength !== undefined && text.length > maxLength) text = text.slice(0, maxLength);
  return text;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const minimum = numberField(schema, 'minimum');
  const exclusiveMinimum = numberField(schema, 'exclusiveMinimum');
  const maximum = numberField(schema, 'maximum');
  const exclusiveMaximum = numberField(schema, 'exclusiveMaximum');
  const multipleOf = numberField(schema, 'multipleOf');
  let value = minimum ?? (exclusiveMinimum === undefined ? 1 : exclusiveMinimum + (integer ? 1 : 0.5));
  if (integer) value = Math.ceil(value);
  if (multipleOf !== undefined && multipleOf > 0) value = Math.ceil(value / multipleOf) * multipleOf;
  const upper =
    maximum ?? (exclusiveMaximum === undefined ? undefined : exclusiveMaximum - (integer ? 1 : 0.5));
  if (upper !== undefined && value > upper) {
    value = integer ? Math.floor(upper) : upper;
    if (multipleOf !== undefined && multipleOf > 0) value = Math.floor(value / multipleOf) * multipleOf;
  }
  return value;
}

function sampleArray(schema: Schema, root: Schema, depth: number): JsonValue[] {
  const minItems = numberField(schema, 'minItems') ?? 0;
  const maxItems = numberField(schema, 'maxItems');
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.filter(isSchema) : [];
  let count = depth >= MAX_DEPTH ? minItems : Math.max(minItems, 1, prefix.length);
  if (maxItems !== undefined) count = Math.min(count, maxItems);
  const items = isSchema(schema.items) ? schema.items : {};
  const values: JsonValue[] = [];
  for (let index = 0; index < count; index++) {
    values.push(sampleNode(prefix[index] ?? items, root, depth + 1));
  }
  return values;
}

function sampleObject(schema: Schema, root: Schema, depth: number): { [key: string]: JsonValue } {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const value: { [key: string]: JsonValue } = {};
  for (const [key, property] of Object.entries(properties)) {
    if (depth >= MAX_DEPTH && !required.has(key)) continue;
    value[key] = sampleNode(isSchema(property) ? property : {}, root, depth + 1);
  }
  return value;
}

/** Merges `allOf` branches into one schema (properties and required lists are unioned). */
function mergeAllOf(schema: Schema, root: Schema): Schema {
  const merged: Schema = { ...schema, allOf: undefined };
  for (const branch of (schema.allOf as unknown[]).filter(isSchema)) {
    const part = typeof branch.$ref === 'string' ? resolveRef(branch.$ref, root) : branch;
    const properties = {
      ...(merged.properties as Schema | undefined),
      ...(part.properties as Schema | undefined),
    };
    const required = [
      ...((merged.required as unknown[] | undefined) ?? []),
      ...((part.required as unknown[] | undefined) ?? []),
    ];
    Object.assign(merged, part, { properties, required });
  }
  return merged;
}

function sampleNode(schema: Schema, root: Schema, depth: number): JsonValue {
  if (typeof schema.$ref === 'string') {
    return depth > MAX_DEPTH * 2 ? null : sampleNode(resolveRef(schema.$ref, root), root, depth + 1);
  }
  if ('const' in schema) return schema.const as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  if (schema.default !== undefined) return schema.default as JsonValue;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] as JsonValue;
  for (const key of ['anyOf', 'oneOf']) {
    const branches = Array.isArray(schema[key]) ? (schema[key] as unknown[]).filter(isSchema) : [];
    if (branches.length > 0) {
      const branch = branches.find((entry) => entry.type !== 'null') ?? branches[0]!;
      return sampleNode({ ...schema, [key]: undefined, ...branch }, root, depth);
    }
  }
  if (Array.isArray(schema.allOf)) return sampleNode(mergeAllOf(schema, root), root, depth);
  switch (firstType(schema)) {
    case 'object':
      return sampleObject(schema, root, depth);
    case 'array':
      return sampleArray(schema, root, depth);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return sampleString(schema);
  }
}

/**
 * A value that satisfies a JSON schema as OpenAI tools and structured outputs use it: every listed
 * object property, `enum`/`const` first value, `anyOf`/`oneOf` first non-null branch, bounds,
 * formats and local `$ref`s honoured. Deterministic, so replies can be asserted.
 */
export function sampleJsonSchema(schema: unknown): JsonValue {
  return isSchema(schema) ? sampleNode(schema, schema, 0) : 'example';
}
