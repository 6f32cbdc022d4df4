/**
 * Our native charts through a renderer we did not write: LibreOffice (soffice
 * --headless, a profile of its own) prints the consolidated workbook with its
 * 图表 sheet to PDF, pdftotext finds the page of that sheet and where its
 * tables are, pdftoppm (poppler-utils) rasterizes the page as PPM, and the
 * area of each chart must hold ink. A chart LibreOffice cannot read is drawn
 * as nothing at all, so an empty area is the failure this catches.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { chartsLayout, type ChartsInput } from '../../shared/charts-layout.ts';
import { CHART_COLORS, consolidate, consolidatedLayout, progress, rangeCells, ROOT_AREA, type Consolidated, type SheetChart, type SheetLayout, type UnitData } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { demoReport, demoUnits, rng, type DemoUnit } from '../../scripts/demo.ts';
import { syntheticTree, unitData } from '../../bench/synthetic.ts';

const settings = { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2027年12月' };
const dir = mkdtempSync(join(tmpdir(), 'lo-charts-'));
const DPI = 100;
/** Excel's default column width in characters, for the columns a chart covers (the layout sets none there). */
const DEFAULT_WIDTH = 8.43;
/** Share of a chart's area that must not be white (the figure). */
const MIN_INK = 0.02;
/** Share of a chart's area in each series' colour: measured 12.7 % for the bars, 1.0 and 0.9 % for the two lines. */
const MIN_SERIES = 0.003;

/** Five years of the demo city, each consolidated against the one before. */
function demoYears(years: number[]): Consolidated[] {
  const random = rng(7);
  const units: DemoUnit[] = demoUnits();
  const { units: roster, tree } = syntheticTree(units);
  let last = new Map(units.map((u) => [u.code, demoReport(u, years[0]! - 1, random)]));
  return years.map((year) => {
    const now = new Map(units.map((u) => [u.code, demoReport(u, year, random, last.get(u.code))]));
    const data = (m: typeof now) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, m.get(u.code)!)]));
    const p = progress({ year, deadline: `${year + 1}-03-31`, units: roster, latest: [], today: `${year + 1}-01-01`, tree, area: ROOT_AREA });
    const c = consolidate({ year, generatedAt: `${year + 1}-01-02T03:04:05.000Z`, units: roster, current: data(now), previous: data(last), previousPublished: null, published: null, tree, area: ROOT_AREA, progress: p });
    last = now;
    return c;
  });
}

function chartsInput(cs: Consolidated[]): ChartsInput {
  const c = cs[cs.length - 1]!;
  const total = (x: Consolidated, sheet: 'members' | 'trainings', key: string) => x.sheets[sheet].rows.find((r) => r.kind === 'total')!.values[key] ?? null;
  return {
    year: c.year,
    byOrg: c.sheets.members.rows.filter((r) => r.kind === 'subtotal').map((r) => ({ label: r.label.replace(/小计$/, ''), members: r.values.members_total ?? 0 })),
    // The first year without 培训人次: the line must show a gap there, not stop drawing.
    trend: cs.map((x, i) => ({ year: x.year, members: total(x, 'members', 'members_total'), trainees: i === 0 ? null : total(x, 'trainings', 'trainees') })),
  };
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, maxBuffer: 64 << 20 });
}

function toPdf(name: string, bytes: Uint8Array): string {
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(file, bytes);
  // A profile of its own, so that parallel runs never share LibreOffice's lock.
  run('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile-${process.pid}-${name}`, '--convert-to', 'pdf', '--outdir', dir, file]);
  return join(dir, `${name}.pdf`);
}

/** The text of each page (pdftotext ends every page with a form feed), white space removed. */
function pageTexts(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', timeout: 60_000 });
  return text.split('\f').map((p) => p.replace(/\s+/g, ''));
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
}

/** The words of one page with their boxes in PDF points (pdftotext -bbox, XHTML read with saxes). */
function pageWords(pdf: string, page: number): Word[] {
  const xhtml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8', timeout: 60_000 });
  const words: Word[] = [];
  const parser = new SaxesParser();
  let open: Word | null = null;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    if (t.name === 'word') open = { text: '', xMin: Number(t.attributes.xMin), yMin: Number(t.attributes.yMin) };
  });
  parser.on('text', (t) => {
    if (open) open.text += t;
  });
  parser.on('closetag', (t) => {
    if (t.name === 'word' && open) words.push(open);
    open = null;
  });
  parser.write(xhtml).close();
  return words;
}

/** A page rasterized by pdftoppm as binary PPM (P6): width, height and RGB bytes. */
function rasterize(pdf: string, page: number, out: string): { width: number; height: number; rgb: Uint8Array } {
  run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(DPI), '-singlefile', pdf, out]);
  const bytes = new Uint8Array(readFileSync(`${out}.ppm`));
  // Header: magic, width, height, maxval, separated by white space (and # comments), then one white space byte.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]!))) i++;
    if (bytes[i] === 0x23) {
      while (bytes[i] !== 0x0a) i++;
      continue;
    }
    let f = '';
    while (!/\s/.test(String.fromCharCode(bytes[i]!))) f += String.fromCharCode(bytes[i++]!);
    fields.push(f);
  }
  const [magic, w, h, max] = fields;
  expect([magic, max]).toEqual(['P6', '255']);
  const width = Number(w);
  const height = Number(h);
  const rgb = bytes.subarray(i + 1);
  expect(rgb.length).toBe(width * height * 3);
  return { width, height, rgb };
}

type Box = { x0: number; y0: number; x1: number; y1: number };

/** The share of pixels in the box (PDF points) for which `test` holds. */
function share(img: { width: number; rgb: Uint8Array }, box: Box, test: (r: number, g: number, b: number) => boolean): number {
  const px = (pt: number) => Math.round((pt * DPI) / 72);
  let n = 0;
  let all = 0;
  for (let y = px(box.y0); y < px(box.y1); y++) {
    for (let x = px(box.x0); x < px(box.x1); x++) {
      const o = (y * img.width + x) * 3;
      all++;
      if (test(img.rgb[o]!, img.rgb[o + 1]!, img.rgb[o + 2]!)) n++;
    }
  }
  return n / all;
}
const notWhite = (r: number, g: number, b: number) => Math.min(r, g, b) < 245;
/** Pixels of a series' colour (`4472C4`), give or take antialiasing. */
const colour = (hex: string) => {
  const [cr, cg, cb] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  return (r: number, g: number, b: number) => Math.max(Math.abs(r - cr), Math.abs(g - cg), Math.abs(b - cb)) <= 40;
};

/**
 * Where each chart is on the page, in PDF points, measured from the sheet as
 * LibreOffice printed it: the left edges of the header cells give the scale of
 * a column-width unit, the bar chart's first and last category rows the row
 * pitch, the caption of the first table the top of its row. The box is then
 * shrunk by a tenth on each side, so small errors never reach outside it.
 */
function chartBoxes(layout: SheetLayout, words: Word[]) {
  // The table's words are the leftmost of each text: the charts repeat some of them further right.
  const at = (text: string) => {
    const found = words.filter((w) => w.text === text).sort((a, b) => a.xMin - b.xMin)[0];
    expect(found, text).toBeDefined();
    return found!;
  };
  const [bar] = layout.charts!;
  const header = layout.grid[bar!.categories.row + bar!.categories.rows! + 2]!;
  // The trend table's header: 年度 | 年末个人会员数 | 培训人次 in columns A, B, C.
  expect(header).toEqual(['年度', '年末个人会员数', '培训人次']);
  const a = at('年度');
  const c = at('培训人次');
  const unit = (c.xMin - a.xMin) / (layout.widths[0]! + layout.widths[1]!);
  const colX = (col: number) => a.xMin + Array.from({ length: col }, (_, i) => layout.widths[i] ?? DEFAULT_WIDTH).reduce((s, w) => s + w, 0) * unit;
  const cats = rangeCells(bar!.categories);
  const first = at(String(layout.grid[cats[0]!.row]![0]));
  const last = at(String(layout.grid[cats[cats.length - 1]!.row]![0]));
  const pitch = (last.yMin - first.yMin) / (cats.length - 1);
  const rowY = (row: number) => first.yMin + (row - cats[0]!.row) * pitch;
  return layout.charts!.map((ch: SheetChart) => {
    const box = { x0: colX(ch.anchor.col), x1: colX(ch.anchor.col + ch.anchor.cols), y0: rowY(ch.anchor.row), y1: rowY(ch.anchor.row + ch.anchor.rows) };
    const dx = (box.x1 - box.x0) / 10;
    const dy = (box.y1 - box.y0) / 10;
    return { chart: ch, x0: box.x0 + dx, x1: box.x1 - dx, y0: box.y0 + dy, y1: box.y1 - dy };
  });
}

describe('LibreOffice draws our native charts', () => {
  it('prints the 图表 sheet of the consolidated workbook on one page with both charts inked and labelled in Chinese', { timeout: 180_000 }, () => {
    const years = demoYears([2021, 2022, 2023, 2024, 2025]);
    const sheets = consolidatedLayout({ ...years[years.length - 1]!, trend: chartsInput(years).trend }, settings);
    const charts = sheets.find((s) => s.sheet === '图表')!;
    expect(charts).toEqual(chartsLayout(chartsInput(years)));
    expect(charts.charts!.map((c) => c.kind)).toEqual(['bar', 'line']);
    const pdf = toPdf('consolidated-charts', writeXlsx(sheets));

    // The sheet fits one page: exactly one page has its title.
    const pages = pageTexts(pdf);
    const title = String(charts.grid[0]![0]);
    const mine = pages.flatMap((p, i) => (p.includes(title) ? [i + 1] : []));
    expect(mine).toHaveLength(1);
    const page = mine[0]!;

    const img = rasterize(pdf, page, join(dir, 'charts-page'));
    for (const box of chartBoxes(charts, pageWords(pdf, page))) {
      expect(share(img, box, notWhite), box.chart.title).toBeGreaterThanOrEqual(MIN_INK);
      // Axes, gridlines and labels alone cover more than 2 % (seen with series over empty cells: 2.8 and
      // 3.9 %), so each series must also show in its own colour: the bars, the lines and their markers.
      box.chart.series.forEach((s, i) => expect(share(img, box, colour(CHART_COLORS[i]!)), `${box.chart.title}：${s.name}`).toBeGreaterThanOrEqual(MIN_SERIES));
    }

    // Both charts' titles are on the page, and their labels too: category labels and the legend appear
    // twice, once in the table and once drawn by the chart.
    const text = pages[page - 1]!;
    for (const c of charts.charts!) expect(text, c.title).toContain(c.title.replace(/\s+/g, ''));
    const count = (s: string) => text.split(s).length - 1;
    for (const label of ['工会', '计生协会', '2021年', '2025年', '培训人次']) expect(count(label), label).toBeGreaterThanOrEqual(2);
    // Drawn with a font that has Chinese glyphs (fonts-noto-cjk), not as empty boxes.
    const fonts = execFileSync('pdffonts', ['-f', String(page), '-l', String(page), pdf], { encoding: 'utf8', timeout: 60_000 });
    expect(fonts).toMatch(/CJK/);
  });
});
