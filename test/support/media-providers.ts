/**
 * One provider instance of every type that serves embeddings or images, all pointed at a
 * standalone simulator (`startSimulatorServer`), with the model ids each API knows its models by.
 * The simulator tells embedding and image models by their names (`embed…`, `…-embed…`,
 * `image…`, `…-image…`), so real ids work: `amazon.titan-embed-text-v2:0`, `gemini-2.5-flash-image`.
 */

/** Per provider: its embedding models and image models (public slugs are `<provider>/<id>`). */
export const MEDIA_MODELS = {
  openai: { embedding: ['embed'], image: ['image'] },
  azure: { embedding: ['embed'], image: ['image'] },
  gemini: {
    embedding: ['gemini-embedding-001'],
    image: ['imagen-4.0-generate-001', 'gemini-2.5-flash-image'],
  },
  vertex: { embedding: ['text-embedding-005'], image: ['imagen-4.0-generate-001', 'gemini-2.5-flash-image'] },
  bedrock: { embedding: ['amazon.titan-embed-text-v2:0', 'cohere.embed-v4:0'], image: [] },
  cohere: { embedding: ['embed-v4.0'], image: [] },
  mistral: { embedding: ['mistral-embed'], image: [] },
  local: { embedding: ['embed'], image: ['image'] },
} as const satisfies Record<string, { embedding: readonly string[]; image: readonly string[] }>;

export type MediaProvider = keyof typeof MEDIA_MODELS;

export const MEDIA_PROVIDERS = Object.keys(MEDIA_MODELS) as MediaProvider[];

function models(provider: MediaProvider): string {
  const { embedding, image } = MEDIA_MODELS[provider];
  const entries = [
    ...embedding.map((id) => `{ id: '${id}', type: embedding, pricing: { input: 0.02, output: 0 } }`),
    ...image.map((id) => `{ id: '${id}', type: image, pricing: { input: 5, output: 40 } }`),
  ];
  return `[${entries.join(', ')}]`;
}

/** The gateway config: every provider of `MEDIA_MODELS` on the simulator at `url`. */
export function mediaProvidersYaml(url: string): string {
  const common = (provider: MediaProvider) =>
    `catalog: false\n    forward_headers: ['x-simulator-*']\n    models: ${models(provider)}`;
  return `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-000000
    ${common('openai')}
  azure:
    type: azure
    base_url: ${url}/openai/v1
    api_key: azure-test-000000
    ${common('azure')}
  gemini:
    type: google
    base_url: ${url}/v1beta
    api_key: gemini-test-000000
    ${common('gemini')}
  vertex:
    type: vertex
    base_url: ${url}/v1/projects/tollgate/locations/us-central1
    project: tollgate
    location: us-central1
    api_key: vertex-express-000000
    ${common('vertex')}
  bedrock:
    type: bedrock
    base_url: ${url}
    region: us-east-1
    access_key_id: AKIDEXAMPLE
    secret_access_key: bedrock-secret-000000
    ${common('bedrock')}
  cohere:
    type: cohere
    base_url: ${url}/v2
    api_key: cohere-test-000000
    ${common('cohere')}
  mistral:
    type: mistral
    base_url: ${url}/v1
    api_key: mistral-test-000000
    ${common('mistral')}
  local:
    type: openai-compatible
    base_url: ${url}/v1
    ${common('local')}
`;
}

/** Cosine similarity of two vectors (embeddings are unit length, but this does not assume it). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += (a[index] ?? 0) * (b[index] ?? 0);
    normA += (a[index] ?? 0) ** 2;
    normB += (b[index] ?? 0) ** 2;
  }
  return dot / Math.sqrt(normA * normB);
}

/** Checks a PNG's signature and reads its IHDR: width, height, bit depth, colour type. */
export function readPngHeader(bytes: Buffer): {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
} {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG signature');
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('first chunk is not IHDR');
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes[24] ?? 0,
    colourType: bytes[25] ?? 0,
  };
}
