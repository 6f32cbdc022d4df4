import { strToU8, unzipSync, strFromU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { layout, layoutWorkbook, validate, type LayoutUnit } from '../../shared/index.ts';
import { readReportWorkbook, readXlsx, writeXlsx, WorkbookError } from '../../shared/xlsx/index.ts';
import { report } from './fixtures.ts';

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
      expect(r.rows).toEqual(data[r.template]);
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
