/**
 * A path into a JSON document in the notation OpenAI uses in `error.param` and the config checker
 * prints: `['messages', 0, 'role']` → `messages[0].role`.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
