/**
 * The consolidated JSON written as it is made, for cities too big to hold
 * whole (a province's 20,000 units: areas.md, issue 17). Each template is
 * consolidated on its own — a basis that holds only that template's counted
 * revisions gives the same sheets (`templateSheets`) — and its sheets are
 * written row by row before the next template is read. The text is exactly
 * `JSON.stringify(consolidate(…))`: the same code makes every figure, only
 * the order of work differs.
 */
import type { Template } from './catalog.ts';
import { areaCellsOf, areaTableFrom, editionOfBasis, scopeFrom, scopedUnits, templateSheets, type Basis, type Frame, type UnitData } from './consolidate.ts';
import type { Consolidated, Progress, Published, Sheet, SheetKey, Values } from './responses.ts';

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
  // Absent for the 2024 edition, as `consolidate` leaves it out.
  if (edition.id !== '2024') await field('edition', edition.id);
  await field('generatedAt', head.generatedAt);
  await field('published', head.published);
  await field('area', b.tree.get(b.area)!);
  await write(',"sheets":{');
  const totals: Partial<Record<SheetKey, Values>> = {};
  const cells: Parameters<typeof areaTableFrom>[2] = {};
  let firstSheet = true;
  // The next template's revisions are read while this one's sheets are made (the reads are I/O where D1 answers them).
  let next = b.counted(edition.templates[0]!);
  for (const [i, t] of edition.templates.entries()) {
    const { current, previous } = await next;
    if (i + 1 < edition.templates.length) next = b.counted(edition.templates[i + 1]!);
    const basis: Basis = { ...b, current, previous };
    for (const [key, sheet] of templateSheets(basis, t, units)) {
      await write(`${firstSheet ? '' : ','}${JSON.stringify(key)}:`);
      firstSheet = false;
      await writeSheet(sheet, write);
      totals[key] = sheet.rows.at(-1)!.values;
    }
    Object.assign(cells, areaCellsOf(basis, units, t.id));
  }
  await write('}');
  await field('byArea', areaTableFrom(b, units, cells));
  await field('scope', scopeFrom(b, await b.lastYearCounted()));
  await field('progress', await head.progress());
  for (const [k, v] of Object.entries(await after(totals))) if (v !== undefined) await field(k, v);
  await write('}');
  await sink(buffer);
  return totals;
}

/** One sheet, its rows one at a time: the same text as `JSON.stringify(sheet)`. */
async function writeSheet(sheet: Sheet, write: (text: string) => Promise<void>) {
  const keys = Object.keys(sheet) as (keyof Sheet)[];
  await write('{');
  for (const [i, k] of keys.entries()) {
    await write(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    if (k !== 'rows') {
      await write(JSON.stringify(sheet[k]));
      continue;
    }
    await write('[');
    for (const [j, row] of sheet.rows.entries()) await write(`${j ? ',' : ''}${JSON.stringify(row)}`);
    await write(']');
  }
  await write('}');
}
