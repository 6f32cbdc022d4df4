/**
 * Workbooks from producers we did not write, made here: LibreOffice saves a
 * filled workbook as .xlsx and as .ods (soffice --headless --convert-to),
 * openpyxl (Debian's python3-openpyxl, through /usr/bin/python3) re-saves it
 * with a sheet renamed by a full-width space and writes one from scratch;
 * with our own writer, its output rewritten under a namespace prefix, and
 * inline strings with CDATA. Each is read exactly, within two seconds, and
 * the pane's file adapter finds the same sheets as the command line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FileWorkbook } from '../../addin/file.ts';
import { checkWorkbook } from '../../addin/flow.ts';
import { EDITIONS, dateToSerial, layoutWorkbook, type Grid } from '../../shared/index.ts';
import { readReportWorkbook, readSpreadsheet, writeXlsx } from '../../shared/xlsx/index.ts';
import { report } from '../shared/fixtures.ts';
import { xlsxOf } from '../shared/spreadsheets.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const, district: '兴宾区' };
const data = report('women');
const settings = { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2027年12月' };
const filled = writeXlsx(layoutWorkbook(2024, unit, Object.fromEntries(E2024.templates.map((t) => [t.id, { settings, rows: data[t.id]! }]))));
writeFileSync(join(dir, 'filled.xlsx'), filled);

let profile = 0;
function soffice(to: string, file: string): Uint8Array {
  profile += 1;
  const out = join(dir, `out-${profile}`);
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile-${process.pid}-${profile}`, '--convert-to', to, '--outdir', out, file], { stdio: 'pipe', timeout: 120_000 });
  const ext = to.split(':')[0]!;
  return new Uint8Array(readFileSync(join(out, file.replace(/^.*\//, '').replace(/\.[^.]+$/, `.${ext}`))));
}

function python(script: string): void {
  execFileSync('/usr/bin/python3', ['-c', script], { stdio: 'pipe', timeout: 60_000 });
}

/** Reads the file, timed; the report must hold exactly the fixture's rows. */
function expectSameReport(bytes: Uint8Array, name: string) {
  const t0 = performance.now();
  const wb = readReportWorkbook(bytes, { unit: unit.code, year: 2024 }, { name });
  expect(performance.now() - t0, name).toBeLessThan(2000);
  expect(wb.problems, name).toEqual([]);
  expect(wb.absent, name).toEqual([]);
  for (const r of wb.reports) expect(r.rows, `${name} ${r.template}`).toEqual(data[r.template]!);
  return wb;
}

describe('a corpus of files from other producers', () => {
  it('LibreOffice .xlsx and .ods: the same rows, cells and sign-off as our own file, in the pane too', { timeout: 240_000 }, async () => {
    const ours = expectSameReport(filled, 'ours.xlsx');
    const xlsx = expectSameReport(soffice('xlsx:Calc MS Excel 2007 XML', join(dir, 'filled.xlsx')), 'libreoffice.xlsx');
    const odsBytes = soffice('ods', join(dir, 'filled.xlsx'));
    expect(strFromU8(unzipSync(odsBytes).mimetype!)).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const ods = expectSameReport(odsBytes, 'libreoffice.ods');
    expect(readSpreadsheet(odsBytes).format).toBe('ods');
    for (const wb of [xlsx, ods]) {
      expect(wb.reports.map((r) => r.cells)).toEqual(ours.reports.map((r) => r.cells));
      expect(wb.reports.map((r) => r.signoff)).toEqual(ours.reports.map((r) => r.signoff));
    }
    // The grids of every sheet, labels and notes included, agree with our own file's.
    const grids = (b: Uint8Array) => readSpreadsheet(b).sheets.map((s) => ({ name: s.name, grid: trim(s.grid) }));
    expect(grids(odsBytes)).toEqual(grids(filled));
    // The browser pane opens the .ods through the same path and checks the same rows.
    const pane = new FileWorkbook();
    pane.open('兴宾区妇联2024.ods', odsBytes);
    expect(pane.format).toBe('ods');
    const checked = await checkWorkbook(pane, { unit, year: 2024, edition: null, ctx: { previous: {}, stored: {}, statuses: [], current: {} } });
    expect(checked.reports.map((r) => r.rows)).toEqual(ods.reports.map((r) => r.rows));
    expect(checked.issues).toEqual([]);
  });

  it('openpyxl: a re-saved file with a sheet renamed by a full-width space reads the same in the pane and on the command line', async () => {
    const src = join(dir, 'filled.xlsx');
    const out = join(dir, 'openpyxl.xlsx');
    python(`import openpyxl\nwb = openpyxl.load_workbook(${JSON.stringify(src)})\nwb["表2 培训"].title = "表2\u3000培训"\nwb.save(${JSON.stringify(out)})`);
    const bytes = new Uint8Array(readFileSync(out));
    expect(readSpreadsheet(bytes).sheets.map((s) => s.name)).toContain('表2\u3000培训');
    const cli = expectSameReport(bytes, 'openpyxl.xlsx');
    const pane = new FileWorkbook();
    pane.open('openpyxl.xlsx', bytes);
    const checked = await checkWorkbook(pane, { unit, year: 2024, edition: null, ctx: { previous: {}, stored: {}, statuses: [], current: {} } });
    expect(checked.absent).toEqual([]);
    expect(checked.reports.map((r) => r.template)).toEqual(cli.reports.map((r) => r.template));
    expect(checked.reports.map((r) => r.rows)).toEqual(cli.reports.map((r) => r.rows));
    expect(checked.issues).toEqual([]);
    expect(pane.notice).toBeNull();
  });

  it('openpyxl: a workbook written from scratch, every type', () => {
    const out = join(dir, 'scratch.xlsx');
    python(
      [
        'import openpyxl, datetime',
        'wb = openpyxl.Workbook()',
        'ws = wb.active',
        'ws.title = "数据"',
        'ws.append(["文字", 12, 3.25, True, datetime.date(2024, 3, 15), "  前后空格  ", None, "=A1"])',
        'ws["C5"] = "第五行"',
        `wb.save(${JSON.stringify(out)})`,
      ].join('\n'),
    );
    const t0 = performance.now();
    const [s] = readSpreadsheet(new Uint8Array(readFileSync(out))).sheets;
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(s!.name).toBe('数据');
    // openpyxl stores formulas without a cached result: nothing to read there.
    expect(s!.grid).toEqual([['文字', 12, 3.25, true, dateToSerial(new Date(Date.UTC(2024, 2, 15))), '  前后空格  '], [], [], [], [null, null, '第五行']]);
  });

  it('our own file rewritten under a namespace prefix, and one of inline strings and CDATA', () => {
    const parts = unzipSync(filled);
    const prefixed = Object.fromEntries(
      Object.entries(parts).map(([name, bytes]) => {
        if (!/^xl\/(workbook|worksheets\/sheet\d+)\.xml$/.test(name)) return [name, bytes];
        const xml = strFromU8(bytes).replace(/<(\/?)([A-Za-z]\w*)(?=[\s>/])/g, '<$1x:$2').replace(/xmlns="/, 'xmlns:x="');
        return [name, strToU8(xml)];
      }),
    );
    expectSameReport(zipSync(prefixed), 'prefixed.xlsx');
    const cdata = xlsxOf([{ name: '表3 表彰奖励', xml: '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[奖项 & <名称>]]></t></is></c><c r="B1" t="inlineStr"><is><r><t xml:space="preserve">五好 </t></r><r><t><![CDATA[家庭]]></t></r></is></c></row>' }]);
    expect(readSpreadsheet(cdata).sheets[0]!.grid).toEqual([['奖项 & <名称>', '五好 家庭']]);
  });
});

/** A grid without trailing blank cells and rows: producers differ only in how many empty cells they write. */
function trim(grid: Grid): Grid {
  const out = grid.map((row) => {
    let n = row.length;
    while (n > 0 && (row[n - 1] === null || row[n - 1] === '')) n--;
    return row.slice(0, n);
  });
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
}
