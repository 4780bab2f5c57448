/**
 * The body of `GET /v1/models` in OpenAI's list shape, built once per simulator since the list
 * never changes. See https://platform.openai.com/docs/api-reference/models/list.
 */
export function formatOpenAiModelList(modelIds: readonly string[], created: number): Buffer {
  const data = modelIds.map((id) => ({ id, object: 'model', created, owned_by: 'tollgate-simulator' }));
  return Buffer.from(JSON.stringify({ object: 'list', data }));
}
