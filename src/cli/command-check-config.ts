import { loadConfigFile } from '../config/config-load.ts';
import { CliUsageError, parseCommandArgs } from './cli-options.ts';

/**
 * `tollgate check-config FILE`: validates a config file and prints either a summary or every
 * problem as `file:line:column: path: message` (exit code 1), without starting anything.
 */
export async function runCheckConfig(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, true);
  const [path] = positionals;
  if (path === undefined || positionals.length > 1)
    throw new CliUsageError('check-config takes exactly one FILE.');
  const config = loadConfigFile(path);
  const slugs = config.models.length;
  console.log(
    `${path}: OK — ${config.providers.length} provider(s) (${config.providers.map((provider) => `${provider.name}:${provider.type}`).join(', ')}), ` +
      `${slugs} model(s), ${config.auth.apiKeys.length} API key(s)`,
  );
  return 0;
}
