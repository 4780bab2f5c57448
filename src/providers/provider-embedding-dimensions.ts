import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import { GatewayError } from '../core/gateway-error.ts';

/** Where a provider package reads the output size of an embedding, and which sizes it accepts. */
export interface DimensionsOption {
  /** The `providerOptions` key the package reads (`amazonBedrock`, `cohere`). */
  optionsKey: string;
  /** The field under it (`dimensions`, `outputDimension`). */
  field: string;
  /** The sizes the model accepts: a list, `any` positive size, or one `fixed` size. */
  allowed: readonly number[] | 'any' | 'fixed';
}

/**
 * The model with the canonical `dimensions` option honoured by packages that ignore it and read
 * a provider option instead (Bedrock, Cohere, Azure's copy of the OpenAI package): the size goes
 * where the package looks, a size the
 * model does not offer is a 400 naming the ones it does (rather than the package's schema error,
 * which would read as a broken upstream), and a model with one fixed size answers with a warning.
 */
export function withDimensionsOption(model: EmbeddingModelV4, option: DimensionsOption): EmbeddingModelV4 {
  return {
    specificationVersion: 'v4',
    provider: model.provider,
    modelId: model.modelId,
    maxEmbeddingsPerCall: model.maxEmbeddingsPerCall,
    supportsParallelCalls: model.supportsParallelCalls,
    async doEmbed(options) {
      const dimensions = options.dimensions;
      if (dimensions === undefined) return model.doEmbed(options);
      const { allowed, optionsKey, field } = option;
      if (allowed === 'fixed') {
        const result = await model.doEmbed({ ...options, dimensions: undefined });
        const details = `${model.modelId} has a fixed embedding size.`;
        return {
          ...result,
          warnings: [...result.warnings, { type: 'unsupported', feature: 'dimensions', details }],
        };
      }
      if (allowed !== 'any' && !allowed.includes(dimensions)) {
        throw new GatewayError(
          'invalid_request',
          `${model.modelId} embeds in ${allowed.join(', ')} dimensions, not ${dimensions}.`,
          { param: 'dimensions' },
        );
      }
      const own = options.providerOptions?.[optionsKey];
      return model.doEmbed({
        ...options,
        providerOptions: { ...options.providerOptions, [optionsKey]: { [field]: dimensions, ...own } },
      });
    },
  };
}
