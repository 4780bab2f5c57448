import { GatewayError } from '../core/gateway-error.ts';

/** The 404 for a model this gateway cannot route, with close matches as a hint. */
export function modelNotFound(model: string, suggestions: string[]): GatewayError {
  const hint =
    suggestions.length > 0 ? ` Did you mean ${suggestions.map((slug) => `"${slug}"`).join(', ')}?` : '';
  return new GatewayError(
    'model_not_found',
    `The model "${model}" is not available on this gateway.${hint} GET /v1/models lists the available models.`,
    { param: 'model', clientCode: 'model_not_found' },
  );
}
