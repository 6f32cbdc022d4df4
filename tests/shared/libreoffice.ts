/**
 * LibreOffice, the reader we did not write: headless conversions of our
 * workbooks, each run with a profile of its own so that parallel runs never
 * share LibreOffice's lock.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../shared/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'lo-'));
let profile = 0;

export function soffice(args: string[]) {
  profile += 1;
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile-${process.pid}-${profile}`, ...args], { stdio: 'pipe', timeout: 120_000 });
}

/** Every sheet of the workbook as CSV rows (UTF-8, every sheet: LibreOffice's filter options), by sheet name. */
export function toCsv(name: string, bytes: Uint8Array): Map<string, string[][]> {
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(file, bytes);
  const out = join(dir, `${name}-csv`);
  soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', out, file]);
  const sheets = new Map<string, string[][]>();
  for (const f of readdirSync(out)) sheets.set(f.slice(name.length + 1, -4), parseCsv(readFileSync(join(out, f), 'utf8')));
  return sheets;
}
