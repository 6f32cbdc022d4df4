/**
 * The forms as they print (issue 20), through a program we did not write:
 * LibreOffice prints the blank workbook and the consolidated workbook to
 * PDF; pdfinfo gives each page's size, pdftotext its text.
 *
 * - The blank workbook: each table on one A4 page to sign — upright for a
 *   record form, across for a list of up to 20 rows — with its 说明 whole,
 *   the sign-off lines, and the footer's 表号 and page number.
 * - The consolidated workbook: A4 across; no table's columns split over
 *   pages: every page of a table sheet carries the header row (the last
 *   column's label included) and the unit column.
 * - A rendered page: the blank 表2 rasterized (pdftoppm) shows the table's
 *   ruled lines; the page is kept under test-results/ to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankWorkbook, consolidate, consolidatedLayout, editionForYear, formNo, layout, progress, ROOT_AREA, type TemplateId, type UnitData } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { demoReport, demoUnits, rng } from '../../scripts/demo.ts';
import { syntheticTree, unitData } from '../../bench/synthetic.ts';

const settings = { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2027年12月' };
const dir = mkdtempSync(join(tmpdir(), 'lo-print-'));
const YEAR = 2025;
const E = editionForYear(YEAR);

function toPdf(name: string, bytes: Uint8Array): string {
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(file, bytes);
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile-${process.pid}-${name}`, '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'ignore', timeout: 180_000 });
  return join(dir, `${name}.pdf`);
}

/** Each page's size in points, [width, height]. */
function pageSizes(pdf: string): [number, number][] {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' });
  return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Each page's text, white space removed. */
function pageTexts(pdf: string): string[] {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
    .split('\f')
    .slice(0, -1)
    .map((p) => p.replace(/\s+/g, ''));
}

const A4 = { short: 595.3, long: 841.9 };
const near = (a: number, b: number) => Math.abs(a - b) < 2;
const portrait = ([w, h]: [number, number]) => near(w, A4.short) && near(h, A4.long);
const landscape = ([w, h]: [number, number]) => near(w, A4.long) && near(h, A4.short);

describe('printing the forms', () => {
  it('prints the blank workbook on one A4 page per table, upright for records and across for lists, with 说明, sign-off and footer', () => {
    const unit = { code: 'HS-WOMEN', name: '合山市妇女联合会', org: 'women' as const };
    const pdf = toPdf('blank', writeXlsx(blankWorkbook(YEAR, unit, settings)));
    const sizes = pageSizes(pdf);
    const texts = pageTexts(pdf);
    expect(sizes).toHaveLength(E.templates.length);
    E.templates.forEach((t, i) => {
      expect(t.kind === 'record' ? portrait(sizes[i]!) : landscape(sizes[i]!), `${t.sheet}: ${sizes[i]}`).toBe(true);
      const text = texts[i]!;
      expect(text).toContain(`${YEAR}年${t.title}`.replace(/\s+/g, ''));
      // The footer: 表号 and the page number.
      expect(text).toContain(formNo(t));
      expect(text).toContain(`第${i + 1}页，共${E.templates.length}页`);
      // Signed and explained on the same page: the sign-off and the 说明's last check.
      expect(text).toContain('单位负责人');
      expect(text).toContain(t.checks.at(-1)!.text.replace(/\s+/g, '').slice(0, 12));
    });
  }, 240_000);

  it('keeps a typical unit’s lists of 20 filled rows on one page each', () => {
    const unit = demoUnits(1)[0]!;
    const random = rng(3);
    const report = demoReport(unit, YEAR, random, undefined, { trainings: 20, awards: 20 });
    // Twenty rows of each list, as many as a typical unit has.
    const rowsOf = (id: TemplateId) => {
      const rows = [...(report[id] ?? [])];
      while (rows.length < 20) rows.push(...(demoReport(unit, YEAR, random, undefined, { trainings: 20, awards: 20 })[id] ?? []));
      return rows.slice(0, 20);
    };
    expect(E.templates.filter((t) => t.kind === 'list').every((t) => rowsOf(t.id).length === 20)).toBe(true);
    const sheets = E.templates.map((t) => layout(t.id, YEAR, unit, { settings, edition: E, ...(t.kind === 'list' ? { rows: rowsOf(t.id), blankRows: 0 } : { rows: report[t.id] }) }));
    const pdf = toPdf('filled', writeXlsx(sheets));
    expect(pageSizes(pdf)).toHaveLength(E.templates.length);
  }, 240_000);

  it('prints the consolidated workbook across A4 with every column of a table on each of its pages, the header and unit column repeated', () => {
    const random = rng(5);
    const units = demoUnits();
    const { units: roster, tree } = syntheticTree(units);
    const last = new Map(units.map((u) => [u.code, demoReport(u, YEAR - 1, random)]));
    const data = (pick: (code: string) => ReturnType<typeof demoReport>) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u.code))]));
    const now = new Map(units.map((u) => [u.code, demoReport(u, YEAR, random, last.get(u.code))]));
    const p = progress({ year: YEAR, deadline: `${YEAR + 1}-03-31`, units: roster, latest: [], today: `${YEAR + 1}-01-01`, tree, area: ROOT_AREA });
    const c = consolidate({ year: YEAR, generatedAt: '2026-01-02T03:04:05.000Z', units: roster, current: data((k) => now.get(k)!), previous: data((k) => last.get(k)!), previousPublished: null, published: null, tree, area: ROOT_AREA, progress: p });
    const layouts = consolidatedLayout(c, settings);
    const pdf = toPdf('consolidated', writeXlsx(layouts));
    const sizes = pageSizes(pdf);
    const texts = pageTexts(pdf);
    expect(sizes.every(landscape) || sizes.every((s) => landscape(s) || portrait(s))).toBe(true);
    // Each template sheet's pages, found by their footer; each has every column's header and the unit column.
    for (const t of E.templates) {
      const sheet = c.sheets[t.id]!;
      const pages = texts.filter((x) => x.includes(`${formNo(t)}（汇总）`));
      expect(pages.length, t.sheet).toBeGreaterThan(0);
      const lastColumn = sheet.columns.at(-1)!.label.replace(/\s+/g, '');
      for (const page of pages) {
        expect(page, t.sheet).toContain('单位名称');
        expect(page, t.sheet).toContain(lastColumn);
      }
      for (const page of pages) expect(page).toMatch(/第\d+页，共\d+页/);
    }
    console.log(`consolidated workbook of ${units.length} units: ${sizes.length} pages`);
    expect(sizes.length).toBeLessThan(40);
  }, 240_000);

  it('rules the table’s lines on the printed page (the page is kept under test-results/ to look at)', () => {
    const pdf = join(dir, 'blank.pdf');
    const out = join(dir, 'page2');
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '60', '-png', '-singlefile', pdf, out]);
    mkdirSync('test-results', { recursive: true });
    copyFileSync(`${out}.png`, 'test-results/print-blank-table2.png');
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '60', '-gray', '-singlefile', pdf, out]);
    const pgm = readFileSync(`${out}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
    const [w, h] = [Number(header[1]), Number(header[2])];
    const px = pgm.subarray(header[0].length);
    // A ruled line: a pixel row at least half dark across the page's width.
    let lines = 0;
    for (let y = 0; y < h; y++) {
      let dark = 0;
      for (let x = 0; x < w; x++) if (px[y * w + x]! < 128) dark++;
      if (dark > w / 2) lines++;
    }
    // 表2's table: its header, its unit row and 20 blank rows, each ruled.
    expect(lines).toBeGreaterThanOrEqual(20);
  }, 60_000);
});

