import { startSimulatorServer } from '../providers/simulator/simulator-http-server.ts';
import { CliUsageError, parseCommandArgs, parsePort } from './cli-options.ts';

function nonNegative(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new CliUsageError(`${flag}: "${value}" is not a non-negative number.`);
  return number;
}

/**
 * `tollgate simulate`: the provider simulator as a standalone OpenAI-compatible server, so tests
 * and benchmarks can put a real HTTP hop between the gateway and its upstream.
 */
export async function runSimulate(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'api-key': { type: 'string' },
    'ttft-ms': { type: 'string' },
    'tokens-per-second': { type: 'string' },
    'output-tokens': { type: 'string' },
  });
  const defaults: Record<string, number> = {};
  const ttftMs = nonNegative(values['ttft-ms'], '--ttft-ms');
  const tokensPerSecond = nonNegative(values['tokens-per-second'], '--tokens-per-second');
  const outputTokens = nonNegative(values['output-tokens'], '--output-tokens');
  if (ttftMs !== undefined) defaults.ttftMs = ttftMs;
  if (tokensPerSecond !== undefined) defaults.tokensPerSecond = tokensPerSecond;
  if (outputTokens !== undefined) defaults.outputTokens = Math.floor(outputTokens);
  const server = await startSimulatorServer({
    port: parsePort(values.port, '--port') ?? parsePort(process.env.PORT, 'PORT') ?? 4748,
    host: values.host ?? (process.env.HOST || '127.0.0.1'),
    apiKey: values['api-key'],
    defaults,
  });
  console.log(
    JSON.stringify({
      msg: 'simulator listening',
      url: server.url,
      openaiBaseUrl: `${server.url}/v1`,
      anthropicBaseUrl: `${server.url}/v1`,
      geminiBaseUrl: `${server.url}/v1beta`,
      bedrockBaseUrl: server.url,
      cohereBaseUrl: `${server.url}/v2`,
      azureBaseUrl: `${server.url}/openai/v1`,
    }),
  );
  const stop = (): void => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return 0;
}
