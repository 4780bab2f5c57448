import { ConfigError } from '../config/config-error.ts';
import { VERSION } from '../server/version.ts';
import { CliUsageError } from './cli-options.ts';
import { runCheckConfig } from './command-check-config.ts';
import { runModels } from './command-models.ts';
import { runSimulate } from './command-simulate.ts';
import { runStart } from './command-start.ts';

const HELP = `tollgate ${VERSION} — a self-hosted AI gateway

Usage:
  tollgate start [--config FILE] [--port N] [--host H]   run the gateway
  tollgate check-config FILE                             validate a config file
  tollgate models [--config FILE]                        list routable models
  tollgate simulate [--port N] [--host H] [--api-key K]  run the provider simulator as an upstream server
  tollgate version

Environment: PORT, HOST, TOLLGATE_CONFIG (a config file path).
Without a config file the gateway serves the built-in simulator models (no keys needed).`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: runStart,
  'check-config': runCheckConfig,
  models: runModels,
  simulate: runSimulate,
  version: async () => {
    console.log(VERSION);
    return 0;
  },
  help: async () => {
    console.log(HELP);
    return 0;
  },
};

/** Runs one CLI command; sets the exit code, prints errors without stack traces. */
export async function main(argv: string[]): Promise<void> {
  const [name = 'help', ...rest] = argv;
  const command =
    COMMANDS[name === '--help' || name === '-h' ? 'help' : name === '--version' ? 'version' : name];
  if (command === undefined) {
    console.error(`Unknown command "${name}".\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await command(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.format());
      process.exitCode = 1;
    } else if (error instanceof CliUsageError) {
      console.error(`${error.message}\n\n${HELP}`);
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}
