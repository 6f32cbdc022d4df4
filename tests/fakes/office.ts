/**
 * Installs the fake Excel (`excel.ts`) as the globals Office.js defines, so
 * the real pane (`taskpane.html` + `app.js`) runs "inside Excel" in Chromium:
 * the end-to-end tests serve this file, bundled, in place of Office.js from
 * Microsoft's CDN. Like Office's iframes, it leaves the page no browser
 * dialogs: `alert`, `confirm` and `prompt` throw.
 */
import { FakeExcel } from './excel.ts';

export interface OfficeOptions {
  /** What `Office.context.platform` says: PC, Mac, OfficeOnline. */
  platform?: string;
  /** The requirement sets the host supports, e.g. ['ExcelApi 1.8']. */
  supported?: string[];
}

export function installOffice(g: Record<string, unknown>, opts: OfficeOptions = {}): FakeExcel {
  const excel = new FakeExcel();
  const supported = new Set(opts.supported ?? ['ExcelApi 1.1', 'ExcelApi 1.7', 'ExcelApi 1.8']);
  const platform = opts.platform ?? 'OfficeOnline';
  const context = {
    platform,
    partitionKey: undefined,
    requirements: { isSetSupported: (set: string, version?: string) => supported.has(`${set} ${version ?? '1.1'}`) },
  };
  g.Office = {
    HostType: { Excel: 'Excel', Word: 'Word' },
    PlatformType: { PC: 'PC', Mac: 'Mac', OfficeOnline: 'OfficeOnline' },
    context,
    onReady: (cb?: (info: { host: string; platform: string }) => void) =>
      new Promise((resolve) => {
        setTimeout(() => {
          const info = { host: 'Excel', platform };
          cb?.(info);
          resolve(info);
        }, 0);
      }),
  };
  g.Excel = { run: excel.run };
  for (const name of ['alert', 'confirm', 'prompt']) {
    g[name] = () => {
      throw new Error(`${name}() is not available in an Office add-in's pane`);
    };
  }
  return excel;
}
