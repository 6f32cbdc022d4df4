/**
 * Starts the pane: inside Excel on the open workbook (Office.js), anywhere
 * else on an .xlsx file the clerk chooses. Office.js comes from Microsoft's
 * CDN in taskpane.html only; without it the page starts in file mode.
 */
/// <reference types="office-js" />
import { ExcelWorkbook } from './excel.ts';
import { FileWorkbook } from './file.ts';
import type { WorkbookPort } from './port.ts';
import { TokenStore } from './store.ts';
import { Pane } from './ui.ts';

function start(port: WorkbookPort, partitionKey: string | null, notice: string | null) {
  const root = document.getElementById('app');
  if (!root) return;
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    /* storage blocked: sign in each time */
  }
  void new Pane(root, port, new TokenStore(storage, partitionKey), notice).start();
}

const office = (globalThis as { Office?: typeof Office }).Office;
if (office?.onReady) {
  void office.onReady((info) => {
    if (info.host === office.HostType.Excel) {
      const port = new ExcelWorkbook();
      start(port, office.context.partitionKey ?? null, port.check());
    } else start(new FileWorkbook(), null, null);
  });
} else {
  start(new FileWorkbook(), null, null);
}
