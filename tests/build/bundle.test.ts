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

describe('the pane bundle', () => {
  it('leaves zod to the worker, and stays small over a slow office line', { timeout: 60_000 }, async () => {
    const { build } = await import('esbuild');
    const { gzipSync } = await import('node:zlib');
    // Built as scripts/build-pane.ts builds it.
    const r = await build({
      entryPoints: [join(root, 'addin/main.tsx')],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      charset: 'utf8',
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2020',
      write: false,
      metafile: true,
      outfile: join(tmpdir(), 'pane-app.js'),
    });
    const inputs = Object.keys(r.metafile.inputs);
    // The pane types what it reads with zod's inferred types; the schemas themselves are the worker's.
    expect(inputs.filter((i) => i.includes('node_modules/zod'))).toEqual([]);
    const gz = gzipSync(r.outputFiles[0]!.contents, { level: 9 }).length;
    expect(gz).toBeLessThan(150 * 1024);
  });
});
