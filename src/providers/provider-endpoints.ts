/**
 * Where each known service lives and which environment variable holds its key. A provider type
 * (`type: groq`) or an OpenAI-compatible preset (`type: openai-compatible, preset: groq`) fills
 * `base_url` and `api_key` from here, so one line of config is a complete provider.
 */
export interface ProviderEndpoint {
  baseUrl: string;
  /** Environment variable read when the config gives no `api_key`; absent = no key needed. */
  apiKeyEnv?: string;
}

export const PROVIDER_ENDPOINTS = {
  openai: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
  anthropic: { baseUrl: 'https://api.anthropic.com/v1', apiKeyEnv: 'ANTHROPIC_API_KEY' },
  google: {
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    apiKeyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
  },
  mistral: { baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY' },
  cohere: { baseUrl: 'https://api.cohere.com/v2', apiKeyEnv: 'COHERE_API_KEY' },
  groq: { baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY' },
  togetherai: { baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY' },
  together: { baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY' },
  fireworks: { baseUrl: 'https://api.fireworks.ai/inference/v1', apiKeyEnv: 'FIREWORKS_API_KEY' },
  deepseek: { baseUrl: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY' },
  xai: { baseUrl: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY' },
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' },
  perplexity: { baseUrl: 'https://api.perplexity.ai', apiKeyEnv: 'PERPLEXITY_API_KEY' },
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1' },
  vllm: { baseUrl: 'http://127.0.0.1:8000/v1' },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1' },
  'llama-cpp': { baseUrl: 'http://127.0.0.1:8080/v1' },
} as const satisfies Record<string, ProviderEndpoint>;

export function findEndpoint(name: string): ProviderEndpoint | undefined {
  return Object.hasOwn(PROVIDER_ENDPOINTS, name)
    ? PROVIDER_ENDPOINTS[name as keyof typeof PROVIDER_ENDPOINTS]
    : undefined;
}
