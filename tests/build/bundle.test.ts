/** The worker bundles for Cloudflare (`wrangler deploy --dry-run`), and stays small. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('wrangler deploy --dry-run', () => {
  it('builds the worker bundle', { timeout: 120_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'bundle-'));
    execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { cwd: root, stdio: 'pipe', env: { ...process.env, CI: '1' } });
    const files = readdirSync(out).filter((f) => f.endsWith('.js'));
    expect(files).toContain('index.js');
    const size = statSync(join(out, 'index.js')).size;
    // Workers' free plan takes 3 MiB compressed; stay far below it.
    expect(size).toBeLessThan(3 * 1024 * 1024);
  });
});
