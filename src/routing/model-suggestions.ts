/** Levenshtein distance, two rows at a time: slugs are short and this runs only on a 404. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates most like `wanted`: those sharing its model part (`gpt-4o` for `openai/gpt-4o`),
 * containing it, or within a third of its length in edits; closest first.
 */
export function closestMatches(wanted: string, candidates: readonly string[], limit: number): string[] {
  const query = wanted.toLowerCase();
  const queryModel = query.slice(query.lastIndexOf('/') + 1);
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const model = lower.slice(lower.lastIndexOf('/') + 1);
    let score = Math.min(editDistance(query, lower), editDistance(queryModel, model) + 1);
    if (queryModel.length >= 3 && (lower.includes(queryModel) || queryModel.includes(model)))
      score = Math.min(score, 2);
    if (score <= Math.max(3, Math.floor(query.length / 3))) scored.push({ candidate, score });
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}
