import type { ProviderConfig, SimulatorSettings } from '../../config/config-types.ts';
import { adaptReadableTransport } from '../../upstream/readable-transport-adapter.ts';
import { createOpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.ts';
import type { Provider } from '../provider-types.ts';
import type { SimulatorBehaviour } from './simulator-behaviour.ts';
import { createSimulatorTransport } from './simulator-transport.ts';

function toBehaviour(settings: SimulatorSettings): Partial<SimulatorBehaviour> {
  const behaviour: Partial<SimulatorBehaviour> = {};
  if (settings.ttftMs !== undefined) behaviour.ttftMs = settings.ttftMs;
  if (settings.tokensPerSecond !== undefined) behaviour.tokensPerSecond = settings.tokensPerSecond;
  if (settings.outputTokens !== undefined) behaviour.outputTokens = settings.outputTokens;
  if (settings.fail !== undefined) behaviour.fault = settings.fail;
  if (settings.failAfter !== undefined) behaviour.faultAfterTokens = settings.failAfter;
  if (settings.retryAfter !== undefined) behaviour.retryAfterSeconds = settings.retryAfter;
  if (settings.contextWindow !== undefined) behaviour.contextWindow = settings.contextWindow;
  return behaviour;
}

/**
 * The built-in simulator: an OpenAI-compatible provider whose transport answers in process, so
 * `tollgate start` serves models with no key and no network.
 */
export function createSimulatorProvider(config: ProviderConfig): Provider {
  const models: Record<string, Partial<SimulatorBehaviour>> = {};
  for (const [model, settings] of Object.entries(config.simulator?.models ?? {}))
    models[model] = toBehaviour(settings);
  const transport = adaptReadableTransport(
    createSimulatorTransport({ defaults: toBehaviour(config.simulator?.defaults ?? {}), models }),
  );
  return createOpenAICompatibleProvider(config, transport);
}
