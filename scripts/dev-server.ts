/** Starts `wrangler dev` (workerd + local D1) on a free port, for end-to-end tests, fault tests and the benchmark. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN = 'e2e-admin-token-0123456789abcdefghij';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Dev {
  base: string;
  state: string;
  /** The wrangler process group, for fault tests that kill it. */
  pid: number;
  /** Stops the server; the state folder is removed unless `keep`. */
  stop(keep?: boolean): void;
}

export interface DevOptions {
  /** Local state folder (D1's SQLite file lives under it); a fresh one when absent. */
  state?: string;
  /** Extra worker variables. */
  vars?: Record<string, string>;
}

/** A fresh state folder with the D1 migrations applied. */
export function migratedState(): string {
  const state = mkdtempSync(join(tmpdir(), 'quntuan-dev-'));
  const env = { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' };
  const migrate = spawnSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], { env, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
  return state;
}

/** The D1 SQLite file under a state folder (to seed or read it directly, with wrangler dev stopped). */
export function sqliteFile(state: string): string {
  const dir = join(state, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const f = readdirSync(dir).find((n) => n.endsWith('.sqlite') && n !== 'metadata.sqlite');
  if (!f) throw new Error(`no D1 file under ${dir}`);
  return join(dir, f);
}

export async function startDev(opts: DevOptions = {}): Promise<Dev> {
  const state = opts.state ?? migratedState();
  const env = { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' };
  const vars = Object.entries({ ADMIN_TOKEN: ADMIN, AUTH_FAILURE_LIMIT: '100000', ...opts.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dev = spawn(
    'npx',
    ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, ...vars, '--show-interactive-dev-session=false'],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  dev.stdout!.on('data', (d) => (log += d));
  dev.stderr!.on('data', (d) => (log += d));
  const stop = (keep = false) => {
    try {
      if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    if (!keep) rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHealth(base);
  } catch (e) {
    stop();
    throw new Error(`${(e as Error).message}:\n${log.slice(-2000)}`);
  }
  return { base, state, pid: dev.pid!, stop };
}

/** Resolves once the worker at `base` answers /api/v1/health. */
export async function waitForHealth(base: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      /* starting */
    }
    if (Date.now() > until) throw new Error(`wrangler dev did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
