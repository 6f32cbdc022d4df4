/**
 * A small Excel for the Office.js adapter's tests. What the adapter loads and
 * reads after `sync` (the worksheet list, used ranges) are office-addin-mock
 * objects, which refuse to be read before `load` and `sync`; what it writes
 * (values, formats, fonts, borders…) lands in plain sheets the test inspects.
 * Every `context.sync()` is counted, with the number of cells written since
 * the previous one.
 */
import { OfficeMockObject } from 'office-addin-mock';
import type { CellValue } from '../../shared/index.ts';

export interface FakeSheet {
  name: string;
  values: Map<string, CellValue>;
  formats: Map<string, string>;
  bold: Set<string>;
  fills: Map<string, string>;
  borders: Map<string, { style: string; color?: string }>;
  merges: string[];
  validations: { at: string; source: string }[];
  frozen: string | null;
  active: boolean;
  selected: string | null;
  charts: { type: string; title: string }[];
  /** Order of writes per range, to check that formats come before values. */
  log: string[];
}

const key = (r: number, c: number) => `${r},${c}`;

export class FakeExcel {
  sheets = new Map<string, FakeSheet>();
  syncs: number[] = [];
  suspended = 0;
  private written = 0;
  /** Throw this from the next run, as Excel does (e.g. while a cell is being edited). */
  failWith: { code: string; message: string } | null = null;

  addSheet(name: string): FakeSheet {
    const s: FakeSheet = { name, values: new Map(), formats: new Map(), bold: new Set(), fills: new Map(), borders: new Map(), merges: [], validations: [], frozen: null, active: false, selected: null, charts: [], log: [] };
    this.sheets.set(name, s);
    return s;
  }

  grid(name: string): CellValue[][] {
    const s = this.sheets.get(name)!;
    const out: CellValue[][] = [];
    for (const [k, v] of s.values) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      (out[r] ??= [])[c] = v === '' ? null : v;
    }
    for (let r = 0; r < out.length; r++) {
      out[r] ??= [];
      for (let c = 0; c < out[r]!.length; c++) if (out[r]![c] === undefined) out[r]![c] = null;
    }
    return out;
  }

  /** `Excel.run` for the adapter. */
  run = async <T>(batch: (ctx: any) => Promise<T>): Promise<T> => {
    if (this.failWith) {
      const e = Object.assign(new Error(this.failWith.message), { code: this.failWith.code });
      this.failWith = null;
      throw e;
    }
    const loaded: OfficeMockObject[] = [];
    const ctx = {
      workbook: { worksheets: this.collection(loaded) },
      application: { suspendApiCalculationUntilNextSync: () => this.suspended++ },
      sync: async () => {
        for (const m of loaded) await m.sync();
        this.syncs.push(this.written);
        this.written = 0;
      },
    };
    return batch(ctx);
  };

  private collection(loaded: OfficeMockObject[]) {
    const items = new OfficeMockObject({ items: [...this.sheets.keys()].map((name) => ({ name })) });
    loaded.push(items);
    const self = this;
    const coll = {
      get items() {
        return (items as any).items;
      },
      load: (props: string) => items.load(props.replace('items/name', 'items')),
      getItem: (name: string) => self.sheetApi(self.sheets.get(name) ?? (() => { throw Object.assign(new Error('ItemNotFound'), { code: 'ItemNotFound' }); })(), loaded),
      getItemOrNullObject: (name: string) => {
        const s = self.sheets.get(name);
        if (s) return self.sheetApi(s, loaded);
        return { isNullObject: true, getUsedRangeOrNullObject: () => ({ isNullObject: true, load: () => undefined }) };
      },
      add: (name: string) => self.sheetApi(self.addSheet(name), loaded),
    };
    return coll;
  }

  private sheetApi(s: FakeSheet, loaded: OfficeMockObject[]) {
    const self = this;
    const range = (row: number, col: number, rows: number, cols: number) => self.rangeApi(s, row, col, rows, cols);
    return {
      isNullObject: false,
      getUsedRangeOrNullObject: () => {
        const cells = [...s.values.entries()].filter(([, v]) => v !== '' && v !== null);
        if (!cells.length) return { isNullObject: true, load: () => undefined };
        const rs = cells.map(([k]) => Number(k.split(',')[0]));
        const cs = cells.map(([k]) => Number(k.split(',')[1]));
        const [r0, r1, c0, c1] = [Math.min(...rs), Math.max(...rs), Math.min(...cs), Math.max(...cs)];
        const values = Array.from({ length: r1 - r0 + 1 }, (_, r) => Array.from({ length: c1 - c0 + 1 }, (_, c) => s.values.get(key(r0 + r, c0 + c)) ?? ''));
        const m = new OfficeMockObject({ values, rowIndex: r0, columnIndex: c0 });
        (m as any).isNullObject = false;
        loaded.push(m);
        return m;
      },
      getRange: (address?: string) => {
        if (!address) return range(0, 0, 1 << 20, 1 << 14);
        const m = /^([A-Z]+)(\d+)$/.exec(address)!;
        let c = 0;
        for (const ch of m[1]!) c = c * 26 + ch.charCodeAt(0) - 64;
        return range(Number(m[2]) - 1, c - 1, 1, 1);
      },
      getRangeByIndexes: range,
      activate: () => {
        for (const o of self.sheets.values()) o.active = false;
        s.active = true;
      },
      delete: () => self.sheets.delete(s.name),
      freezePanes: {
        freezeRows: (n: number) => (s.frozen = `rows:${n}`),
        freezeColumns: (n: number) => (s.frozen = `cols:${n}`),
        freezeAt: (r: { at: string }) => (s.frozen = `at:${r.at}`),
      },
      charts: { add: (type: string) => {
        const chart = { type, title: '' };
        s.charts.push(chart);
        return { title: { set text(t: string) { chart.title = t; } }, setPosition: () => undefined };
      } },
    };
  }

  private rangeApi(s: FakeSheet, row: number, col: number, rows: number, cols: number) {
    const self = this;
    const at = `${row},${col},${rows},${cols}`;
    const each = (f: (k: string, r: number, c: number) => void) => {
      for (let r = 0; r < Math.min(rows, 2000); r++) for (let c = 0; c < Math.min(cols, 200); c++) f(key(row + r, col + c), r, c);
    };
    const edge = (k: string) => ({
      set style(v: string) { if (v === 'None') s.borders.delete(k); else s.borders.set(k, { ...(s.borders.get(k) ?? {}), style: v }); },
      set weight(_v: string) { /* kept implicit */ },
      set color(v: string) { s.borders.set(k, { ...(s.borders.get(k) ?? { style: 'Continuous' }), color: v }); },
    });
    return {
      at,
      set values(v: CellValue[][]) {
        s.log.push(`values@${at}`);
        self.written += rows * cols;
        v.forEach((line, r) => line.forEach((x, c) => s.values.set(key(row + r, col + c), x)));
      },
      set numberFormat(v: string[][]) {
        s.log.push(`numberFormat@${at}`);
        v.forEach((line, r) => line.forEach((x, c) => s.formats.set(key(row + r, col + c), x)));
      },
      format: {
        font: { set bold(b: boolean) { if (b) each((k) => s.bold.add(k)); }, set size(_n: number) { /* title size */ } },
        fill: { set color(v: string) { each((k) => s.fills.set(k, v)); } },
        borders: { getItem: (_edge: string) => edge(key(row, col)) },
        set columnWidth(_w: number) { /* widths */ },
      },
      dataValidation: { set rule(r: { list: { source: string } }) { s.validations.push({ at, source: r.list.source }); } },
      merge: () => s.merges.push(at),
      clear: () => {
        s.values.clear();
        s.formats.clear();
        s.bold.clear();
        s.fills.clear();
      },
      select: () => (s.selected = key(row, col)),
      getEntireColumn: () => ({ format: { set columnWidth(_w: number) { /* widths */ } } }),
    };
  }
}
