/**
 * The WPS 表格 add-in (WPS 加载项) in online mode: the files WPS fetches from
 * the worker, each naming the origin it was asked on, so one deployment needs
 * no edited copies (as `npm run manifest` makes for Excel).
 *
 * How WPS finds them (Kingsoft's documentation; README, "WPS 表格"):
 * - `jsplugins.xml` lists the add-in as `<jspluginonline name type url>`:
 *   `type="et"` for WPS 表格, `url` the add-in's folder, ending in `/`. WPS
 *   reads it where oem.ini's `[Server] JSPluginsServer` points, with
 *   `[Support] JsApiPlugin=true` (金山办公产品帮助中心, "如何确定客户使用了哪种部署模式的加载项").
 * - In that folder WPS opens `index.html`, a page never shown, which loads
 *   `main.js`, the script with the functions the ribbon names; then it reads
 *   `ribbon.xml` (customUI) and calls them ("WPS 加载项开发说明", open.wps.cn:
 *   启动流程). `onAction` gets the control (`control.Id`); `getImage` answers
 *   an image's address.
 * - The button opens the pane with `Application.CreateTaskPane(url, title)`,
 *   shown once `Visible` is true, found again by its `ID` through
 *   `Application.GetTaskPane(id)`; `Application.PluginStorage` keeps the ID
 *   across the add-in's pages (wps-jsapi typings, index.d.ts).
 * The pane itself is the built `/wps/taskpane.html`: taskpane.html without
 * Office.js; the button's image, `/wps/icon.png` (scripts/build-pane.ts).
 */

/** The add-in's name in jsplugins.xml: ASCII, one word, unique among a machine's WPS add-ins. */
export const WPS_ADDIN_NAME = 'QuntuanReport';
/** The ribbon button that opens the pane. */
export const WPS_BUTTON = 'quntuanOpenPane';
/** Where the files are served, below the origin. */
export const WPS_FOLDER = '/wps/';

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function folder(origin: string): string {
  return `${new URL(origin).origin}${WPS_FOLDER}`;
}

/** The add-in list WPS reads (online mode: the add-in is loaded from `url` each time). */
export function jspluginsXml(origin: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<jsplugins>
  <jspluginonline name="${WPS_ADDIN_NAME}" type="et" url="${xmlText(folder(origin))}"/>
</jsplugins>
`;
}

/** The ribbon: a 群团统计 tab with one large button; its tip names the server, so two deployments can be told apart. */
export function ribbonXml(origin: string): string {
  const server = xmlText(new URL(origin).origin);
  return `<?xml version="1.0" encoding="UTF-8"?>
<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui" onLoad="OnAddinLoad">
  <ribbon startFromScratch="false">
    <tabs>
      <tab id="quntuanTab" label="群团统计">
        <group id="quntuanGroup" label="群团统计">
          <button id="${WPS_BUTTON}" label="统计报表" size="large" getImage="GetImage" onAction="OnAction" screentip="群团统计报表" supertip="打开任务窗格：插入空白报表、校验、上传、拉取汇总（服务器 ${server}）"/>
        </group>
      </tab>
    </tabs>
  </ribbon>
</customUI>
`;
}

/** The add-in's hidden page: only loads main.js, beside it. */
export function addinPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>群团统计报表 · WPS 加载项</title>
    <script src="main.js"></script>
  </head>
  <body></body>
</html>
`;
}

/**
 * The ribbon's functions, in ES5: this page runs in whatever browser the WPS
 * version embeds, before anything tells whether app.js could run there (the
 * pane's own boot.js says so if not).
 */
export function ribbonScript(origin: string): string {
  const base = new URL(origin).origin;
  return `/* 群团统计报表: the ribbon of the WPS 表格 add-in, served for ${base}. */
var QUNTUAN_PANE = ${JSON.stringify(`${folder(origin)}taskpane.html`)};
/* Beside ribbon.xml, as Kingsoft's examples name their images: a path in the add-in's folder. */
var QUNTUAN_ICON = "icon.png";
var QUNTUAN_PANE_KEY = "quntuanPaneId";
/* msoCTPDockPositionRight */
var QUNTUAN_DOCK_RIGHT = 2;

function OnAddinLoad(ribbonUI) {
  return true;
}

function GetImage(control) {
  return QUNTUAN_ICON;
}

function OnAction(control) {
  if (control && control.Id === ${JSON.stringify(WPS_BUTTON)}) quntuanShowPane(window.Application);
  return true;
}

/* The pane made once and shown again on later clicks; made anew if WPS no longer has it. */
function quntuanShowPane(app) {
  var pane = null;
  var id = app.PluginStorage.getItem(QUNTUAN_PANE_KEY);
  if (id) {
    try {
      pane = app.GetTaskPane(id);
    } catch (e) {
      pane = null;
    }
  }
  if (!pane) {
    pane = app.CreateTaskPane(QUNTUAN_PANE, "群团统计报表");
    app.PluginStorage.setItem(QUNTUAN_PANE_KEY, pane.ID);
  }
  pane.DockPosition = QUNTUAN_DOCK_RIGHT;
  pane.Visible = true;
}
`;
}

/** Every file of the add-in by its name in the folder, with its type. */
export const WPS_FILES: Record<string, { type: string; body: (origin: string) => string }> = {
  'jsplugins.xml': { type: 'text/xml; charset=utf-8', body: jspluginsXml },
  'ribbon.xml': { type: 'text/xml; charset=utf-8', body: ribbonXml },
  'index.html': { type: 'text/html; charset=utf-8', body: addinPage },
  'main.js': { type: 'text/javascript; charset=utf-8', body: ribbonScript },
};
