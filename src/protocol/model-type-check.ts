import type { ModelType } from '../config/config-types.ts';
import { GatewayError } from '../core/gateway-error.ts';
import type { ModelRoute } from '../routing/model-catalog.ts';

/** Where each type of model is called, for the hint in the 400. */
const ENDPOINT_OF: Readonly<Record<ModelType, string>> = {
  language: 'a chat endpoint (POST /v1/chat/completions, /v1/messages, /v1/responses)',
  embedding: 'POST /v1/embeddings',
  image: 'POST /v1/images/generations',
};

const NAME_OF: Readonly<Record<ModelType, string>> = {
  language: 'a language model',
  embedding: 'an embedding model',
  image: 'an image model',
};

/**
 * Refuses a model of the wrong type for the endpoint before any upstream call (a chat call to an
 * embedding model, embeddings of a chat model): a 400 that says where the model is served instead.
 */
export function assertModelType(route: ModelRoute, expected: ModelType): void {
  if (route.type === expected) return;
  throw new GatewayError(
    'invalid_request',
    `The model "${route.slug}" is ${NAME_OF[route.type]}, not ${NAME_OF[expected]}: call it with ${ENDPOINT_OF[route.type]}.`,
    { param: 'model', clientCode: 'model_type_mismatch' },
  );
}
