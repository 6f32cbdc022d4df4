/**
 * Starts the real worker with `wrangler dev` (workerd + local D1 in a fresh
 * folder) for the end-to-end tests, and stops it afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export const ADMIN = 'e2e-admin-token-0123456789abcdefghij';

declare module 'vitest' {
  export interface ProvidedContext {
    base: string;
    admin: string;
  }
}

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

let dev: ChildProcess | undefined;
let state = '';

export async function setup(project: TestProject) {
  state = mkdtempSync(join(tmpdir(), 'quntuan-e2e-'));
  const env = { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' };
  // The pane the worker serves must be the one in the working tree.
  const pane = spawnSync('npx', ['tsx', 'scripts/build-pane.ts'], { env, encoding: 'utf8' });
  if (pane.status !== 0) throw new Error(`pane build failed: ${pane.stderr}`);
  const migrate = spawnSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], { env, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  dev = spawn(
    'npx',
    ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--var', `ADMIN_TOKEN:${ADMIN}`, '--var', 'AUTH_FAILURE_LIMIT:100000', '--show-interactive-dev-session=false'],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  dev.stdout!.on('data', (d) => (log += d));
  dev.stderr!.on('data', (d) => (log += d));
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until) throw new Error(`wrangler dev did not start:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('base', base);
  project.provide('admin', ADMIN);
}

export async function teardown() {
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  if (state) rmSync(state, { recursive: true, force: true });
}
