/**
 * Folds a name for search: Unicode NFC in storage, but search compares case- and
 * diacritic-insensitively (`berzins` finds `Bērziņš`), so both sides are folded the same way.
 */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Stores names in Unicode NFC with single spaces. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}
