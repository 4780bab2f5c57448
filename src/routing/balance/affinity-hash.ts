/**
 * Session affinity keeps one conversation on one deployment so the provider's prompt cache keeps
 * hitting. Rendezvous hashing instead of a hash ring: with 1–10 candidates, scoring every one is
 * cheaper than maintaining a ring, needs no state, and moving off a dead deployment (or adding
 * one) only moves the keys that must move.
 */

/** Fast 32-bit hash of a string (FNV-1a over UTF-16 code units + murmur3 fmix32 finalizer). */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return fmix32(hash);
}

/**
 * Rendezvous (highest-random-weight) hashing: the index of the candidate this key belongs to among
 * `candidateHashes` (hash32 of each candidate's stable id, computed once by the caller). Adding a
 * candidate moves only ~1/(n+1) of keys. With `eligible`, the highest-scoring eligible candidate
 * wins, so a dead deployment's sessions spread over the others and come back when it recovers.
 * Returns -1 when none is eligible.
 */
export function affinityPick(
  keyHash: number,
  candidateHashes: readonly number[],
  eligible?: (index: number) => boolean,
): number {
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < candidateHashes.length; i++) {
    // Mixing the pair (not just xor-ing two finished hashes) keeps the scores independent per candidate.
    const score = fmix32(Math.imul(keyHash ^ candidateHashes[i]!, 0x9e3779b1) ^ candidateHashes[i]!);
    if (score > bestScore && (eligible === undefined || eligible(i))) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** murmur3's finalizer: every input bit flips each output bit with probability ~1/2. Unsigned result. */
function fmix32(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
