/** SQL and row mapping for the audit log. */
import { now } from './util.ts';

export interface AuditEvent {
  id: number;
  at: string;
  actor: string | null;
  role: string | null;
  method: string;
  path: string;
  status: number;
  code: string | null;
  client: string | null;
}

export async function writeAudit(db: D1Database, e: Omit<AuditEvent, 'id' | 'at'>): Promise<void> {
  await db
    .prepare('INSERT INTO audit (at, actor, role, method, path, status, code, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)')
    .bind(now(), e.actor, e.role, e.method, e.path, e.status, e.code, e.client)
    .run();
}

/** Newest first, before id `before`. */
export async function listAudit(db: D1Database, opts: { before: number | null; limit: number }): Promise<AuditEvent[]> {
  const { results } = await db
    .prepare('SELECT id, at, actor, role, method, path, status, code, client FROM audit WHERE (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2')
    .bind(opts.before, opts.limit)
    .all<AuditEvent>();
  return results;
}
