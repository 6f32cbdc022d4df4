/**
 * `npm start` as a newcomer sees it (issue 20): a short, readable log — no
 * stack traces for what cannot be reached offline, the migrations said once,
 * seeding without a line per request — ending with the banner of URLs and
 * tokens, which stays the last thing on screen while the pane is used.
 * Run on a folder of its own (QT_STATE), so it seeds a fresh database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const state = mkdtempSync(join(tmpdir(), 'qt-start-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('npm start', () => {
  it('prints a short log that ends with the banner, and keeps it last while the service is used', async () => {
    const port = await freePort();
    const child = spawn('npx', ['tsx', 'scripts/start.ts'], { env: { ...process.env, PORT: String(port), QT_STATE: state }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    try {
      const deadline = Date.now() + 240_000;
      while (!out.includes('按 Ctrl+C 停止') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 500));
      expect(out, out.slice(-3000)).toContain('按 Ctrl+C 停止');
      // Used after the banner: pages and API calls print nothing.
      const token = /管理员令牌 (\S+)/.exec(out)![1]!;
      for (const path of ['/', '/api/v1/health', '/api/v1/units?limit=5', '/api/v1/consolidated/2025']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, path).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 1500));
      const lines = out.split('\n').filter((l) => l.trim());
      expect(lines.at(-1)).toMatch(/^─+$/);
      expect(lines.at(-2)).toContain('按 Ctrl+C 停止');
      expect(lines.length, out).toBeLessThan(30);
      expect(out).not.toMatch(/ENOTFOUND|^\s+at /m);
      expect(out).not.toMatch(/GET \/|POST \//);
      expect(out.match(/迁移/g)).toHaveLength(1);
      expect(out).toContain('2024、2025 年度');
      for (const label of ['网页版', '管理员令牌', '统计员令牌', '区镇统计员', '填报员令牌']) expect(out).toContain(label);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
  }, 300_000);
});
