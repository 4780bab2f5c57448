import { z } from 'zod';
import data from './model-catalog-data.json' with { type: 'json' };
import {
  type BuiltInCatalog,
  type CatalogModel,
  type CatalogPrice,
  type CatalogServedBy,
  modelCatalogFileSchema,
} from './model-catalog-types.ts';

/** A catalog model together with the entries of it that the configured providers can serve. */
export interface CatalogOffer {
  readonly model: CatalogModel;
  /** The model's `servedBy` entries whose provider type is configured, in the file's order. */
  readonly servedBy: readonly CatalogServedBy[];
}

let builtIn: BuiltInCatalog | undefined;

/**
 * The catalog shipped with Tollgate, validated on first use and cached: the file is part of the
 * release, so a validation failure is a packaging bug and throws at start rather than per request.
 */
export function loadBuiltInCatalog(): BuiltInCatalog {
  builtIn ??= parseModelCatalog(data, 'model-catalog-data.json');
  return builtIn;
}

/**
 * Validates catalog-shaped data (the built-in file, or entries a config adds) and returns it frozen
 * with a slug index. Throws an `Error` listing every problem with its path.
 */
export function parseModelCatalog(raw: unknown, origin = 'model catalog'): BuiltInCatalog {
  const result = modelCatalogFileSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`${origin} is invalid:\n${z.prettifyError(result.error)}`);
  }
  const file = result.data;
  const bySlug = new Map<string, CatalogModel>();
  for (const model of file.models) bySlug.set(model.slug, model);
  // Frozen because one instance is shared by every caller for the process lifetime.
  return deepFreeze({ version: file.version, pricesAsOf: file.pricesAsOf, models: file.models, bySlug });
}

/**
 * Per slug, the entries served by a configured provider type, in the file's order; models no
 * configured provider serves are left out. This is the set `GET /v1/models` lists.
 */
export function catalogEntriesForProviderTypes(
  catalog: BuiltInCatalog,
  providerTypes: ReadonlySet<string>,
): ReadonlyMap<string, CatalogOffer> {
  const offers = new Map<string, CatalogOffer>();
  for (const model of catalog.models) {
    const servedBy = model.servedBy.filter((entry) => providerTypes.has(entry.provider));
    if (servedBy.length > 0) offers.set(model.slug, { model, servedBy });
  }
  return offers;
}

/**
 * The price in force on `isoDate` (`YYYY-MM-DD`, UTC): the latest scheduled price whose
 * `effectiveFrom` is not after that day, else the entry's current price. `undefined` = no known price.
 */
export function catalogPriceOn(entry: CatalogServedBy, isoDate: string): CatalogPrice | undefined {
  let price = entry.price;
  for (const scheduled of entry.priceSchedule ?? []) {
    // ISO dates compare correctly as strings.
    if (scheduled.effectiveFrom <= isoDate) price = scheduled.price;
  }
  return price;
}

/** The date an entry's prices were read: its own, else its model's, else the catalog's. */
export function catalogPricesAsOf(
  catalog: BuiltInCatalog,
  model: CatalogModel,
  entry: CatalogServedBy,
): string {
  return entry.pricesAsOf ?? model.pricesAsOf ?? catalog.pricesAsOf;
}

function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const item of value.values()) deepFreeze(item);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return Object.freeze(value);
}
