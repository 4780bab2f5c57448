/**
 * The AI SDK provider-specification version a gateway client speaks, taken from the path prefix
 * (`/v1/ai` → 2 for `@ai-sdk/gateway` 1.x–2.x, `/v3/ai` → 3 for 3.x with `ai@6`, `/v4/ai` → 4 for
 * 4.x with `ai@7`). The prefix is the authority: early 3.x clients still send version 2 in the
 * `ai-*-model-specification-version` headers.
 */
export type GatewaySpecVersion = 2 | 3 | 4;

export const GATEWAY_PREFIXES: readonly { prefix: string; version: GatewaySpecVersion }[] = [
  { prefix: '/v1/ai', version: 2 },
  { prefix: '/v3/ai', version: 3 },
  { prefix: '/v4/ai', version: 4 },
];
