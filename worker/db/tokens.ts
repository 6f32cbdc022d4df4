/** SQL and row mapping for access tokens (stored as SHA-256 hashes only). */
import type { Role } from '../env.ts';
import { now } from './util.ts';

export interface TokenInfo {
  id: string;
  role: Role;
  unit: string | null;
  /** The subtree a statistician is bound to; null: the whole city. */
  area: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

interface TokenRow {
  id: string;
  role: string;
  unit: string | null;
  area: string | null;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): TokenInfo => ({
  id: r.id,
  role: r.role as Role,
  unit: r.unit,
  area: r.area,
  label: r.label,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** The live token with this hash, if any. */
export async function findActiveToken(db: D1Database, hash: string): Promise<TokenInfo | null> {
  const r = await db
    .prepare('SELECT id, role, unit, area, label, created_at, revoked_at FROM tokens WHERE hash = ?1 AND revoked_at IS NULL')
    .bind(hash)
    .first<TokenRow>();
  return r ? toToken(r) : null;
}

export async function insertToken(db: D1Database, t: { id: string; hash: string; role: Role; unit: string | null; area: string | null; label: string | null }): Promise<TokenInfo> {
  const createdAt = now();
  await db
    .prepare('INSERT INTO tokens (id, hash, role, unit, area, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
    .bind(t.id, t.hash, t.role, t.unit, t.area, t.label, createdAt)
    .run();
  return { id: t.id, role: t.role, unit: t.unit, area: t.area, label: t.label, createdAt, revokedAt: null };
}

export async function listTokens(db: D1Database, opts: { after: string | null; limit: number }): Promise<TokenInfo[]> {
  const { results } = await db
    .prepare('SELECT id, role, unit, area, label, created_at, revoked_at FROM tokens WHERE (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2')
    .bind(opts.after, opts.limit)
    .all<TokenRow>();
  return results.map(toToken);
}

/** Revokes a live token; false when there is none with this id. */
export async function revokeToken(db: D1Database, id: string): Promise<boolean> {
  const r = await db.prepare('UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL').bind(id, now()).run();
  return r.meta.changes === 1;
}

/** Counts one failed authentication of `client` in this minute and returns the count so far. */
export async function countAuthFailure(db: D1Database, client: string): Promise<number> {
  const minute = Math.floor(Date.now() / 60_000);
  const [, counted] = await db.batch<{ count: number }>([
    db.prepare('DELETE FROM auth_failures WHERE minute < ?1').bind(minute - 1),
    db
      .prepare(
        'INSERT INTO auth_failures (client, minute, count) VALUES (?1, ?2, 1) ON CONFLICT (client, minute) DO UPDATE SET count = count + 1 RETURNING count',
      )
      .bind(client, minute),
  ]);
  return counted?.results[0]?.count ?? 1;
}
