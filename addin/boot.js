/*
 * The pane's first script, in ES5 only, loaded before app.js and without
 * `defer` (in Excel's page, WPS's and the web page). app.js is built for ES2020; some Office hosts that have ExcelApi 1.8
 * still show add-ins in Internet Explorer 11 (Trident) or Edge Legacy
 * (EdgeHTML), which cannot even parse it ("Browsers and webview controls used
 * by Office Add-ins": e.g. retail Office 2019 without WebView2, Microsoft 365
 * before 16.0.13530 on Windows 10; "Trident+ doesn't support JavaScript
 * versions later than ES5"). There the pane would stay on 正在加载…; Microsoft
 * recommends "a graceful failure message" instead ("Support older Microsoft
 * webviews and Office versions").
 *
 * app.js sets window.quntuanPaneStarted once all of it has run. If a script
 * error comes from app.js before that, or the page has finished loading
 * without it (app.js unparsable, failed at its start, or not loaded at all),
 * this replaces 正在加载… with a plain message. The page's CSP allows only
 * scripts from our origin, so this is a file, not an inline script.
 */
(function () {
  var shown = false;

  function started() {
    return window.quntuanPaneStarted === true;
  }

  function show() {
    if (shown || started()) return;
    var root = document.getElementById('app');
    if (!root) return;
    shown = true;
    var here = location.protocol + '//' + location.host + '/';
    var standalone = /(^|\s)standalone(\s|$)/.test(document.body ? document.body.className : '');
    // WPS 表格 gives its add-in pages `Application` (addin/host.ts asks the same way).
    var wps = !!(window.Application && window.Application.Workbooks);
    var text = standalone
      ? '本页面未能启动。如果您使用的是旧版浏览器（如 Internet Explorer），请改用新版 Edge、Chrome 或 Firefox 打开 ' + here + '；如果只是网络中断，请刷新页面。'
      : wps
        ? '群团统计报表未能启动。可能是 WPS Office 版本较旧，其内置浏览器无法运行本加载项：请将 WPS Office 更新到最新版本，或用新版 Edge、Chrome、Firefox 打开 ' + here + ' 上传报表文件。如果只是网络中断，请关闭任务窗格后重新打开。'
        : '群团统计报表未能启动。常见原因是 Office 版本较旧，其内置浏览器（Internet Explorer 或旧版 Edge）无法运行本加载项：请将 Office 更新到 Microsoft 365 或 Office 2021 及以上版本，或用新版 Edge、Chrome、Firefox 打开 ' + here + ' 上传报表文件。如果只是网络中断，请关闭任务窗格后重新打开。';
    while (root.firstChild) root.removeChild(root.firstChild);
    // The pane's own look (pane.css): a card in the main area.
    var main = document.createElement('main');
    var card = document.createElement('div');
    card.className = 'card';
    var p = document.createElement('p');
    p.className = 'status error';
    p.setAttribute('role', 'alert');
    p.appendChild(document.createTextNode(text));
    card.appendChild(p);
    main.appendChild(card);
    root.appendChild(main);
  }

  function fromApp(source) {
    return typeof source === 'string' && /\/app\.js(\?|#|$)/.test(source);
  }

  // A parse error of a classic script is reported to window.onerror with the script's URL.
  var before = window.onerror;
  window.onerror = function (message, source) {
    if (!started() && fromApp(source)) show();
    return typeof before === 'function' ? before.apply(this, arguments) : false;
  };

  if (window.addEventListener) window.addEventListener('load', show, false);
  else if (window.attachEvent) window.attachEvent('onload', show);
})();
