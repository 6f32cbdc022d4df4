/**
 * A small .xlsx writer: SpreadsheetML parts written as strings and zipped with
 * fflate. It supports what the report forms need — several sheets, bold and
 * title fonts, number formats, input-cell shading, merged cells, column
 * widths, frozen panes, list dropdowns and native bar and line charts — and
 * nothing else, which keeps it small and fast enough for Workers
 * (docs/XLSX.md has the measurements and why the charts are native).
 *
 * Every string is written as an inline string, so text a user typed
 * ("=HYPERLINK(…)", "+86…", "-", "@…") stays text and never becomes a formula.
 */
import { strToU8, zipSync } from 'fflate';
import { ZipStream, type ByteSink } from './zip-stream.ts';
import { columnName, sheetRef, type CellValue, type Range } from '../grid.ts';
import { CHART_COLORS, rangeCells, type SheetChart } from '../chart.ts';
import { FOOTER_PAGES, printTerms, type SheetLayout } from '../layout.ts';

const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '@': 49 };

interface Style {
  numFmt: number;
  font: number;
  fill: number;
  border: number;
}

/** Escapes text for XML; characters XML 1.0 cannot hold are written as OOXML's _xHHHH_. */
export function xmlText(text: string): string {
  // A literal "_x0041_" typed by a user would read back as "A": escape its underscore first.
  const s = text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 38) out += '&amp;';
    else if (ch === 60) out += '&lt;';
    else if (ch === 62) out += '&gt;';
    else if (ch === 34) out += '&quot;';
    else if ((ch < 32 && ch !== 9 && ch !== 10 && ch !== 13) || ch === 0xfffe || ch === 0xffff) out += `_x${ch.toString(16).padStart(4, '0').toUpperCase()}_`;
    else if (ch >= 0xd800 && ch <= 0xdbff && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (ch >= 0xd800 && ch <= 0xdfff) out += '\ufffd';
    else out += s[i]!;
  }
  return out;
}

const rangeRef = (r: Range) => {
  const a = `${columnName(r.col)}${r.row + 1}`;
  const rows = r.rows ?? 1;
  const cols = r.cols ?? 1;
  return rows === 1 && cols === 1 ? a : `${a}:${columnName(r.col + cols - 1)}${r.row + rows}`;
};

/** Styles as a table: each distinct combination is one entry of cellXfs. */
class Styles {
  private readonly index = new Map<string, number>();
  readonly list: Style[] = [{ numFmt: 0, font: 0, fill: 0, border: 0 }];
  private readonly custom = new Map<string, number>();
  constructor() {
    this.index.set('0|0|0|0', 0);
  }
  numFmt(format: string | null): number {
    if (!format) return 0;
    const b = BUILTIN_FORMATS[format];
    if (b !== undefined) return b;
    let id = this.custom.get(format);
    if (id === undefined) {
      id = 164 + this.custom.size;
      this.custom.set(format, id);
    }
    return id;
  }
  id(s: Style): number {
    const key = `${s.numFmt}|${s.font}|${s.fill}|${s.border}`;
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.index.set(key, id);
    }
    return id;
  }
  /** Whether any cell has borders: without, the styles part is as it was before borders existed. */
  private get bordered(): boolean {
    return this.list.some((s) => s.border);
  }

  xml(): string {
    const fmts = [...this.custom].map(([f, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(f)}"/>`).join('');
    const xfs = this.list
      .map(
        (s) =>
          `<xf numFmtId="${s.numFmt}" fontId="${s.font}" fillId="${s.fill}" borderId="${s.border}" xfId="0"${s.numFmt ? ' applyNumberFormat="1"' : ''}${s.font ? ' applyFont="1"' : ''}${s.fill ? ' applyFill="1"' : ''}${s.border ? ' applyBorder="1"' : ''}/>`,
      )
      .join('');
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (this.custom.size ? `<numFmts count="${this.custom.size}">${fmts}</numFmts>` : '') +
      '<fonts count="3"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
      '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
      '<font><b/><sz val="16"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>' +
      // Border 1: thin lines on every side, for the cells of a table (a printed form reads as one).
      (this.bordered
        ? '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
        : '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>') +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.list.length}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

const FONT_BOLD = 1;
const FONT_TITLE = 2;
const FILL_INPUT = 2;
const BORDER_THIN = 1;

/** Marks every cell of `ranges` in a per-cell array of width `w`. */
function paint(target: Int32Array | Uint8Array, w: number, h: number, ranges: Range[], value: (r: Range) => number) {
  for (const r of ranges) {
    const v = value(r);
    const rows = Math.min(r.row + (r.rows ?? 1), h);
    const cols = Math.min(r.col + (r.cols ?? 1), w);
    for (let y = r.row; y < rows; y++) for (let x = r.col; x < cols; x++) target[y * w + x] = v;
  }
}

/**
 * The sheet's XML in pieces (its head, then a piece per row, then its
 * tail), so that a writer may compress it as it is made.
 * `drawing`: the relationship ID of the sheet's drawing part, when it has charts.
 */
function* sheetXml(layout: SheetLayout, styles: Styles, drawing: string | null): Generator<string> {
  const g = layout.grid;
  const h = g.length;
  const w = Math.max(1, layout.widths.length, ...g.map((r) => r.length));
  // Per cell: format id (+1, 0 = none), bold flag, input flag, wrap flag.
  const formats: string[] = [];
  const fmt = new Int32Array(w * h);
  paint(fmt, w, h, layout.formats, (r) => {
    const f = (r as Range & { format: string }).format;
    let i = formats.indexOf(f);
    if (i < 0) i = formats.push(f) - 1;
    return i + 1;
  });
  const bold = new Uint8Array(w * h);
  paint(bold, w, h, layout.bold, () => 1);
  const input = new Uint8Array(w * h);
  paint(input, w, h, layout.inputs, () => 1);
  const border = new Uint8Array(w * h);
  paint(border, w, h, layout.borders ?? [], () => 1);
  const fmtIds = formats.map((f) => styles.numFmt(f));
  const styleCache = new Map<number, number>();
  const styleOf = (i: number, title: boolean): number => {
    const key = fmt[i]! * 16 + border[i]! * 8 + bold[i]! * 4 + input[i]! * 2 + (title ? 1 : 0);
    let s = styleCache.get(key);
    if (s === undefined) {
      s = styles.id({ numFmt: fmt[i] ? fmtIds[fmt[i]! - 1]! : 0, font: title ? FONT_TITLE : bold[i] ? FONT_BOLD : 0, fill: input[i] ? FILL_INPUT : 0, border: border[i] ? BORDER_THIN : 0 });
      styleCache.set(key, s);
    }
    return s;
  };
  const cols = Array.from({ length: w }, (_, c) => columnName(c));

  const out: string[] = [];
  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
  );
  // Fitting to pages (the layout's print setup; a sheet of charts on one page, so no chart is ever cut in two).
  const print = layout.print;
  if (drawing || print) out.push('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
  out.push(`<dimension ref="A1:${cols[w - 1]}${Math.max(1, h)}"/>`);
  const { rows: fr, cols: fc } = layout.freeze;
  if (fr || fc) {
    const pane = fc && fr ? 'bottomRight' : fr ? 'bottomLeft' : 'topRight';
    out.push(
      `<sheetViews><sheetView workbookViewId="0"><pane${fc ? ` xSplit="${fc}"` : ''}${fr ? ` ySplit="${fr}"` : ''} topLeftCell="${columnName(fc)}${fr + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`,
    );
  }
  out.push('<sheetFormatPr defaultRowHeight="16"/>');
  if (layout.widths.length) out.push(`<cols>${layout.widths.map((wd, i) => `<col min="${i + 1}" max="${i + 1}" width="${wd}" customWidth="1"/>`).join('')}</cols>`);
  out.push('<sheetData>');
  yield out.join('');
  out.length = 0;
  for (let y = 0; y < h; y++) {
    const row = g[y]!;
    const cells: string[] = [];
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v: CellValue | undefined = row[x];
      const styled = fmt[i] || bold[i] || input[i] || border[i];
      if ((v === null || v === undefined || v === '') && !styled) continue;
      const s = styleOf(i, y === 0 && x === 0 && bold[i] === 1);
      const ref = `${cols[x]}${y + 1}`;
      const sa = s ? ` s="${s}"` : '';
      if (v === null || v === undefined || v === '') cells.push(`<c r="${ref}"${sa}/>`);
      else if (typeof v === 'number' && Number.isFinite(v)) cells.push(`<c r="${ref}"${sa}><v>${v}</v></c>`);
      else if (typeof v === 'boolean') cells.push(`<c r="${ref}"${sa} t="b"><v>${v ? 1 : 0}</v></c>`);
      else {
        const text = String(v);
        const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
        cells.push(`<c r="${ref}"${sa} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`);
      }
    }
    if (cells.length) yield `<row r="${y + 1}">${cells.join('')}</row>`;
  }
  out.push('</sheetData>');
  if (layout.merges.length) out.push(`<mergeCells count="${layout.merges.length}">${layout.merges.map((m) => `<mergeCell ref="${rangeRef(m)}"/>`).join('')}</mergeCells>`);
  if (layout.dropdowns.length) {
    const dv = layout.dropdowns.map(
      (d) =>
        `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="请从下拉列表中选择" error="${xmlText(`可选：${d.options.join('、')}`)}" sqref="${rangeRef(d)}"><formula1>"${xmlText(d.options.join(','))}"</formula1></dataValidation>`,
    );
    out.push(`<dataValidations count="${dv.length}">${dv.join('')}</dataValidations>`);
  }
  if (print) {
    // One page wide always; one page tall only for a form signed on paper (0: as many as it takes).
    out.push(
      `<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" fitToWidth="1" fitToHeight="${print.onePage ? 1 : 0}" orientation="${print.orientation}"/>`,
      // Header and footer codes (ECMA-376 §18.3.1.36): &L left, &C centre, &P page, &N pages; a literal & is &&.
      `<headerFooter><oddFooter>${xmlText(`&L${printTerms(print).footerLeft}&C${FOOTER_PAGES}`)}</oddFooter></headerFooter>`,
    );
  } else out.push(`<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9"${drawing ? ' fitToWidth="1" fitToHeight="1"' : ''} orientation="landscape"/>`);
  if (drawing) out.push(`<drawing r:id="${drawing}"/>`);
  out.push('</worksheet>');
  yield out.join('');
}

/** Sheet names as Excel allows them: at most 31 characters, none of []:*?/\. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** The cell font (等线) for the chart's text too; readers without it fall back to another CJK font. */
const CHART_FONT = '<a:latin typeface="等线"/><a:ea typeface="等线"/>';

/** `'图表'!$A$3:$A$8`: absolute, as a chart's formulas are. */
function absRef(sheet: string, r: Range): string {
  const cells = rangeCells(r);
  const a = (c: { row: number; col: number }) => `$${columnName(c.col)}$${c.row + 1}`;
  const first = cells[0]!;
  const last = cells[cells.length - 1]!;
  return `${sheetRef(sheet)}!${a(first)}${cells.length > 1 ? `:${a(last)}` : ''}`;
}

/** The number format a cell has in the layout (the last hint covering it wins, as for the cells). */
function cellFormat(layout: SheetLayout, row: number, col: number): string {
  let f = 'General';
  for (const r of layout.formats) if (row >= r.row && row < r.row + (r.rows ?? 1) && col >= r.col && col < r.col + (r.cols ?? 1)) f = r.format;
  return f;
}

const cellAt = (layout: SheetLayout, c: { row: number; col: number }): CellValue | undefined => layout.grid[c.row]?.[c.col];

/**
 * The chart part (c:chartSpace). Every reference carries a cache of what its
 * cells hold, so a reader that does not recalculate (a viewer, LibreOffice
 * before it reads the cells, a phone) still draws the figures; blank and
 * non-numeric cells are left out of the cache and shown as gaps.
 */
function chartXml(layout: SheetLayout, sheet: string, chart: SheetChart): string {
  const cats = rangeCells(chart.categories);
  const catCache = cats
    .map((c, i) => {
      const v = cellAt(layout, c);
      return v === null || v === undefined || v === '' ? '' : `<c:pt idx="${i}"><c:v>${xmlText(String(v))}</c:v></c:pt>`;
    })
    .join('');
  const bar = chart.kind === 'bar';
  const series = chart.series.map((s, i) => {
    const cells = rangeCells(s.values);
    if (cells.length !== cats.length) throw new Error(`chart “${chart.title}”: series “${s.name}” has ${cells.length} values for ${cats.length} categories`);
    const points = cells
      .map((c, j) => {
        const v = cellAt(layout, c);
        return typeof v === 'number' && Number.isFinite(v) ? `<c:pt idx="${j}"><c:v>${v}</c:v></c:pt>` : '';
      })
      .join('');
    const color = `<a:solidFill><a:srgbClr val="${CHART_COLORS[i % CHART_COLORS.length]}"/></a:solidFill>`;
    const look = bar
      ? `<c:spPr>${color}</c:spPr><c:invertIfNegative val="0"/>`
      : `<c:spPr><a:ln w="28575" cap="rnd">${color}<a:round/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr>${color}<a:ln>${color}</a:ln></c:spPr></c:marker>`;
    return (
      `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlText(s.name)}</c:v></c:tx>${look}` +
      `<c:cat><c:strRef><c:f>${xmlText(absRef(sheet, chart.categories))}</c:f><c:strCache><c:ptCount val="${cats.length}"/>${catCache}</c:strCache></c:strRef></c:cat>` +
      `<c:val><c:numRef><c:f>${xmlText(absRef(sheet, s.values))}</c:f><c:numCache><c:formatCode>${xmlText(cellFormat(layout, cells[0]?.row ?? 0, cells[0]?.col ?? 0))}</c:formatCode><c:ptCount val="${cells.length}"/>${points}</c:numCache></c:numRef></c:val>` +
      `${bar ? '' : '<c:smooth val="0"/>'}</c:ser>`
    );
  });
  // Axis IDs only pair a plot with its axes inside this part: fixed numbers keep the bytes the same.
  const axes = '<c:axId val="50010001"/><c:axId val="50010002"/>';
  const plot = bar
    ? `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.join('')}<c:gapWidth val="80"/>${axes}</c:barChart>`
    : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series.join('')}<c:marker val="1"/>${axes}</c:lineChart>`;
  const tick = '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>';
  const grey = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>';
  return (
    `${XML_DECL}<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/><c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1">${CHART_FONT}</a:defRPr></a:pPr><a:r><a:rPr lang="zh-CN" sz="1400" b="1">${CHART_FONT}</a:rPr><a:t>${xmlText(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    plot +
    `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>${tick}${grey}<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines>${grey}</c:majorGridlines><c:numFmt formatCode="#,##0" sourceLinked="0"/>${tick}<c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea>' +
    // One series needs no legend: the title names it.
    (chart.series.length > 1 ? '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' : '') +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000">${CHART_FONT}</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>` +
    '</c:chartSpace>'
  );
}

/** The sheet's drawing part: each chart in a frame anchored to the cells it covers, so it moves and sizes with them. */
function drawingXml(charts: SheetChart[]): string {
  const marker = (tag: string, row: number, col: number) => `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  const anchors = charts.map(
    (c, i) =>
      `<xdr:twoCellAnchor>${marker('from', c.anchor.row, c.anchor.col)}${marker('to', c.anchor.row + c.anchor.rows, c.anchor.col + c.anchor.cols)}` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="图表 ${i + 1}" descr="${xmlText(c.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="rId${i + 1}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
  );
  return `${XML_DECL}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${NS_A}" xmlns:r="${NS_R}">${anchors.join('')}</xdr:wsDr>`;
}

const rels = (list: { type: string; target: string }[]) =>
  `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${list.map((r, i) => `<Relationship Id="rId${i + 1}" Type="${NS_R}/${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`;

/**
 * The rows and columns repeated on every printed page: the defined name
 * _xlnm.Print_Titles of each sheet that has them (ECMA-376 §18.2.6), columns
 * first, as Excel writes it.
 */
function printTitles(sheets: readonly { name: string; print: SheetLayout['print'] }[]): string {
  const names = sheets.flatMap((s, i) => {
    const p = s.print;
    if (!p || (!p.titleRows && !p.titleCols)) return [];
    const sheet = sheetRef(sheetName(s.name));
    const { titleRows, titleCols } = printTerms(p);
    const refs = [titleCols, titleRows].flatMap((a) => (a ? [`${sheet}!${a}`] : []));
    return [`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(refs.join(','))}</definedName>`];
  });
  return names.length ? `<definedNames>${names.join('')}</definedNames>` : '';
}

/** A part of the package: its path and its XML, written in pieces. */
interface Part {
  path: string;
  xml(): Iterable<string>;
}

/**
 * The package around the sheets: each sheet's part as it comes, then the
 * parts that list them (content types, workbook, styles, drawings, charts).
 * The whole-file and the streaming writer both lay it out, in the same order.
 */
class Package {
  private readonly styles = new Styles();
  /** Sheet names, and the layouts of sheets with charts (their chart parts read its cells at the end). */
  private readonly sheets: { name: string; charted: SheetLayout | null; print: SheetLayout['print'] }[] = [];

  sheet(layout: SheetLayout): Part {
    const i = this.sheets.length;
    const charted = layout.charts?.length ? layout : null;
    this.sheets.push({ name: layout.sheet, charted, print: layout.print });
    return { path: `xl/worksheets/sheet${i + 1}.xml`, xml: () => sheetXml(layout, this.styles, charted ? 'rId1' : null) };
  }

  /** The parts after the sheets; the styles are complete once every sheet is written. */
  rest(): { path: string; xml: string }[] {
    const sheets = this.sheets;
    const parts: { path: string; xml: string }[] = [];
    const add = (path: string, xml: string) => parts.push({ path, xml });
    // Sheets with charts get drawing N (counted over those sheets) and charts numbered across the workbook, in order.
    const drawings: { sheet: number; layout: SheetLayout; first: number }[] = [];
    let chartCount = 0;
    sheets.forEach((s, i) => {
      if (!s.charted) return;
      drawings.push({ sheet: i, layout: s.charted, first: chartCount + 1 });
      chartCount += s.charted.charts!.length;
    });
    add(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        drawings.map((_, k) => `<Override PartName="/xl/drawings/drawing${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`).join('') +
        Array.from({ length: chartCount }, (_, n) => `<Override PartName="/xl/charts/chart${n + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`).join('') +
        '</Types>',
    );
    add(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    );
    add(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>' +
        sheets.map((s, i) => `<sheet name="${xmlText(sheetName(s.name))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets>' +
        printTitles(sheets) +
        '</workbook>',
    );
    add(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    );
    add('xl/styles.xml', this.styles.xml());
    drawings.forEach((d, k) => {
      const charts = d.layout.charts!;
      const name = sheetName(d.layout.sheet);
      add(`xl/worksheets/_rels/sheet${d.sheet + 1}.xml.rels`, rels([{ type: 'drawing', target: `../drawings/drawing${k + 1}.xml` }]));
      add(`xl/drawings/drawing${k + 1}.xml`, drawingXml(charts));
      add(`xl/drawings/_rels/drawing${k + 1}.xml.rels`, rels(charts.map((_, j) => ({ type: 'chart', target: `../charts/chart${d.first + j}.xml` }))));
      charts.forEach((c, j) => add(`xl/charts/chart${d.first + j}.xml`, chartXml(d.layout, name, c)));
    });
    return parts;
  }
}

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export interface XlsxOptions {
  /** The deflate level (0–9; 6 by default). */
  level?: Level;
  /** The time stamped on every zip entry (by default now), so that a published year's workbook is the same bytes on every call. */
  mtime?: string | Date;
}

/** Writes the sheets as an .xlsx file, whole. */
export function writeXlsx(sheets: SheetLayout[], opts: XlsxOptions = {}): Uint8Array {
  const pkg = new Package();
  const attrs = { level: opts.level ?? 6, mtime: opts.mtime ?? new Date() };
  const files: Record<string, [Uint8Array, typeof attrs]> = {};
  for (const s of sheets) {
    const part = pkg.sheet(s);
    files[part.path] = [strToU8([...part.xml()].join('')), attrs];
  }
  for (const p of pkg.rest()) files[p.path] = [strToU8(p.xml), attrs];
  return zipSync(files);
}

/** Sheet XML is compressed in pieces of about this many characters. */
const PIECE = 256 * 1024;

/**
 * Writes the sheets as an .xlsx file as they come: each sheet is laid out,
 * compressed and handed to `sink` before the next is asked for, so a
 * province's workbook never sits whole in memory (issue 17). The parts and
 * their order are `writeXlsx`'s; the zip differs: compressed by the
 * platform's deflate, each entry's sizes after its data (zip-stream.ts).
 */
export async function streamXlsx(sheets: AsyncIterable<SheetLayout> | Iterable<SheetLayout>, sink: ByteSink, opts: Pick<XlsxOptions, 'mtime'> = {}): Promise<void> {
  const pkg = new Package();
  const zip = new ZipStream(sink, opts.mtime === undefined ? new Date() : new Date(opts.mtime));
  for await (const s of sheets) {
    const part = pkg.sheet(s);
    await zip.entry(part.path, async (write) => {
      let text = '';
      for (const xml of part.xml()) {
        text += xml;
        if (text.length < PIECE) continue;
        await write(strToU8(text));
        text = '';
      }
      await write(strToU8(text));
    });
  }
  for (const p of pkg.rest()) await zip.entry(p.path, (write) => write(strToU8(p.xml)));
  await zip.end();
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
