/// <reference lib="dom" />
/**
 * The WPS 表格 add-in as a running worker serves it, followed the way WPS
 * follows it: jsplugins.xml names the add-in's folder; its hidden page loads
 * the ribbon's script; the button opens the pane's page; the pane starts on
 * the workbook. WPS itself cannot run here: the fake ET stands in for
 * `window.Application` (tests/fakes/wps.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xmllint } from '../build/xmllint.ts';
import { base } from './api.ts';
import { launch, openInWps, status } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const text = async (path: string) => {
  const res = await fetch(`${base()}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('the WPS add-in served by the worker', () => {
  it('serves jsplugins.xml and ribbon.xml well-formed, naming the origin it runs on', async () => {
    const list = await text('/wps/jsplugins.xml');
    expect(xmllint(list)).toBe('');
    expect(list).toContain(`<jspluginonline name="QuntuanReport" type="et" url="${base()}/wps/"/>`);
    const ribbon = await text('/wps/ribbon.xml');
    expect(xmllint(ribbon)).toBe('');
    expect(ribbon).toContain(`服务器 ${base()}`);
  });

  it('serves the pane page for WPS: no Office.js, boot.js before app.js', async () => {
    const html = await text('/wps/taskpane.html');
    expect(html).not.toContain('office.js');
    expect(html.indexOf('<script src="/boot.js"></script>')).toBeGreaterThan(-1);
    expect(html.indexOf('/boot.js')).toBeLessThan(html.indexOf('/app.js'));
  });

  it("opens the pane from the ribbon's button at the address jsplugins.xml leads to, and the pane starts on the workbook", async () => {
    const folder = /url="([^"]+)"/.exec(await text('/wps/jsplugins.xml'))![1]!;
    // The add-in's hidden page, as WPS opens it from the folder, under the worker's CSP.
    const hidden = await openInWps(browser, { path: new URL('index.html', folder).pathname });
    await hidden.waitForLoadState('load');
    const opened = await hidden.evaluate(() => {
      const w = window as unknown as { OnAction(c: { Id: string }): boolean; GetImage(c: { Id: string }): string; fakeEt: { panes: { url: string; Visible: boolean }[] } };
      w.OnAction({ Id: 'quntuanOpenPane' });
      return { panes: w.fakeEt.panes.map((p) => [p.url, p.Visible]), icon: w.GetImage({ Id: 'quntuanOpenPane' }) };
    });
    expect(opened.panes).toEqual([[`${base()}/wps/taskpane.html`, true]]);
    // The image is named as Kingsoft's examples name theirs: a file in the add-in's folder.
    const icon = await fetch(new URL(opened.icon, folder));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/png');
    await hidden.close();

    const pane = await openInWps(browser, { path: new URL(opened.panes[0]![0] as string).pathname });
    await expect.poll(() => pane.getByLabel('访问令牌').count()).toBe(1);
    await pane.getByRole('button', { name: '校验' }).click();
    // Nothing inserted yet: the pane read WPS's workbook (one empty Sheet1) and says the templates are not there.
    await expect.poll(() => status(pane)).toContain('工作簿中没有标准报表的工作表');
    await pane.close();
  });
});
