/**
 * A small .xlsx writer: SpreadsheetML parts written as strings and zipped with
 * fflate. It supports what the report forms need — several sheets, bold and
 * title fonts, number formats, input-cell shading, merged cells, column
 * widths, frozen panes and list dropdowns — and nothing else, which keeps it
 * small and fast enough for Workers (docs/XLSX.md has the measurements).
 *
 * Every string is written as an inline string, so text a user typed
 * ("=HYPERLINK(…)", "+86…", "-", "@…") stays text and never becomes a formula.
 */
import { zipSync, strToU8 } from 'fflate';
import { columnName, type CellValue, type Range } from '../grid.ts';
import type { SheetLayout } from '../layout.ts';

const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '@': 49 };

interface Style {
  numFmt: number;
  font: number;
  fill: number;
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
  readonly list: Style[] = [{ numFmt: 0, font: 0, fill: 0 }];
  private readonly custom = new Map<string, number>();
  constructor() {
    this.index.set('0|0|0', 0);
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
    const key = `${s.numFmt}|${s.font}|${s.fill}`;
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.index.set(key, id);
    }
    return id;
  }
  xml(): string {
    const fmts = [...this.custom].map(([f, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(f)}"/>`).join('');
    const xfs = this.list
      .map(
        (s) =>
          `<xf numFmtId="${s.numFmt}" fontId="${s.font}" fillId="${s.fill}" borderId="0" xfId="0"${s.numFmt ? ' applyNumberFormat="1"' : ''}${s.font ? ' applyFont="1"' : ''}${s.fill ? ' applyFill="1"' : ''}/>`,
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
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
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

/** Marks every cell of `ranges` in a per-cell array of width `w`. */
function paint(target: Int32Array | Uint8Array, w: number, h: number, ranges: Range[], value: (r: Range) => number) {
  for (const r of ranges) {
    const v = value(r);
    const rows = Math.min(r.row + (r.rows ?? 1), h);
    const cols = Math.min(r.col + (r.cols ?? 1), w);
    for (let y = r.row; y < rows; y++) for (let x = r.col; x < cols; x++) target[y * w + x] = v;
  }
}

function sheetXml(layout: SheetLayout, styles: Styles): string {
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
  const fmtIds = formats.map((f) => styles.numFmt(f));
  const styleCache = new Map<number, number>();
  const styleOf = (i: number, title: boolean): number => {
    const key = fmt[i]! * 8 + bold[i]! * 4 + input[i]! * 2 + (title ? 1 : 0);
    let s = styleCache.get(key);
    if (s === undefined) {
      s = styles.id({ numFmt: fmt[i] ? fmtIds[fmt[i]! - 1]! : 0, font: title ? FONT_TITLE : bold[i] ? FONT_BOLD : 0, fill: input[i] ? FILL_INPUT : 0 });
      styleCache.set(key, s);
    }
    return s;
  };
  const cols = Array.from({ length: w }, (_, c) => columnName(c));

  const out: string[] = [];
  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
  );
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
  for (let y = 0; y < h; y++) {
    const row = g[y]!;
    const cells: string[] = [];
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v: CellValue | undefined = row[x];
      const styled = fmt[i] || bold[i] || input[i];
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
    if (cells.length) out.push(`<row r="${y + 1}">${cells.join('')}</row>`);
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
  out.push('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape"/>');
  out.push('</worksheet>');
  return out.join('');
}

/** Sheet names as Excel allows them: at most 31 characters, none of []:*?/\. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}

/**
 * Writes the sheets as an .xlsx file. `level` is the deflate level (0–9);
 * `mtime` the time stamped on every zip entry (by default now), so that a
 * published year's workbook is the same bytes on every call.
 */
export function writeXlsx(sheets: SheetLayout[], opts: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9; mtime?: string | Date } = {}): Uint8Array {
  const styles = new Styles();
  const level = opts.level ?? 6;
  const mtime = opts.mtime ?? new Date();
  const files: Record<string, [Uint8Array, { level: typeof level; mtime: string | Date }]> = {};
  const add = (path: string, xml: string) => (files[path] = [strToU8(xml), { level, mtime }]);
  sheets.forEach((s, i) => add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s, styles)));
  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
      '</Types>',
  );
  add(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  add(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>' +
      sheets.map((s, i) => `<sheet name="${xmlText(sheetName(s.sheet))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  add(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  add('xl/styles.xml', styles.xml());
  return zipSync(files);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
