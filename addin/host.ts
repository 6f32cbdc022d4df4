/**
 * Where the pane runs, decided once, here: inside WPS 表格 (its add-in pages
 * find the ET object model as `window.Application`), inside Excel (Office.js,
 * loaded by taskpane.html from Microsoft's CDN, says so in `Office.onReady`),
 * or anywhere else as the web page over a file the person chooses.
 *
 * WPS is asked first: its pages do not load Office.js, and an `Application`
 * that has `Workbooks` is WPS's spreadsheet (WPS 文字's has `Documents`).
 */
/// <reference types="office-js" />
import { ExcelWorkbook } from './excel.ts';
import { FileWorkbook } from './file.ts';
import type { WorkbookPort } from './port.ts';
import { WpsWorkbook, type EtApplication } from './wps.ts';

export interface Host {
  port: WorkbookPort;
  /** Office's partition for this add-in's storage, where Office gives one. */
  partitionKey: string | null;
  /** What to say before anything else (an Excel too old for the pane). */
  notice: string | null;
}

interface Globals {
  Application?: unknown;
  Office?: typeof Office;
}

/** The ET application of a WPS 表格 add-in page, or null elsewhere. */
export function etApplication(g: Globals): EtApplication | null {
  const app = g.Application as { Workbooks?: unknown } | null | undefined;
  return app && typeof app === 'object' && app.Workbooks !== undefined && app.Workbooks !== null ? (app as unknown as EtApplication) : null;
}

export async function detectHost(g: Globals = globalThis as Globals): Promise<Host> {
  const et = etApplication(g);
  if (et) return { port: new WpsWorkbook(et), partitionKey: null, notice: null };
  const office = g.Office;
  if (office?.onReady) {
    const info = await office.onReady();
    if (info.host === office.HostType.Excel) {
      // Office.PlatformType's values are the strings 'PC', 'Mac', 'OfficeOnline', 'iOS' … (office.js);
      // the typings declare a numeric enum.
      const platform = office.context.platform as unknown as string | undefined;
      const port = new ExcelWorkbook(undefined, undefined, platform ?? null);
      return { port, partitionKey: office.context.partitionKey ?? null, notice: port.check() };
    }
  }
  return { port: new FileWorkbook(), partitionKey: null, notice: null };
}
