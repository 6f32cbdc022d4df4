/** The worker's bindings and settings (wrangler.toml [vars], secrets). */
export interface Env {
  DB: D1Database;
  /** The bootstrap administrator's token (a secret: `wrangler secret put ADMIN_TOKEN`, or `.dev.vars`). */
  ADMIN_TOKEN?: string;
  CITY?: string;
  ISSUER?: string;
  DOC_NO?: string;
  VALID_UNTIL?: string;
  /** Failed authentications per client and minute before 429. */
  AUTH_FAILURE_LIMIT?: string;
  /** Extra origins allowed by CORS, comma-separated; the worker's own origin needs none. */
  ALLOWED_ORIGINS?: string;
  /** Published versions' rendered bodies (consolidated JSON and workbook), kept byte for byte. */
  PUBLISHED: R2Bucket;
  /** Static files of the task pane (added with the pane). */
  ASSETS?: Fetcher;
}

import type { Role } from '../shared/index.ts';

export type { Role };

/** Who is calling, once authenticated. */
export interface Caller {
  /** Token id, or `bootstrap` for ADMIN_TOKEN. */
  id: string;
  role: Role;
  /** The unit a clerk is bound to. */
  unit: string | null;
  /** The area a scoped statistician is bound to (areas.md); null: the whole city. */
  area: string | null;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { caller: Caller | null; errorCode: string | null };
}

export const VERSION = '0.1.0';
