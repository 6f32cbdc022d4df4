/**
 * A province's 20,000 units within a Worker's 128 MB isolate (issue 17): the
 * consolidation as GET /consolidated streams it, the workbook as
 * …/workbook.xlsx streams it, and a version's checksum as publishing
 * computes it — the same shared code the worker runs — in a Node of its own
 * limited to a 128 MB heap (V8 aborts past it), whose live heapUsed +
 * external — external is outside that limit — is sampled after full
 * collections at every template read, every sheet laid out, and every 25th
 * piece written (province-memory.run.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('./province-memory.run.ts', import.meta.url));
const LIMIT = 128 * 2 ** 20;

describe('a province of 20,000 units', () => {
  it('is consolidated, written as a workbook and checksummed in under 128 MB', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', '--expose-gc', '--import', 'tsx', RUN, '20000'], { encoding: 'utf8', timeout: 240_000 });
    // Out of memory, V8 aborts the process (it would end the isolate): say so rather than fail on the output.
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { n: number; peakBytes: number; jsonChars: number; xlsxBytes: number; checksum: string };
    expect(out.n).toBe(20000);
    expect(out.peakBytes).toBeLessThan(LIMIT);
    // Everything was written: a unit row per unit in each sheet, a workbook, a digest.
    expect(out.jsonChars).toBeGreaterThan(20000 * 4 * 300);
    expect(out.xlsxBytes).toBeGreaterThan(5_000_000);
    expect(out.checksum).toMatch(/^[0-9a-f]{64}$/);
  }, 300_000);
});
