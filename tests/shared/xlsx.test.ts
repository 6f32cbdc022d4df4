import { createHash } from 'node:crypto';
import { strToU8, unzipSync, strFromU8, zipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { chartsLayout } from '../../shared/charts-layout.ts';
import { absentNotice, EDITIONS, columnName, layout, layoutWorkbook, sheetKey, sheetOf, validate, type LayoutUnit, type SheetLayout } from '../../shared/index.ts';
import { LIMITS, readReportWorkbook, readXlsx, streamXlsx, writeXlsx, WorkbookError, type ReadLimits } from '../../shared/xlsx/index.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];
import { report } from './fixtures.ts';
import { odsOf, xlsxOf, xlsxParts, zipOf } from './spreadsheets.ts';

const unit: LayoutUnit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' };
const data = report('women');
const filledWorkbook = () =>
  writeXlsx(layoutWorkbook(2024, unit, { members: { rows: data.members }, trainings: { rows: data.trainings }, awards: { rows: data.awards }, funding: { rows: data.funding } }));

/** An .xlsx assembled by hand, as other programs write them (shared strings, rich text, styles we do not write). */
function handmade(sheetXml: string, sharedXml = '', name = '表3 表彰奖励'): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(`<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${name}" sheetId="1" r:id="rId7"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId7" Type="x" Target="/xl/worksheets/other.xml"/></Relationships>'),
    'xl/worksheets/other.xml': strToU8(`<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`),
    ...(sharedXml ? { 'xl/sharedStrings.xml': strToU8(`<sst>${sharedXml}</sst>`) } : {}),
  });
}

describe('writeXlsx → readXlsx', () => {
  it('reads back every value of the blank workbook, sheet by sheet', () => {
    const sheets = layoutWorkbook(2024, unit, { members: { previous: data.members[0] } });
    const back = readXlsx(writeXlsx(sheets));
    expect(back.map((s) => s.name)).toEqual(sheets.map((s) => s.sheet));
    for (const [i, s] of sheets.entries()) {
      const want = s.grid.map((row) => row.map((v) => (v === '' ? null : v)));
      const got = back[i]!.grid.map((row, r) => want[r]!.map((_, c) => row[c] ?? null));
      expect(got).toEqual(want);
    }
  });

  it('round-trips a filled workbook to the same rows, cells and no issue', () => {
    const wb = readReportWorkbook(filledWorkbook(), { unit: 'XB-WOMEN', year: 2024 });
    expect(wb.problems).toEqual([]);
    expect(wb.absent).toEqual([]);
    for (const r of wb.reports) {
      expect(r.rows).toEqual(data[r.template]!);
      expect(validate(r.template, r.rows, { year: 2024, org: 'women', cells: r.cells, others: data })).toEqual([]);
    }
  });

  it('writes what a user typed as text, never as a formula', () => {
    const evil = ['=HYPERLINK("http://evil.example/","点我")', '+8613800000000', '-2+3', '@SUM(A1)', '=1+1', '_x0041_', 'tab\there', ' 前后空格 '];
    const rows = evil.map((recipient, i) => ({ ...data.awards[0]!, recipient, name: `奖${i}` }));
    const bytes = writeXlsx([layout('awards', 2024, unit, { rows })]);
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
    expect(xml).not.toMatch(/<f>/);
    expect(xml).toContain('t="inlineStr"><is><t>=HYPERLINK(&quot;http://evil.example/&quot;,&quot;点我&quot;)</t>');
    const back = readReportWorkbook(bytes).reports[0]!.rows.map((r) => r.recipient);
    expect(back).toEqual(evil);
  });

  it('shades input cells, sets number formats, dropdowns, widths, merges and frozen panes', () => {
    const xml = strFromU8(unzipSync(writeXlsx([layout('trainings', 2024, unit)]))['xl/worksheets/sheet1.xml']!);
    expect(xml).toContain('<pane ySplit="8" topLeftCell="A9" activePane="bottomLeft" state="frozen"/>');
    expect(xml).toMatch(/<mergeCell ref="A1:L1"\/>/);
    expect(xml).toContain('<formula1>"干部骨干培训,职业技能培训,农村实用技术培训,创业就业培训,家政服务培训,科普培训,康复培训,其他"</formula1>');
    expect(xml).toMatch(/<col min="1" max="1" width="6" customWidth="1"\/>/);
    const styles = strFromU8(unzipSync(writeXlsx([layout('trainings', 2024, unit)]))['xl/styles.xml']!);
    for (const id of [3, 4, 49]) expect(styles).toContain(`numFmtId="${id}"`);
    expect(styles).toContain('FFFFF2CC');
  });
});

/** An XML part as a tree, parsed by saxes with namespaces: a part that is not well-formed throws. */
interface El {
  uri: string;
  local: string;
  attrs: Map<string, string>;
  children: El[];
  text: string;
}
const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkg: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
};
function parseXml(xml: string): El {
  const root: El = { uri: '', local: '#document', attrs: new Map(), children: [], text: '' };
  const stack = [root];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    // Attributes by local name, or `{uri}local` when namespaced (r:id is `{…relationships}id`).
    const attrs = new Map(Object.values(t.attributes).map((a) => [a.uri ? `{${a.uri}}${a.local}` : a.local, a.value] as const));
    const el: El = { uri: t.uri, local: t.local, attrs, children: [], text: '' };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('text', (t) => void (stack[stack.length - 1]!.text += t));
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root.children[0]!;
}
const all = (el: El, uri: string, local: string): El[] => el.children.flatMap((c) => [...(c.uri === uri && c.local === local ? [c] : []), ...all(c, uri, local)]);
const one = (el: El, uri: string, local: string): El => {
  const found = all(el, uri, local);
  expect(found, `${local} in ${el.local}`).toHaveLength(1);
  return found[0]!;
};
const val = (el: El, local: string) => one(el, NS.c, local).attrs.get('val');
/** The points of a cache, by index: blank ones absent. */
const cache = (el: El) => ({
  count: Number(val(el, 'ptCount')),
  points: Object.fromEntries(all(el, NS.c, 'pt').map((p) => [Number(p.attrs.get('idx')), one(p, NS.c, 'v').text])),
});

/** A sheet using every feature of the writer but charts, independent of the catalog. */
const plain: SheetLayout = {
  sheet: '表甲 人数',
  grid: [['标题', null, null], ['名称', '人数', '金额'], ['=A1', 12, 3.5], [true, null, ' 说明 ']],
  merges: [{ row: 0, col: 0, cols: 3 }],
  bold: [{ row: 0, col: 0 }, { row: 1, col: 0, cols: 3 }],
  formats: [{ row: 2, col: 0, format: '@' }, { row: 2, col: 1, rows: 2, format: '#,##0' }, { row: 2, col: 2, format: '0.000' }],
  dropdowns: [{ row: 2, col: 0, rows: 2, options: ['是', '否'] }],
  inputs: [{ row: 2, col: 1, rows: 2, cols: 2 }],
  widths: [10, 8, 12],
  freeze: { rows: 2, cols: 1 },
  headerRow: 1,
};
// A local time, so that the zip's DOS time stamps (local time in fflate) are the same in every time zone.
const MTIME = new Date(2025, 2, 1, 8, 0, 0);
const ORGS = ['工会', '共青团', '妇联', '残联', '侨联', '工商联', '文联', '科协', '计生协会'];
const chartsSheet = () =>
  chartsLayout({
    year: 2025,
    byOrg: ORGS.map((label, i) => ({ label, members: 1000 * (i + 1) + 7 })),
    trend: [2023, 2021, 2025, 2022, 2024].map((year) => ({ year, members: year * 10, trainees: year === 2023 ? null : year - 2000 })),
  });

describe('streamXlsx', () => {
  const sheets = () => layoutWorkbook(2024, { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' }, Object.fromEntries(EDITIONS['2024'].templates.map((t) => [t.id, { rows: report('women')[t.id] }])));

  it('writes a zip every reader opens: the parts of writeXlsx, checked by their CRCs', async () => {
    const pieces: Uint8Array[] = [];
    await streamXlsx(sheets(), (b) => void pieces.push(b), { mtime: '2025-01-02T03:04:05Z' });
    const streamed = new Uint8Array(Buffer.concat(pieces));
    const whole = unzipSync(writeXlsx(sheets(), { mtime: '2025-01-02T03:04:05Z' }));
    const parts = unzipSync(streamed);
    expect(Object.keys(parts)).toEqual(Object.keys(whole));
    for (const k of Object.keys(whole)) expect(strFromU8(parts[k]!), k).toBe(strFromU8(whole[k]!));
    expect(readXlsx(streamed).map((s) => s.name)).toEqual(sheets().map((s) => s.sheet));
  });

  it('stops with the sink’s own error when the sink fails (the client gone), leaving nothing running', async () => {
    let n = 0;
    const gone = new Error('client gone');
    await expect(
      streamXlsx(sheets(), () => {
        if (++n === 3) throw gone;
      }),
    ).rejects.toBe(gone);
    // Nothing more was handed on after the failure.
    const seen = n;
    await new Promise((r) => setTimeout(r, 50));
    expect(n).toBe(seen);
  });
});

describe('writeXlsx: native charts', () => {
  it('writes sheets without charts exactly as before charts existed', () => {
    const bytes = writeXlsx([plain, sheetOf('乙', [['x']])], { mtime: MTIME });
    // Taken from the writer before it knew charts; a workbook without charts must not change by one byte.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('b36a84e25892bb02ca9bcbcc19510e98ba5ad6251ec89240fed1a605d97b0c0e');
    expect(writeXlsx([{ ...plain, charts: [] }, sheetOf('乙', [['x']])], { mtime: MTIME })).toEqual(bytes);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'].sort(),
    );
  });

  it('is the same bytes on every call with a fixed mtime, charts included', () => {
    const sheets = () => [plain, chartsSheet()];
    const a = writeXlsx(sheets(), { mtime: MTIME });
    expect(writeXlsx(sheets(), { mtime: MTIME })).toEqual(a);
    expect(writeXlsx(sheets(), { mtime: new Date(2025, 2, 1, 9, 0, 0) })).not.toEqual(a);
  });

  it('links sheet → drawing → chart parts with relationships and content types; every part is well-formed XML', () => {
    const small: SheetLayout = {
      ...sheetOf('Data', [['a', 1], ['b', 2]]),
      charts: [{ kind: 'bar', title: '小', categories: { row: 0, col: 0, rows: 2 }, series: [{ name: 'n', values: { row: 0, col: 1, rows: 2 } }], anchor: { row: 0, col: 3, cols: 4, rows: 5 } }],
    };
    const parts = unzipSync(writeXlsx([plain, chartsSheet(), small], { mtime: MTIME }));
    const xml = (name: string) => {
      expect(parts[name], name).toBeDefined();
      return parseXml(strFromU8(parts[name]!));
    };
    for (const name of Object.keys(parts)) xml(name);

    const types = xml('[Content_Types].xml');
    const override = (part: string) => all(types, NS.ct, 'Override').find((o) => o.attrs.get('PartName') === part)?.attrs.get('ContentType');
    for (const d of [1, 2]) expect(override(`/xl/drawings/drawing${d}.xml`)).toBe('application/vnd.openxmlformats-officedocument.drawing+xml');
    for (const c of [1, 2, 3]) expect(override(`/xl/charts/chart${c}.xml`)).toBe('application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
    expect(override('/xl/drawings/drawing3.xml')).toBeUndefined();

    // Sheet 1 has no charts: no drawing, no relationships part, printed as before.
    expect(all(xml('xl/worksheets/sheet1.xml'), NS.main, 'drawing')).toEqual([]);
    expect(parts['xl/worksheets/_rels/sheet1.xml.rels']).toBeUndefined();

    const follow = (relsPart: string, id: string, type: string) => {
      const rel = all(xml(relsPart), NS.pkg, 'Relationship').find((r) => r.attrs.get('Id') === id)!;
      expect(rel.attrs.get('Type')).toBe(`${NS.r}/${type}`);
      return rel.attrs.get('Target');
    };
    for (const [sheet, drawing, charts] of [
      [2, 1, [1, 2]],
      [3, 2, [3]],
    ] as const) {
      const ws = xml(`xl/worksheets/sheet${sheet}.xml`);
      // <drawing> follows <pageSetup> and any <headerFooter> (CT_Worksheet's order), and the sheet prints on one page.
      const order = ws.children.map((c) => c.local);
      expect(order.slice(order.indexOf('pageSetup'))).toEqual(order.includes('headerFooter') ? ['pageSetup', 'headerFooter', 'drawing'] : ['pageSetup', 'drawing']);
      expect(one(ws, NS.main, 'pageSetUpPr').attrs.get('fitToPage')).toBe('1');
      const id = one(ws, NS.main, 'drawing').attrs.get(`{${NS.r}}id`)!;
      expect(follow(`xl/worksheets/_rels/sheet${sheet}.xml.rels`, id, 'drawing')).toBe(`../drawings/drawing${drawing}.xml`);
      const frames = all(xml(`xl/drawings/drawing${drawing}.xml`), NS.xdr, 'graphicFrame');
      expect(frames).toHaveLength(charts.length);
      frames.forEach((f, i) => {
        expect(one(f, NS.a, 'graphicData').attrs.get('uri')).toBe(NS.c);
        const rid = one(f, NS.c, 'chart').attrs.get(`{${NS.r}}id`)!;
        expect(follow(`xl/drawings/_rels/drawing${drawing}.xml.rels`, rid, 'chart')).toBe(`../charts/chart${charts[i]}.xml`);
      });
    }
  });

  it('anchors each chart to its cells and draws its series from the sheet, with the values cached', () => {
    const layout = chartsSheet();
    const parts = unzipSync(writeXlsx([layout], { mtime: MTIME }));
    const xml = (name: string) => parseXml(strFromU8(parts[name]!));

    const anchors = all(xml('xl/drawings/drawing1.xml'), NS.xdr, 'twoCellAnchor').map((a) =>
      (['from', 'to'] as const).map((end) => {
        const m = one(a, NS.xdr, end);
        return [Number(one(m, NS.xdr, 'col').text), Number(one(m, NS.xdr, 'row').text)];
      }),
    );
    expect(anchors).toEqual(layout.charts!.map((c) => [[c.anchor.col, c.anchor.row], [c.anchor.col + c.anchor.cols, c.anchor.row + c.anchor.rows]]));

    const bar = xml('xl/charts/chart1.xml');
    expect(one(bar, NS.a, 't').text).toBe('2025年各类群团组织年末个人会员数');
    const columns = one(bar, NS.c, 'barChart');
    expect([val(columns, 'barDir'), val(columns, 'grouping')]).toEqual(['col', 'clustered']);
    const [ser] = all(columns, NS.c, 'ser');
    expect(one(one(ser!, NS.c, 'tx'), NS.c, 'v').text).toBe('年末个人会员数');
    const cat = one(one(ser!, NS.c, 'cat'), NS.c, 'strRef');
    expect(one(cat, NS.c, 'f').text).toBe("'图表'!$A$6:$A$14");
    expect(cache(one(cat, NS.c, 'strCache'))).toEqual({ count: 9, points: Object.fromEntries(ORGS.map((o, i) => [i, o])) });
    const values = one(one(ser!, NS.c, 'val'), NS.c, 'numRef');
    expect(one(values, NS.c, 'f').text).toBe("'图表'!$B$6:$B$14");
    expect(cache(one(values, NS.c, 'numCache'))).toEqual({ count: 9, points: Object.fromEntries(ORGS.map((_, i) => [i, String(1000 * (i + 1) + 7)])) });
    // The cached cells are the sheet's cells.
    expect(layout.grid[5]).toEqual(['工会', 1007, null]);

    const line = xml('xl/charts/chart2.xml');
    expect(one(line, NS.a, 't').text).toBe('历年年末个人会员数和培训人次（2021—2025年）');
    const series = all(one(line, NS.c, 'lineChart'), NS.c, 'ser');
    expect(series.map((s) => one(one(s, NS.c, 'tx'), NS.c, 'v').text)).toEqual(['年末个人会员数', '培训人次']);
    expect(series.map((s) => one(one(s, NS.c, 'strRef'), NS.c, 'f').text)).toEqual(["'图表'!$A$18:$A$22", "'图表'!$A$18:$A$22"]);
    expect(series.map((s) => one(one(s, NS.c, 'numRef'), NS.c, 'f').text)).toEqual(["'图表'!$B$18:$B$22", "'图表'!$C$18:$C$22"]);
    expect(cache(one(series[0]!, NS.c, 'strCache')).points).toEqual({ 0: '2021年', 1: '2022年', 2: '2023年', 3: '2024年', 4: '2025年' });
    // 2023 has no 培训人次: no point in the cache, a gap in the line.
    expect(cache(one(series[1]!, NS.c, 'numCache'))).toEqual({ count: 5, points: { 0: '21', 1: '22', 3: '24', 4: '25' } });
    expect(val(line, 'dispBlanksAs')).toBe('gap');
    expect(one(line, NS.c, 'legend')).toBeDefined();

    // Readers that know nothing of drawings still read the cells.
    expect(readXlsx(writeXlsx([layout])).map((s) => s.name)).toEqual(['图表']);
  });

  it('refuses a series of another length than its categories, and a block that is not one column or row', () => {
    const base = sheetOf('S', [['a', 1, 2], ['b', 3, 4]]);
    const chart = (values: { row: number; col: number; rows?: number; cols?: number }) => ({
      ...base,
      charts: [{ kind: 'line' as const, title: 't', categories: { row: 0, col: 0, rows: 2 }, series: [{ name: 's', values }], anchor: { row: 0, col: 4, cols: 2, rows: 2 } }],
    });
    expect(() => writeXlsx([chart({ row: 0, col: 1, rows: 1 })])).toThrow(/1 values for 2 categories/);
    expect(() => writeXlsx([chart({ row: 0, col: 1, rows: 2, cols: 2 })])).toThrow(/one column or one row/);
  });
});

describe('readXlsx: files from other programs', () => {
  it('reads shared strings, rich text without phonetic guides, inline strings, formula results, booleans and serial dates', () => {
    const shared = '<si><t>序号</t></si><si><r><rPr><b/></rPr><t>奖项</t></r><r><t>名称</t></r><rPh sb="0" eb="2"><t>ジョウ</t></rPh></si><si><t xml:space="preserve"> 韦明光家庭 </t></si><si/>';
    const sheet =
      '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>' +
      '<row r="4"><c r="A4"><v>1</v></c><c r="B4" t="s"><v>2</v></c><c r="C4" t="str"><f>A1&amp;"x"</f><v>公式&amp;结果</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" s="3"><v>45359</v></c><c r="F4" t="inlineStr"><is><t>行内</t></is></c><c r="G4" t="s"><v>3</v></c><c r="H4" t="e"><v>#N/A</v></c></row>';
    const [s] = readXlsx(handmade(sheet, shared));
    expect(s!.grid).toEqual([[], [ '序号', '奖项名称'], [], [1, ' 韦明光家庭 ', '公式&结果', true, 45359, '行内', '', '#N/A']]);
  });

  it('reads cells written without references, in order', () => {
    const [s] = readXlsx(handmade('<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row><c><v>3</v></c></row>'));
    expect(s!.grid).toEqual([['a', 2], [3]]);
  });

  it('refuses what is not a workbook, an encrypted file and the old .xls format, in plain Chinese', () => {
    const refuse = (bytes: Uint8Array) => {
      try {
        readXlsx(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(WorkbookError);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refuse(strToU8('序号,奖项名称\n1,五好文明家庭'))).toContain('不是 Excel 工作簿');
    const cfb = new Uint8Array(4096);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(refuse(cfb)).toContain('旧版 .xls');
    [...'EncryptionInfo'].forEach((c, i) => cfb.set([c.charCodeAt(0), 0], 1024 + i * 2));
    expect(refuse(cfb)).toContain('设置了打开密码');
    expect(refuse(zipSync({ 'a.xml': strToU8('<a/>') }))).toContain('不是 Excel 工作簿');
    expect(refuse(zipSync({ 'a.xml': strToU8('<a/>') }))).not.toContain('xl/');
    const broken = filledWorkbook().slice(0, 2000);
    expect(refuse(broken)).toMatch(/已损坏|不是 Excel/);
  });

  it('says which template sheets are missing and refuses a workbook with none', () => {
    const only = readReportWorkbook(writeXlsx([layout('funding', 2024, unit, { rows: data.funding })]));
    expect(only.absent).toEqual(['members', 'trainings', 'awards']);
    expect(only.problems).toEqual([]);
    const none = readReportWorkbook(handmade('<row><c><v>1</v></c></row>', '', 'Sheet1'));
    expect(none.problems[0]).toContain('没有标准报表的工作表');
  });

  it("refuses another unit's or another year's workbook", () => {
    const wb = readReportWorkbook(filledWorkbook(), { unit: 'XB-UNION', year: 2025 });
    expect(wb.problems).toContain('“表1 组织与会员”的单位代码为“XB-WOMEN”，与登录单位“XB-UNION”不符，请使用本单位的报表');
    expect(wb.problems).toContain('“表4 经费收支”的报告期为 2024年，与所选年度 2025年 不符');
  });
});

/** The WorkbookError a read ends with; fails the test when the file is read or fails otherwise. */
function refusal(read: () => unknown): WorkbookError {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkbookError);
    expect((e as Error).message).toMatch(/[\u4e00-\u9fff]/);
    return e as WorkbookError;
  }
  throw new Error('not refused');
}

describe('readSpreadsheet: what the XML may hold', () => {
  it('reads SpreadsheetML written under a prefix (<x:row>), as .NET tools and Tencent Docs write it', () => {
    const xml = '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>2.5</x:v></x:c></x:row>';
    const [s] = readXlsx(xlsxOf([{ name: '表3 表彰奖励', xml }], { shared: '<x:si><x:t>序号</x:t></x:si>', prefix: 'x' }));
    expect(s).toEqual({ name: '表3 表彰奖励', grid: [['序号', 2.5]] });
  });

  it('reads a filled workbook rewritten with prefixes to the same rows', () => {
    const parts = unzipSync(filledWorkbook());
    const prefixed = Object.fromEntries(
      Object.entries(parts).map(([name, data]) => {
        if (!/^xl\/(workbook|worksheets\/sheet\d+)\.xml$/.test(name)) return [name, data];
        // Our writer's own output, so a plain rewrite of its tags is exact here.
        const xml = strFromU8(data).replace(/<(\/?)([A-Za-z]\w*)(?=[\s>/])/g, '<$1x:$2').replace(/xmlns="/, 'xmlns:x="');
        return [name, strToU8(xml)];
      }),
    );
    const wb = readReportWorkbook(zipSync(prefixed), { unit: 'XB-WOMEN', year: 2024 });
    expect(wb.problems).toEqual([]);
    expect(Object.fromEntries(wb.reports.map((r) => [r.template, r.rows]))).toEqual(data);
  });

  it('reads inline strings, CDATA, xml:space, entities, character references and _xHHHH_ escapes exactly', () => {
    const xml =
      '<row r="1">' +
      '<c r="A1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]></t></is></c>' +
      '<c r="B1" t="inlineStr"><is><r><t xml:space="preserve"> 前 </t></r><r><t>后</t></r></is></c>' +
      '<c r="C1"><v xml:space="preserve"> 42 </v></c>' +
      '<c r="D1" t="str"><f>A1</f><v>&#x1F600;&#26519;&lt;&quot;</v></c>' +
      '<c r="E1" t="inlineStr"><is><t>a_x000D_b_x005F_x0041_</t></is></c>' +
      '<c r="F1" t="d"><v>2024-03-15T12:00:00</v></c>' +
      '<c r="G1" t="b"><v>false</v></c>' +
      '<c r="H1"><v><![CDATA[7]]></v></c>' +
      '</row>';
    const [s] = readXlsx(xlsxOf([{ name: 'S', xml }]));
    expect(s!.grid).toEqual([['<b>&amp;</b>', ' 前 后', 42, '😀林<"', 'a\rb_x0041_', 45366.5, false, 7]]);
  });

  it('refuses malformed references, rows out of order, two values for one cell and bad character references', () => {
    const sheet = (xml: string) => () => readXlsx(xlsxOf([{ name: 'S', xml }]));
    for (const ref of ['a1', 'A0', '1A', 'XFE1', 'A1:B2', '', 'A2', 'A1048577']) {
      expect(refusal(sheet(`<row r="1"><c r="${ref}"><v>1</v></c></row>`)).message, ref).toContain('已损坏，请重新保存后再选择');
    }
    expect(refusal(sheet('<row r="2"><c><v>1</v></c></row><row r="1"><c><v>1</v></c></row>')).message).toContain('次序颠倒');
    expect(refusal(sheet('<row r="1"><c r="B1"><v>1</v></c><c r="B1"><v>2</v></c></row>')).message).toContain('重复');
    expect(refusal(sheet('<row r="0"/>')).reason).toBe('damaged');
    expect(refusal(sheet('<row r="99999999999"/>')).reason).toBe('damaged');
    for (const ref of ['&#x110000;', '&#0;', '&#xD800;', '&nbsp;', '&#xZZ;']) {
      expect(refusal(sheet(`<row r="1"><c r="A1" t="str"><v>${ref}</v></c></row>`)).reason, ref).toBe('damaged');
    }
    expect(refusal(sheet('<row r="1"><c r="A1" t="s"><v>3</v></c></row>')).message).toContain('共享文字');
    expect(refusal(sheet('<row r="1"><c r="A1" t="b"><v>2</v></c></row>')).message).toContain('逻辑值');
    expect(refusal(sheet('<row r="1"><c r="A1" t="zz"><v>2</v></c></row>')).message).toContain('单元格类型');
  });

  it('refuses a file whose text is not UTF-8', () => {
    const parts = xlsxParts([{ name: 'S', xml: '<row r="1"><c r="A1" t="str"><v>X</v></c></row>' }]);
    const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    const bytes = strToU8(sheet.data as string);
    bytes[bytes.indexOf(0x58)] = 0xff;
    sheet.data = bytes;
    expect(refusal(() => readXlsx(zipOf(parts))).reason).toBe('damaged');
  });
});

describe('readSpreadsheet: OpenDocument (.ods)', () => {
  const P = (x: string) => `<text:p>${x}</text:p>`;
  it('reads values by type, repeated cells and rows, paragraphs and spaces; skips notes and empty runs', () => {
    const rows =
      '<table:table-column table:number-columns-repeated="3"/>' +
      `<table:table-row><table:table-cell office:value-type="string">${P('序号')}</table:table-cell><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1.5">${P('1.50')}</table:table-cell><table:table-cell office:value-type="percentage" office:value="0.25">${P('25%')}</table:table-cell><table:table-cell office:value-type="currency" office:value="-3">${P('¥-3')}</table:table-cell></table:table-row>` +
      '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>' +
      `<table:table-row-group><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="boolean" office:boolean-value="true">${P('TRUE')}</table:table-cell></table:table-row></table:table-row-group>` +
      `<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-03-15">${P('2024/3/15')}</table:table-cell><table:table-cell office:value-type="time" office:time-value="PT12H00M00S"/><table:table-cell office:value-type="string"><office:annotation><text:p>批注</text:p></office:annotation><text:p>  韦明光 <text:s text:c="2"/>家庭<text:tab/>x</text:p><text:p><text:span>第二段</text:span><text:line-break/>行</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="0" calcext:value-type="error">${P('#DIV/0!')}</table:table-cell><table:table-cell office:value-type="string" office:string-value="属性中的文字">${P('显示')}</table:table-cell></table:table-row>` +
      '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>';
    const [s, t] = readXlsx(odsOf([{ name: '表1　组织与会员', rows }, { name: '空表', rows: '<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>' }]));
    expect(s!.name).toBe('表1　组织与会员');
    expect(s!.grid).toEqual([
      ['序号', 1.5, 1.5, 0.25, -3],
      [],
      [],
      [null, null, true],
      [null, null, true],
      [45366, 0.5, '韦明光   家庭\tx\n第二段\n行', null, '#DIV/0!', '属性中的文字'],
    ]);
    expect(t).toEqual({ name: '空表', grid: [] });
  });

  it('refuses runs that would make a million rows or columns of values, and bad values', () => {
    const ods = (rows: string) => () => readXlsx(odsOf([{ name: 'S', rows }]));
    const cell = '<table:table-cell office:value-type="float" office:value="1"/>';
    expect(refusal(ods(`<table:table-row table:number-rows-repeated="999999999">${cell}</table:table-row>`)).reason).toBe('limit');
    expect(refusal(ods(`<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"/></table:table-row>`)).reason).toBe('damaged');
    expect(refusal(ods(`<table:table-row table:number-rows-repeated="-1">${cell}</table:table-row>`)).reason).toBe('damaged');
    expect(refusal(ods('<table:table-row><table:table-cell office:value-type="float" office:value="1e"/></table:table-row>')).message).toContain('数值');
    expect(refusal(ods('<table:table-row><table:table-cell office:value-type="float"/></table:table-row>')).message).toContain('缺少数值');
    expect(refusal(ods('<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-02-30"/></table:table-row>')).message).toContain('日期');
  });

  it('refuses an encrypted .ods and names other OpenDocument files', () => {
    expect(refusal(() => readXlsx(odsOf([{ name: 'S', rows: '' }], '<manifest:encryption-data/>'))).reason).toBe('encrypted');
    const odt = zipOf([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', stored: true }, { name: 'content.xml', data: '<a/>' }]);
    expect(refusal(() => readXlsx(odt)).message).toContain('OpenDocument 文本文档');
  });
});

describe('readSpreadsheet: formats it does not read are refused by name', () => {
  it('names .xlsb, Numbers, WPS .et, .xls, PDF, web pages and empty files, and says to save as .xlsx', () => {
    const xlsb = zipOf([...xlsxParts([]).filter((p) => p.name !== 'xl/workbook.xml'), { name: 'xl/workbook.bin', data: new Uint8Array([1, 2]) }]);
    expect(refusal(() => readXlsx(xlsb)).message).toMatch(/Excel 二进制工作簿（\.xlsb）.*请另存为 \.xlsx 后再选择/);
    const numbers = zipOf([{ name: 'Index/Document.iwa', data: new Uint8Array([0]) }, { name: 'Metadata/Properties.plist', data: '<plist/>' }]);
    expect(refusal(() => readXlsx(numbers)).message).toMatch(/Numbers 表格（\.numbers）.*请另存为 \.xlsx 后再选择/);
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(refusal(() => readXlsx(cfb, { name: '报表.et' })).message).toMatch(/WPS 表格格式（\.et）.*另存为 \.xlsx 后再选择/);
    expect(refusal(() => readXlsx(cfb, { name: '报表.xls' })).message).toMatch(/旧版 \.xls.*请在 Excel 或 WPS 中另存为 \.xlsx 后再选择/);
    expect(refusal(() => readXlsx(strToU8('%PDF-1.7'))).message).toContain('PDF');
    expect(refusal(() => readXlsx(strToU8('<html><table><tr><td>1</td></tr></table></html>'))).message).toContain('网页或 XML 格式');
    expect(refusal(() => readXlsx(new Uint8Array(0))).message).toContain('空的');
    const docx = zipOf([{ name: 'word/document.xml', data: '<w/>' }]);
    expect(refusal(() => readXlsx(docx)).message).toContain('Word 文档');
  });
});

describe('one sheet-name rule for every reader', () => {
  it('folds full-width spaces, full-width digits, zero-width characters and case', () => {
    expect(sheetKey('表１　组织与会员')).toBe(sheetKey('表1 组织与会员'));
    expect(sheetKey('表1\u200b组织与会员 ')).toBe(sheetKey('表1 组织与会员'));
    expect(sheetKey('SHEET1')).toBe(sheetKey('sheet1'));
    expect(sheetKey('表2 培训')).not.toBe(sheetKey('表2 培训班'));
  });

  it('finds all four templates with look-alike names and says which were absent', () => {
    const sheets = layoutWorkbook(2024, unit, { members: { rows: data.members }, trainings: { rows: data.trainings }, awards: { rows: data.awards }, funding: { rows: data.funding } });
    const names = ['表1　组织与会员', '表２ 培训', '表3\u00a0表彰奖励', '表4 经费收支'];
    const renamed = sheets.map((s, i) => ({ ...s, sheet: names[i]! }));
    const wb = readReportWorkbook(writeXlsx(renamed), { unit: 'XB-WOMEN', year: 2024 });
    expect(wb.absent).toEqual([]);
    expect(wb.reports.map((r) => r.rows)).toEqual([data.members, data.trainings, data.awards, data.funding]);
    expect(wb.reports[1]!.cells[0]!.name).toBe("'表2 培训'!C9");
  });

  it('refuses a workbook in which two sheets claim one template', () => {
    const two = writeXlsx([layout('funding', 2024, unit, { rows: data.funding }), { ...layout('funding', 2024, unit, { rows: data.funding }), sheet: '表4　经费收支' }]);
    expect(refusal(() => readReportWorkbook(two)).message).toBe('工作簿中有名称相同的报表工作表：“表4 经费收支”“表4　经费收支”都是“表4 经费收支”。请删除或改名多余的工作表后再选择');
  });

  it('says in one sentence which templates a file lacks', () => {
    const only = readReportWorkbook(writeXlsx([layout('funding', 2024, unit, { rows: data.funding }), { ...layout('trainings', 2024, unit), sheet: '表2 培训（修改）' }]));
    expect(only.absent).toEqual(['members', 'trainings', 'awards']);
    expect(absentNotice(only.edition, only.absent, only.others)).toBe(
      '文件中没有“表1 组织与会员”“表2 培训”“表3 表彰奖励”，只读取了“表4 经费收支”。如果这些表也要上报，请确认工作表名称与空白报表一致。文件中另有工作表“表2 培训（修改）”，未作为报表读取。',
    );
    expect(absentNotice(E2024, [])).toBeNull();
    expect(absentNotice(E2024, ['awards'])).toBe('文件中没有“表3 表彰奖励”，只读取了“表1 组织与会员”“表2 培训”“表4 经费收支”。如果这张表也要上报，请确认工作表名称与空白报表一致。');
  });
});

describe('limits', () => {
  const cells = (n: number) => `<row r="1">${Array.from({ length: n }, (_, i) => `<c r="${columnName(i)}1"><v>${i}</v></c>`).join('')}</row>`;
  it('refuses each limit passed, in plain Chinese, and reads a file just inside them', () => {
    const file = xlsxOf([{ name: 'S', xml: cells(10) }], { shared: '<si><t>a</t></si><si><t>b</t></si>' });
    expect(readXlsx(file, { limits: { cells: 10, sharedStrings: 2, rows: 1, entries: 6 } })[0]!.grid[0]).toHaveLength(10);
    const says = (limits: Partial<ReadLimits>, text: string) => {
      const e = refusal(() => readXlsx(file, { limits }));
      expect(e.reason).toBe('limit');
      expect(e.message).toContain(text);
    };
    says({ fileBytes: 100 }, '文件大小为');
    says({ entries: 5 }, '个部件');
    says({ totalBytes: 500 }, '文件解压后');
    says({ cells: 9 }, '单元格超过可读取的上限 9 个');
    says({ sharedStrings: 1 }, '文字条目超过可读取的上限 1 条');
    says({ rows: 0 }, '第 1 行有内容，超过可读取的上限 0 行');
    says({ ms: -1 }, '秒仍未完成');
    const deep = xlsxOf([{ name: 'S', xml: `<row r="1"><c r="A1" t="inlineStr"><is>${'<r>'.repeat(200)}${'</r>'.repeat(200)}</is></c></row>` }]);
    expect(refusal(() => readXlsx(deep)).message).toContain('嵌套超过 100 层');
  });

  it('keeps the limits the issue asks for: 256 MB and two seconds are far above them', () => {
    expect(LIMITS.totalBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(LIMITS.cells).toBeLessThanOrEqual(1_000_000);
    expect(LIMITS.ms).toBeGreaterThan(0);
  });
});
