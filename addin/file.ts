/**
 * The workbook port over an .xlsx or .ods file opened in the browser, for
 * clerks whose office suite cannot run add-ins (WPS, LibreOffice). The file
 * goes through the same reading path as the command line's
 * (`openReportFile`): the same limits, and the template sheets found by the
 * same rule, kept here under the templates' own names — so the checks' cells
 * and the preview's tabs name them alike. Marks and the selected cell live
 * here and the page's preview draws them.
 */
import type { TemplateId } from '../shared/catalog.ts';
import { LATEST, type Edition } from '../shared/editions.ts';
import { parseCellRef, type Grid } from '../shared/grid.ts';
import { type SheetLayout } from '../shared/layout.ts';
import { absentNotice, sheetKey, workbookEdition } from '../shared/read.ts';
import { openReportFile, type SpreadsheetFormat } from '../shared/xlsx/index.ts';
import { WorkbookFailure, type Mark, type WorkbookPort } from './port.ts';

export class FileWorkbook implements WorkbookPort {
  readonly kind = 'file' as const;
  /** A browser page saves files with <a download>. */
  readonly downloads = true;
  sheets = new Map<string, Grid>();
  marks: Mark[] = [];
  selected: { sheet: string; row: number; col: number } | null = null;
  fileName = '';
  format: SpreadsheetFormat | null = null;
  /** The edition the opened file's year says (its 报告期), and the templates of it the file has no sheet for. */
  edition: Edition | null = null;
  absent: TemplateId[] = [];
  /** The opened file's sheets that are no template. */
  others: string[] = [];
  /** Called after anything the preview shows has changed. */
  onChange: () => void = () => {};
  /** The file as the person chose it, so that 校验 can read it again. */
  private source: Blob | null = null;

  /** Opens an .xlsx or .ods file; throws WorkbookError with a plain message when it is not a usable workbook. */
  open(name: string, bytes: Uint8Array, source: Blob | null = null) {
    this.source = source;
    const file = openReportFile(bytes, { name });
    this.sheets = new Map(file.sheets.map((s) => [s.name, s.grid]));
    this.fileName = name;
    this.format = file.format;
    this.edition = workbookEdition((n) => this.sheets.get(n), {});
    this.absent = this.edition.ids.filter((id) => !file.match.found.has(id));
    this.others = file.match.others;
    this.marks = [];
    this.selected = null;
    this.onChange();
  }

  /**
   * Reads the chosen file again, as it is on disk now. Chromium lets a page
   * read a chosen file again only while it is unchanged: once the person has
   * edited and saved it, the read fails (NotReadableError), and the only way
   * to the saved file is to choose it again — which is said in those words.
   */
  async reread(): Promise<void> {
    if (!this.source) return;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await this.source.arrayBuffer());
    } catch {
      throw new WorkbookFailure(`“${this.fileName}”在选择之后已被修改保存，浏览器不允许重新读取它。请再点“选择报表文件”，重新选择保存后的文件，才能校验修改后的内容。`);
    }
    this.open(this.fileName, bytes, this.source);
  }

  /** Which templates the opened file lacks, as a sentence to show; null when it has them all. */
  get notice(): string | null {
    return this.fileName && this.edition ? absentNotice(this.edition, this.absent, this.others) : null;
  }

  async sheetNames() {
    return [...this.sheets.keys()];
  }

  /** Sheets by name; a template's name finds its sheet however the file spelt it (`sheetKey`). */
  async readSheets(names: string[]) {
    return new Map(names.map((n) => [n, this.sheet(n)] as const));
  }

  private sheet(name: string): Grid | null {
    const exact = this.sheets.get(name);
    if (exact) return exact;
    const key = sheetKey(name);
    if (!LATEST.templates.some((t) => sheetKey(t.sheet) === key)) return null;
    for (const [n, g] of this.sheets) if (sheetKey(n) === key) return g;
    return null;
  }

  async writeSheets(layouts: SheetLayout[]) {
    for (const l of layouts) this.sheets.set(l.sheet, l.grid.map((r) => [...r]));
    this.onChange();
  }

  async markCells(marks: Mark[]) {
    this.marks = marks;
    this.onChange();
  }

  async clearMarks() {
    this.marks = [];
    this.onChange();
  }

  async selectCell(cell: string) {
    const p = parseCellRef(cell);
    this.selected = { sheet: p.sheet ?? [...this.sheets.keys()][0] ?? '', row: p.row, col: p.col };
    this.onChange();
  }
}
