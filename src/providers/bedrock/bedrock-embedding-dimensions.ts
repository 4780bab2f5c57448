import type { DimensionsOption } from '../provider-embedding-dimensions.ts';

/**
 * Where `@ai-sdk/amazon-bedrock` reads an embedding's size for each model family (it tells the
 * families apart by id the same way), and the sizes each accepts:
 * Titan Text Embeddings V2 `dimensions` (V1 has a fixed 1536), Cohere Embed v4 `outputDimension`
 * (v3 a fixed 1024), Nova `embeddingDimension`.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */
export function bedrockDimensionsOption(modelId: string): DimensionsOption {
  const optionsKey = 'amazonBedrock';
  if (modelId.includes('cohere.embed-')) {
    const allowed = modelId.includes('embed-v4') ? [256, 512, 1024, 1536] : 'fixed';
    return { optionsKey, field: 'outputDimension', allowed };
  }
  if (modelId.includes('amazon.nova-') && modelId.includes('embed')) {
    return { optionsKey, field: 'embeddingDimension', allowed: [256, 384, 1024, 3072] };
  }
  const allowed = modelId.includes('titan-embed-text-v1') ? 'fixed' : [256, 512, 1024];
  return { optionsKey, field: 'dimensions', allowed };
}
