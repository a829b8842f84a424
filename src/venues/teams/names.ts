/**
 * Team-name comparison: two names are the same when they are equal after normalisation, never
 * when one merely contains the other ("Los Angeles" must not match "Los Angeles Rams"). Pure.
 */

/**
 * Lower case, accents and punctuation dropped, `&` read as "and", and a trailing "St." read as
 * "State" (Kalshi writes "Ohio St.", ESPN "Ohio State"). "St. Louis" keeps its "st".
 */
export function normalizeTeamName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\.?\s*$/, 'state')
    .replace(/[^a-z0-9]/g, '');
}

/** The normalised forms of some names, empties dropped. */
export function nameKeys(names: readonly (string | null | undefined)[]): Set<string> {
  const keys = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string') continue;
    const k = normalizeTeamName(n);
    if (k.length > 0) keys.add(k);
  }
  return keys;
}

export function sharesAName(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}
