/** Near-miss suggestions for misspelt keys and values ("Did you mean ...?"). */

/** The Levenshtein edit distance between two strings: insertions, deletions and substitutions. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word`, ignoring case, when at most `maxDistance` edits away; ties go to the
 * earlier candidate. Undefined when nothing is close enough.
 */
export function closestMatch(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `Did you mean "x"?`, the hint format used for every near-miss suggestion. */
export function didYouMean(suggestion: string): string {
  return `Did you mean ${JSON.stringify(suggestion)}?`;
}

/** `value` without the hyphens it ends with, for a suggested name (a loop: a regular expression would backtrack). */
export function withoutTrailingHyphens(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === "-") end--;
  return value.slice(0, end);
}
