/**
 * The floors of the benchmark: the worker's own code computing the same
 * bodies from the same SQLite file, in Node, with nothing between it and
 * the data but better-sqlite3 — no workerd, no D1 transport, no HTTP. The
 * consolidated JSON is `JSON.stringify` of what `GET /consolidated/{year}`
 * returns (byte-equal to the endpoint's body but for `generatedAt`, the
 * time of computing it); the workbook is the bytes `…/workbook.xlsx`
 * answers. What remains between a floor and the endpoint is the platform:
 * D1's transport, workerd and the HTTP response.
 */
// The worker's code is loaded by a path TypeScript does not follow: it is typed for workerd, not Node.
const REPORT = '../worker/report.ts';

/** The worker's bindings, as far as the floors use them (workerd's own types stay with the worker). */
export interface Env {
  DB: unknown;
  PUBLISHED: unknown;
  [setting: string]: unknown;
}
type D1Database = unknown;
type R2Bucket = unknown;
interface Caller {
  id: string;
  role: 'admin' | 'statistician' | 'clerk';
  unit: string | null;
  area: string | null;
}

/** The little of better-sqlite3 used here. */
export interface SqliteDb {
  prepare(sql: string): SqliteStmt;
  close(): void;
}
interface SqliteStmt {
  all(...a: unknown[]): unknown[];
  get(...a: unknown[]): unknown;
  run(...a: unknown[]): { changes: number };
  reader: boolean;
}

/** A D1 prepared statement over better-sqlite3: D1's numbered `?N` parameters are SQLite's own. */
class Statement {
  constructor(
    private readonly db: SqliteDb,
    readonly sql: string,
    private readonly params: unknown[] = [],
  ) {}

  bind(...params: unknown[]) {
    return new Statement(this.db, this.sql, params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
  }

  /** better-sqlite3 binds D1's numbered `?N` parameters by name: { 1: …, 2: … }. */
  private get args(): unknown[] {
    if (!/\?\d/.test(this.sql)) return this.params;
    return [Object.fromEntries(this.params.map((p, i) => [i + 1, p]))];
  }

  private stmt() {
    const s = this.db.prepare(this.sql);
    return s;
  }

  async all<T>() {
    const s = this.stmt();
    if (!s.reader) {
      const r = s.run(...this.args);
      return { results: [] as T[], meta: { changes: r.changes } };
    }
    return { results: s.all(...this.args) as T[], meta: { changes: 0 } };
  }

  async first<T>(column?: string): Promise<T | null> {
    const s = this.stmt();
    let row: Record<string, unknown> | undefined;
    try {
      row = (s.reader ? s.get(...this.args) : (s.run(...this.args), undefined)) as Record<string, unknown> | undefined;
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${this.sql} ${JSON.stringify(this.params)}`);
    }
    if (!row) return null;
    return (column ? row[column] : row) as T;
  }

  async run() {
    return this.all();
  }

  /** D1's raw(): rows as arrays of their columns. */
  async raw<T>(): Promise<T[]> {
    const s = this.stmt() as SqliteStmt & { raw(on: boolean): SqliteStmt };
    return s.raw(true).all(...this.args) as T[];
  }
}

/** Enough of D1Database for the worker's read paths. */
export function d1Over(db: SqliteDb): D1Database {
  return {
    prepare: (sql: string) => new Statement(db, sql),
    batch: async (stmts: Statement[]) => Promise.all(stmts.map((s) => s.all())),
    exec: async () => ({ count: 0, duration: 0 }),
  } as unknown as D1Database;
}

/** An R2 bucket in memory: published bodies stored and read back. */
export function memoryR2(): R2Bucket {
  const store = new Map<string, Uint8Array>();
  return {
    get: async (key: string) => {
      const v = store.get(key);
      return v ? { body: new Blob([v as Uint8Array<ArrayBuffer>]).stream(), text: async () => new TextDecoder().decode(v), arrayBuffer: async () => v.slice().buffer } : null;
    },
    put: async (key: string, value: string | Uint8Array) => {
      store.set(key, typeof value === 'string' ? new TextEncoder().encode(value) : value);
    },
  } as unknown as R2Bucket;
}

export const ADMIN_CALLER: Caller = { id: 'bootstrap', role: 'admin', unit: null, area: null };

export function envOver(db: SqliteDb, vars: Record<string, string> = {}): Env {
  // wrangler.toml's [vars], as wrangler dev gives them to the worker.
  return { DB: d1Over(db), PUBLISHED: memoryR2(), CITY: '合山市', ISSUER: '合山市委群团工作领导小组办公室', DOC_NO: '合群统备〔2024〕1号', VALID_UNTIL: '2027年12月', ...vars };
}

/** The live consolidated JSON body of `year` (`area` when given), written by the worker's code in Node as the endpoint writes it. */
export async function floorJson(env: Env, year: number, area?: string): Promise<string> {
  const { liveStream, periodOrNotFound, writeStream } = await import(REPORT);
  const sv = await liveStream(env.DB, env, await periodOrNotFound(env.DB, year), ADMIN_CALLER, area);
  const pieces: string[] = [];
  await writeStream(env.DB, env, sv, (text: string) => void pieces.push(text));
  return pieces.join('');
}

/** The consolidated workbook of a live year, computed by the worker's code in Node. */
export async function floorXlsx(env: Env, year: number): Promise<Uint8Array> {
  const { liveXlsx, periodOrNotFound } = await import(REPORT);
  const { body } = await liveXlsx(env.DB, env, await periodOrNotFound(env.DB, year), { caller: ADMIN_CALLER });
  const pieces: Uint8Array[] = [];
  await body((b: Uint8Array) => void pieces.push(b));
  return Buffer.concat(pieces);
}

/**
 * Uploads run by the worker's own `submit` in Node over `db` (writable),
 * each D1 call (a batch is one round trip) timed: how many round trips an
 * upload makes, the time SQLite takes to answer them, and everything else
 * (parsing the stored rows, the checks, sums, checksums) — what an upload
 * costs besides HTTP and D1's transport.
 */
export async function floorUploads(db: SqliteDb, bodies: string[]): Promise<{ uploads: number; totalMs: number; d1Ms: number; roundTrips: number }> {
  const { submit } = await import('../worker/submit.ts' as string);
  const inner = d1Over(db) as { prepare(sql: string): unknown; batch(s: unknown[]): Promise<unknown> };
  let d1Ms = 0;
  let roundTrips = 0;
  const timed = async <T>(f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      d1Ms += performance.now() - t;
      roundTrips++;
    }
  };
  const wrap = (stmt: Record<string, (...a: unknown[]) => unknown>): unknown => ({
    bind: (...a: unknown[]) => wrap(stmt.bind!(...a) as Record<string, (...a: unknown[]) => unknown>),
    all: () => timed(() => stmt.all!() as Promise<unknown>),
    first: (c?: string) => timed(() => stmt.first!(c) as Promise<unknown>),
    run: () => timed(() => stmt.run!() as Promise<unknown>),
    raw: () => timed(() => stmt.raw!() as Promise<unknown>),
    inner: stmt,
  });
  const d1 = {
    prepare: (sql: string) => wrap(inner.prepare(sql) as Record<string, (...a: unknown[]) => unknown>),
    batch: (stmts: { inner: unknown }[]) => timed(() => inner.batch(stmts.map((s) => s.inner))),
  };
  const t0 = performance.now();
  for (const body of bodies) await submit(d1, ADMIN_CALLER, JSON.parse(body));
  return { uploads: bodies.length, totalMs: performance.now() - t0, d1Ms, roundTrips };
}

/** A body with its computing time taken out, to compare bodies computed at different moments. */
export const withoutTime = (json: string) => json.replace(/"generatedAt":"[^"]*"/g, '"generatedAt":""');
