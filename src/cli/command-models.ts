import { formatUsd } from '../core/pricing.ts';
import { createProviders } from '../providers/provider-registry.ts';
import { ModelCatalog } from '../routing/model-catalog.ts';
import { loadConfig, parseCommandArgs } from './cli-options.ts';

/** `tollgate models [--config FILE] [--json]`: the models clients can ask for, and who serves them. */
export async function runModels(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    config: { type: 'string', short: 'c' },
    json: { type: 'boolean' },
  });
  const config = loadConfig(values.config);
  const providers = createProviders(config.providers);
  const routes = new ModelCatalog(config.models, providers).list();
  await Promise.all([...providers.values()].map((provider) => provider.close()));
  if (values.json === true) {
    const models = routes.map((route) => ({
      id: route.slug,
      targets: route.targets.map((target) => ({
        provider: target.provider.name,
        model: target.upstreamModel,
      })),
    }));
    console.log(JSON.stringify(models, null, 2));
    return 0;
  }
  const perMillion = (micro: number | undefined) =>
    micro === undefined ? '-' : `$${formatUsd(micro * 1000)}`;
  const rows = routes.map((route) => {
    const first = route.targets[0];
    return [
      route.slug,
      route.targets.map((target) => `${target.provider.name}:${target.upstreamModel}`).join(', '),
      perMillion(first?.price?.inputMicroUsdPerMTok),
      perMillion(first?.price?.outputMicroUsdPerMTok),
    ];
  });
  const header = ['MODEL', 'SERVED BY', 'INPUT/1M', 'OUTPUT/1M'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, column) => (cell ?? '').padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  return 0;
}
