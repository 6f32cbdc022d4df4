/** Small helpers shared by the query modules. */

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

/** One page of `items` fetched with `limit + 1`, and the cursor of the next page when there is one. */
export function page<T>(items: T[], limit: number, key: (t: T) => string | number): { items: T[]; nextCursor?: string } {
  if (items.length <= limit) return { items };
  const kept = items.slice(0, limit);
  return { items: kept, nextCursor: encodeCursor(key(kept[kept.length - 1]!)) };
}
