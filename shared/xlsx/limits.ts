/**
 * What a spreadsheet file may cost to read, and the one error every refusal
 * is. The same limits apply in the pane, on the command line and anywhere
 * else the reader runs, so a file is accepted or refused the same way
 * everywhere. They sit well above any real report (a filled workbook is
 * about 12 KB; the consolidated workbook of 5,000 units, 2.5 MB holding
 * 20.5 MB of XML and 0.47 million cells, fits twice over) and low enough
 * that the worst file inside them is read or refused within two seconds and
 * 256 MB: time grows with the XML, memory with the cells (docs/XLSX.md).
 */

/** Why a file was refused; the message says it to the person who chose the file. */
export type WorkbookErrorReason = 'format' | 'encrypted' | 'damaged' | 'limit';

/** A file that cannot be read, with a message in plain Chinese saying why and what to do. */
export class WorkbookError extends Error {
  constructor(
    message: string,
    readonly reason: WorkbookErrorReason = 'format',
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}

export interface ReadLimits {
  /** Size of the file itself. */
  fileBytes: number;
  /** Parts (zip entries) in the file. */
  entries: number;
  /** Uncompressed size of all parts together. */
  totalBytes: number;
  /** Uncompressed ÷ compressed size of one large part: XML compresses 5–20×, a zip bomb 1,000×. */
  ratio: number;
  /** The highest row holding a value, per sheet. */
  rows: number;
  /** Cells kept in memory over all sheets: each row counts up to its last value. */
  cells: number;
  /** Entries of the shared string table (.xlsx). */
  sharedStrings: number;
  /** Wall-clock time for the whole read. */
  ms: number;
}

export const LIMITS: Readonly<ReadLimits> = {
  fileBytes: 20 * 1024 * 1024,
  entries: 2_000,
  totalBytes: 40 * 1024 * 1024,
  ratio: 200,
  rows: 100_000,
  cells: 800_000,
  sharedStrings: 500_000,
  ms: 10_000,
};

/** Excel's own sheet size: nothing beyond it is a cell of a real workbook. */
export const MAX_ROW = 1_048_576;
export const MAX_COL = 16_384;
/** XML nesting: SpreadsheetML and OpenDocument cells sit a dozen levels deep, rich text a few more. */
export const MAX_DEPTH = 100;

const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
const SHRINK = '请删除多余的工作表、图片或内容后另存，再选择';

/** Counts what a read has cost so far and refuses the file as soon as it passes a limit. */
export class Budget {
  readonly limits: ReadLimits;
  private readonly deadline: number;
  private bytes = 0;
  private cells = 0;

  constructor(limits: Partial<ReadLimits> = {}) {
    this.limits = { ...LIMITS, ...limits };
    this.deadline = Date.now() + this.limits.ms;
  }

  fileSize(n: number) {
    if (n > this.limits.fileBytes) throw new WorkbookError(`文件大小为 ${mb(n)}，超过可读取的上限 ${mb(this.limits.fileBytes)}；${SHRINK}`, 'limit');
  }

  entries(n: number) {
    if (n > this.limits.entries) throw new WorkbookError(`文件内含 ${n} 个部件，超过上限 ${this.limits.entries} 个，不是正常的报表文件；请另存为 .xlsx 后再选择`, 'limit');
  }

  /** Checked against the sizes the file declares, before anything is inflated. */
  declared(total: number, largest: { size: number; compressed: number } | null) {
    if (total > this.limits.totalBytes) throw new WorkbookError(`文件解压后为 ${mb(total)}，超过可读取的上限 ${mb(this.limits.totalBytes)}；${SHRINK}`, 'limit');
    if (largest && largest.size > 1024 * 1024 && largest.size > largest.compressed * this.limits.ratio) {
      throw new WorkbookError(`文件解压后的体积异常（压缩比超过 ${this.limits.ratio} 倍），不是正常的报表文件，已拒绝读取；请另存为 .xlsx 后再选择`, 'limit');
    }
  }

  /** Bytes inflated; also where time is checked, since every part streams through here. */
  inflated(n: number) {
    this.bytes += n;
    if (this.bytes > this.limits.totalBytes) throw new WorkbookError(`文件解压后超过可读取的上限 ${mb(this.limits.totalBytes)}；${SHRINK}`, 'limit');
    this.time();
  }

  /** Text a part expands to beyond its own bytes (OpenDocument's text:s c="99999"): counted as inflated. */
  expanded(n: number) {
    this.inflated(n);
  }

  time() {
    if (Date.now() > this.deadline) {
      throw new WorkbookError(`读取文件超过 ${Math.round(this.limits.ms / 1000)} 秒仍未完成，已停止；${SHRINK}`, 'limit');
    }
  }

  /** A row of `n` cells is about to be kept, at 0-based `row` of `sheet`. */
  row(sheet: string, row: number, n: number) {
    if (row >= this.limits.rows) {
      throw new WorkbookError(`工作表“${sheet}”第 ${row + 1} 行有内容，超过可读取的上限 ${this.limits.rows} 行；${SHRINK}`, 'limit');
    }
    this.cells += n;
    if (this.cells > this.limits.cells) throw new WorkbookError(`工作簿的单元格超过可读取的上限 ${this.limits.cells} 个（读到工作表“${sheet}”第 ${row + 1} 行）；${SHRINK}`, 'limit');
  }

  sharedStrings(n: number) {
    if (n > this.limits.sharedStrings) throw new WorkbookError(`工作簿中的文字条目超过可读取的上限 ${this.limits.sharedStrings} 条；${SHRINK}`, 'limit');
  }
}

/** A damaged file: the one message for every way a file can be broken, with what was found. */
export function damaged(why: string): WorkbookError {
  return new WorkbookError(`该文件已损坏，请重新保存后再选择（${why}）`, 'damaged');
}
