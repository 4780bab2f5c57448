import { type ParseArgsConfig, parseArgs } from 'node:util';
import { defaultConfig, loadConfigFile } from '../config/config-load.ts';
import type { GatewayConfig } from '../config/config-types.ts';

/** A mistake in how the command was called (exit code 2, help printed). */
export class CliUsageError extends Error {}

export function parseCommandArgs<Options extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: Options,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

export function parsePort(value: string | undefined, from: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliUsageError(`${from}: "${value}" is not a port number (0-65535).`);
  }
  return port;
}

/** The config file named by `--config`, else `TOLLGATE_CONFIG`, else the built-in default. */
export function loadConfig(
  configPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const path = configPath ?? (env.TOLLGATE_CONFIG || undefined);
  return path === undefined ? defaultConfig(env) : loadConfigFile(path, env);
}
