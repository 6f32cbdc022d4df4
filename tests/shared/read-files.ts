/**
 * Reads each file named on the command line with the shared reader and
 * prints one JSON line per file (outcome, wall-clock and CPU time), then the process's peak
 * memory. hostile.test.ts runs it as a child with a 256 MB heap, so the
 * memory is the reader's alone and exhausting it would show as a crash.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSpreadsheet, WorkbookError } from '../../shared/xlsx/index.ts';

for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(file));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let line: Record<string, unknown>;
  try {
    const book = readSpreadsheet(bytes, { name: basename(file) });
    const cells = book.sheets.reduce((a, s) => a + s.grid.reduce((b, r) => b + r.filter((v) => v !== null).length, 0), 0);
    line = { outcome: 'read', sheets: book.sheets.length, cells };
  } catch (e) {
    line = e instanceof WorkbookError ? { outcome: 'refused', reason: e.reason, message: e.message } : { outcome: 'crashed', message: String(e instanceof Error ? e.stack : e) };
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ file: basename(file), ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), ...line }));
}
console.log(JSON.stringify({ maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
