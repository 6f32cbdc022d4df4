/**
 * The consolidated JSON written as it is made, for cities too big to hold
 * whole (a province's 20,000 units: areas.md, issue 17). Each template is
 * consolidated on its own — a basis that holds only that template's counted
 * revisions gives the same sheets (`templateSheets`) — and its sheets are
 * written row by row before the next template is read. The text is exactly
 * `JSON.stringify(consolidate(…))`: the same code makes every figure, only
 * the order of work differs.
 */
import type { Template, TemplateId } from './catalog.ts';
import { areaCellsOf, areaTableFrom, editionOfBasis, scopeFrom, scopedUnits, templateSheets, type Basis, type ConsolidationUnit, type Frame, type UnitData } from './consolidate.ts';
import { jcs } from './canonical.ts';
import { Sha256 } from './sha256.ts';
import { closingLayouts, templateLayout, type LayoutHead } from './consolidated-layout.ts';
import type { Settings, SheetLayout } from './layout.ts';
import type { Assessment, ChartYear, Consolidated, Progress, Published, Sheet, SheetKey, SheetRow, Values } from './responses.ts';
import { rowToColumns } from './columns.ts';

/** What writing needs: the frame, last year's counted units, and each template's counted revisions when asked. */
export interface StreamBasis extends Frame {
  /** Units with a counted revision last year in any template (新增单位, 上年有本年无): asked for after every template is read. */
  lastYearCounted(): ReadonlySet<string> | Promise<ReadonlySet<string>>;
  /** One template's counted revisions, this year's and last year's, by unit (each unit's data holding that template only). */
  counted(t: Template): Promise<{ current: ReadonlyMap<string, UnitData>; previous: ReadonlyMap<string, UnitData> }>;
}

export interface StreamHead {
  generatedAt: string;
  published: Published | null;
  /** 报送进度: asked for after every template is read, for it may be made from what they read. */
  progress(): Progress | Promise<Progress>;
}

/** The body's shape: figures keyed by column (the contract's default), or in column order (`?shape=columns`). */
export type Shape = 'rows' | 'columns';

/** Receives the text as it is made; may wait (a stream's back-pressure). */
export type Sink = (text: string) => void | Promise<void>;

/** Text is handed to the sink in pieces of about this many characters. */
const PIECE = 64 * 1024;

/**
 * Writes the consolidated JSON of `b` to `sink`. `after` adds fields at the
 * end (the trend), from each sheet's total row; the totals are returned.
 */
export async function writeConsolidated(
  b: StreamBasis,
  head: StreamHead,
  sink: Sink,
  after: (totals: Partial<Record<SheetKey, Values>>) => Promise<Partial<Consolidated>> = async () => ({}),
  shape: Shape = 'rows',
): Promise<Partial<Record<SheetKey, Values>>> {
  let buffer = '';
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length >= PIECE) {
      const out = buffer;
      buffer = '';
      await sink(out);
    }
  };
  const field = (key: string, value: unknown, first = false) => write(`${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`);
  const edition = editionOfBasis(b);
  const units = scopedUnits(b);

  await write('{');
  await field('year', b.year, true);
  if (shape === 'columns') await field('shape', shape);
  // Absent for the 2024 edition, as `consolidate` leaves it out.
  if (edition.id !== '2024') await field('edition', edition.id);
  await field('generatedAt', head.generatedAt);
  await field('published', head.published);
  await field('area', b.tree.get(b.area)!);
  await write(',"sheets":{');
  const totals: Partial<Record<SheetKey, Values>> = {};
  const cells: Parameters<typeof areaTableFrom>[2] = {};
  let firstSheet = true;
  // A function per template: what it made is let go when it returns, before the next template is read.
  const writeTemplate = async (t: Template) => {
    const made = await templatePass(b, t, units);
    Object.assign(cells, made.cells);
    Object.assign(totals, made.totals);
    for (const [key, sheet] of made.sheets) {
      await write(`${firstSheet ? '' : ','}${JSON.stringify(key)}:`);
      firstSheet = false;
      await writeSheet(sheet, write, shape);
    }
  };
  for (const t of edition.templates) await writeTemplate(t);
  await write('}');
  await field('byArea', areaTableFrom(b, units, cells));
  await field('scope', scopeFrom(b, await b.lastYearCounted()));
  await field('progress', await head.progress());
  for (const [k, v] of Object.entries(await after(totals))) if (v !== undefined) await field(k, v);
  await write('}');
  await sink(buffer);
  return totals;
}

/**
 * One template's sheets and area cells, from its revisions read now. The
 * revisions are let go when it returns, before its sheets are written: one
 * template's revisions and one template's sheets are all that is ever held
 * (the next template is not read ahead for the same reason: at 20,000 units
 * 表2's two years of revisions are ~40 MB of the isolate's 128).
 */
async function templatePass(b: StreamBasis, t: Template, units: readonly ConsolidationUnit[], keep?: (current: ReadonlyMap<string, UnitData>) => void) {
  const { current, previous } = await b.counted(t);
  const basis: Basis = { ...b, current, previous };
  keep?.(current);
  const sheets = templateSheets(basis, t, units);
  // Each sheet's total is its last row (as totalsOf states it).
  return { sheets, cells: areaCellsOf(basis, units, t.id), totals: Object.fromEntries(sheets.map(([key, sheet]) => [key, sheet.rows.at(-1)!.values])) as Partial<Record<SheetKey, Values>> };
}

/** One sheet, its rows one at a time: the same text as `JSON.stringify(sheet)`. */
async function writeSheet(sheet: Sheet, write: (text: string) => Promise<void>, shape: Shape) {
  const keys = sheet.columns.map((c) => c.key);
  const rowText = shape === 'columns' ? (row: SheetRow) => JSON.stringify(rowToColumns(row, keys)) : (row: SheetRow) => JSON.stringify(row);
  const fields = Object.keys(sheet) as (keyof Sheet)[];
  await write('{');
  for (const [i, k] of fields.entries()) {
    await write(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    if (k !== 'rows') {
      await write(JSON.stringify(sheet[k]));
      continue;
    }
    await write('[');
    for (const [j, row] of sheet.rows.entries()) await write(`${j ? ',' : ''}${rowText(row)}`);
    await write(']');
  }
  await write('}');
}

/** What the workbook adds to the consolidation: its settings, the trend chart's years, 目标考核. */
export interface WorkbookExtras {
  settings?: Settings;
  /** The trend chart's years, ending with this year's totals. */
  trend(totals: Partial<Record<SheetKey, Values>>): Promise<ChartYear[]>;
  /** 目标考核 where the year has targets: the templates they name, and the assessment from those templates' counted figures. */
  assessment?: { templates: readonly TemplateId[]; of(current: ReadonlyMap<string, UnitData>): Assessment | null };
}

/**
 * The consolidated workbook's sheets, one at a time: each template's sheet
 * is laid out from that template's revisions alone and handed on before the
 * next template is read; the closing sheets (分区汇总, 报告用数, 图表,
 * 目标考核, 报送进度) read only totals, subtotals and progress. The same
 * sheets as `consolidatedLayout(consolidate(…))`. Last year's counted units
 * (`lastYear`) are needed before the first sheet: its note says the scope.
 */
export async function* workbookSheets(b: StreamBasis, head: StreamHead, lastYear: ReadonlySet<string>, extras: WorkbookExtras): AsyncGenerator<SheetLayout> {
  const edition = editionOfBasis(b);
  const units = scopedUnits(b);
  const scope = scopeFrom(b, lastYear);
  const lead: LayoutHead = { year: b.year, generatedAt: head.generatedAt, published: head.published, scope, area: b.tree.get(b.area)! };
  // What the closing sheets read: each sheet without its unit rows, its total, the area cells, the targeted figures.
  const kept: Partial<Record<SheetKey, Sheet>> = {};
  const totals: Partial<Record<SheetKey, Values>> = {};
  const cells: Parameters<typeof areaTableFrom>[2] = {};
  const targeted = new Map<string, UnitData>();
  const keep = extras.assessment ? (current: ReadonlyMap<string, UnitData>) => {
    for (const [code, d] of current) targeted.set(code, { ...targeted.get(code), ...d });
  } : undefined;
  // A function per template: its revisions and sheets' unit rows are let go before the layout is written.
  const layTemplate = async (t: Template) => {
    const made = await templatePass(b, t, units, extras.assessment?.templates.includes(t.id) ? keep : undefined);
    for (const [key, sheet] of made.sheets) kept[key] = { ...sheet, rows: sheet.rows.filter((r) => r.kind !== 'unit') };
    Object.assign(totals, made.totals);
    Object.assign(cells, made.cells);
    return templateLayout(lead, t, Object.fromEntries(made.sheets) as Consolidated['sheets'], extras.settings);
  };
  for (const t of edition.templates) yield await layTemplate(t);
  const c: Consolidated = {
    year: b.year,
    ...(edition.id !== '2024' ? { edition: edition.id } : {}),
    generatedAt: head.generatedAt,
    published: head.published,
    area: lead.area,
    sheets: kept as Consolidated['sheets'],
    byArea: areaTableFrom(b, units, cells),
    scope,
    progress: await head.progress(),
    trend: await extras.trend(totals),
  };
  yield* closingLayouts(c, extras.settings, extras.assessment?.of(targeted) ?? null);
}

/**
 * A version's checksum — the SHA-256 of the JCS form of its `sheets`
 * (reporting-year.md) — and its totals, one template at a time: the same
 * digest as `sheetsChecksum(consolidate(…).sheets)`, without the sheets
 * ever held together. JCS orders the sheets by key, so the templates are
 * read in that order (a template's own sheet and its breakdown table are
 * adjacent in it: 培训类别's key extends 表2's).
 */
export async function sheetsDigest(b: StreamBasis): Promise<{ checksum: string; totals: Partial<Record<SheetKey, Values>> }> {
  const edition = editionOfBasis(b);
  const units = scopedUnits(b);
  const keys = [...edition.sheetKeys].sort();
  const order: Template[] = [];
  for (const key of keys) {
    const t = edition.templates.find((x) => x.id === key || x.breakdown?.sheet === key)!;
    if (order.at(-1) === t) continue;
    if (order.includes(t)) throw new Error(`汇总表 ${key} 不与 ${t.id} 相邻：校验码须按键序逐表计算`);
    order.push(t);
  }
  const hash = new Sha256();
  const totals: Partial<Record<SheetKey, Values>> = {};
  hash.update('{');
  let first = true;
  const hashTemplate = async (t: Template) => {
    const made = await templatePass(b, t, units);
    for (const [key, sheet] of made.sheets.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      hash.update(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      jcsSheet(sheet, (text) => hash.update(text));
    }
    Object.assign(totals, made.totals);
  };
  for (const t of order) await hashTemplate(t);
  hash.update('}');
  return { checksum: hash.hex(), totals };
}

/** A sheet's JCS text, its rows one at a time. */
function jcsSheet(sheet: Sheet, write: (text: string) => void) {
  const keys = (Object.keys(sheet) as (keyof Sheet)[]).filter((k) => sheet[k] !== undefined).sort();
  write('{');
  for (const [i, k] of keys.entries()) {
    write(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    if (k !== 'rows') {
      write(jcs(sheet[k]));
      continue;
    }
    write('[');
    for (const [j, row] of sheet.rows.entries()) write(`${j ? ',' : ''}${jcs(row)}`);
    write(']');
  }
  write('}');
}
