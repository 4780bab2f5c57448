/**
 * Known OpenAI-compatible services: a preset fills `base_url` and the environment variable its key
 * is read from, so `{type: openai-compatible, preset: groq}` is a complete provider. Each entry is a
 * config, not code — the same request and stream handling serves all of them.
 */
export interface OpenAICompatiblePreset {
  baseUrl: string;
  /** Environment variable read when the config gives no `api_key`; absent = no key needed. */
  apiKeyEnv?: string;
}

export const OPENAI_COMPATIBLE_PRESETS = {
  openai: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
  anthropic: { baseUrl: 'https://api.anthropic.com/v1', apiKeyEnv: 'ANTHROPIC_API_KEY' },
  groq: { baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY' },
  together: { baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY' },
  fireworks: { baseUrl: 'https://api.fireworks.ai/inference/v1', apiKeyEnv: 'FIREWORKS_API_KEY' },
  deepseek: { baseUrl: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY' },
  xai: { baseUrl: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY' },
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' },
  perplexity: { baseUrl: 'https://api.perplexity.ai', apiKeyEnv: 'PERPLEXITY_API_KEY' },
  mistral: { baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY' },
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1' },
  vllm: { baseUrl: 'http://127.0.0.1:8000/v1' },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1' },
  'llama-cpp': { baseUrl: 'http://127.0.0.1:8080/v1' },
} as const satisfies Record<string, OpenAICompatiblePreset>;

export type OpenAICompatiblePresetName = keyof typeof OPENAI_COMPATIBLE_PRESETS;

export function findPreset(name: string): OpenAICompatiblePreset | undefined {
  return Object.hasOwn(OPENAI_COMPATIBLE_PRESETS, name)
    ? OPENAI_COMPATIBLE_PRESETS[name as OpenAICompatiblePresetName]
    : undefined;
}
