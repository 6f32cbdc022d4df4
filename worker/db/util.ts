/** Small helpers shared by the query modules. */

/** The newest revision of each (unit, template) of a year, as a subquery condition on alias `s`. */
export const NEWEST = 's.revision = (SELECT MAX(n.revision) FROM submissions n WHERE n.unit = s.unit AND n.year = s.year AND n.template = s.template)';

export const now = () => new Date().toISOString();

/** Opaque page cursor: the last key of the page, base64url-encoded. */
export function encodeCursor(key: string | number): string {
  return btoa(String(key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    return atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

/**
 * One page of a list fetched with `limit + 1` rows, wrapped as the contract
 * wants it: `{<name>: [...], nextCursor?}`, the cursor there only while more remain.
 */
export function page<K extends string, T>(name: K, rows: T[], limit: number, key: (t: T) => string | number): Record<K, T[]> & { nextCursor?: string } {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { [name]: items, ...(more ? { nextCursor: encodeCursor(key(items[items.length - 1]!)) } : {}) } as Record<K, T[]> & { nextCursor?: string };
}
