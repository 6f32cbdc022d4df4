/**
 * Starts the pane on the workbook of wherever it runs (`host.ts` decides:
 * Excel, WPS 表格, or the web page over a file the clerk chooses). boot.js
 * runs first and says so plainly if this script never gets to its end.
 */
import { render } from 'preact';
import { Actions } from './actions.ts';
import { Api } from './api.ts';
import { detectHost } from './host.ts';
import type { WorkbookPort } from './port.ts';
import { Store } from './state.ts';
import { TokenStore } from './store.ts';
import { App } from './views/App.tsx';

/** Saves a download through a temporary link. */
function saveFile(blob: Blob, name: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

/**
 * Copies text: the Clipboard API where the host allows it (Office's iframes
 * may not grant clipboard-write), else a selected textarea and the copy
 * command, which a click still permits.
 */
async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    /* fall back below */
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const done = document.execCommand('copy');
  area.remove();
  if (!done) throw new Error('copy refused');
}

function start(port: WorkbookPort, partitionKey: string | null, notice: string | null) {
  const root = document.getElementById('app');
  if (!root) return;
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    /* storage blocked: sign in each time */
  }
  const tokens = new TokenStore(storage, partitionKey);
  const store = new Store();
  const actions = new Actions(store, new Api(() => tokens.get()), port, tokens, saveFile, copyText);
  const draw = () => render(<App s={store.get()} a={actions} />, root);
  root.replaceChildren();
  store.subscribe(draw);
  draw();
  void actions.start(notice);
}

void detectHost().then((host) => start(host.port, host.partitionKey, host.notice));

// All of app.js has run: boot.js (the ES5 script before it) need not say that the pane could not start.
(window as unknown as { quntuanPaneStarted?: boolean }).quntuanPaneStarted = true;
