/**
 * The WPS 表格 add-in's files as the worker renders them for an origin
 * (worker/wps-addin.ts): the XML well-formed (xmllint), every address on the
 * deployed origin, the ribbon's callbacks defined by its script, and the
 * script, ES5 as its page may need, run against the fake WPS's application.
 * tests/e2e/wps-addin.test.ts fetches the same files from a running worker.
 */
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { addinPage, jspluginsXml, ribbonScript, ribbonXml, WPS_ADDIN_NAME, WPS_BUTTON } from '../../worker/wps-addin.ts';
import { FakeEt } from '../fakes/wps.ts';
import { xmllint } from './xmllint.ts';

const ORIGIN = 'https://report.example.org';

/** The ribbon script run as WPS runs it: its functions as globals of a page whose `window.Application` is the fake's. */
function ribbonPage(origin: string, et: FakeEt) {
  const page: Record<string, unknown> = {};
  page.window = page;
  page.Application = et.application;
  runInNewContext(ribbonScript(origin), page);
  return page as { OnAddinLoad(ui: unknown): boolean; OnAction(control: { Id: string }): boolean; GetImage(control: { Id: string }): string };
}

describe('the WPS add-in files', () => {
  it('are well-formed XML (xmllint), and xmllint does catch a broken one', () => {
    expect(xmllint(jspluginsXml(ORIGIN))).toBe('');
    expect(xmllint(ribbonXml(ORIGIN))).toBe('');
    expect(xmllint(ribbonXml(ORIGIN).replace('</group>', ''))).toMatch(/mismatch|parser error/i);
    // An origin is escaped into XML, whatever characters a host name may carry.
    expect(xmllint(jspluginsXml('http://a&b.example:8443'))).toBe('');
  });

  it('list the add-in for WPS 表格 in online mode, at a folder on the deployed origin that ends in /', () => {
    const xml = jspluginsXml(`${ORIGIN}/some/page?x=1`);
    const entry = /<jspluginonline ([^>]*)\/>/.exec(xml)![1]!;
    const attrs = Object.fromEntries([...entry.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(attrs).toEqual({ name: WPS_ADDIN_NAME, type: 'et', url: `${ORIGIN}/wps/` });
  });

  it("name the server in the ribbon's tip, and every callback the ribbon names is a function of its script", () => {
    const ribbon = ribbonXml(ORIGIN);
    expect(ribbon).toContain(`（服务器 ${ORIGIN}）`);
    expect(ribbon).toContain(`id="${WPS_BUTTON}"`);
    const callbacks = [...ribbon.matchAll(/\s(onLoad|onAction|getImage|getLabel|getEnabled|getVisible)="([^"]+)"/g)].map((m) => m[2]!);
    expect(new Set(callbacks)).toEqual(new Set(['OnAddinLoad', 'OnAction', 'GetImage']));
    const page = ribbonPage(ORIGIN, new FakeEt()) as unknown as Record<string, unknown>;
    for (const name of callbacks) expect(typeof page[name], name).toBe('function');
  });

  it('loads the ribbon script from its hidden page, beside it', () => {
    expect(addinPage()).toContain('<script src="main.js"></script>');
    expect(addinPage()).not.toMatch(/<script>[^<]/);
  });

  it('keep the ribbon script to ES5, which every WPS browser parses', () => {
    expect(() => parse(ribbonScript(ORIGIN), { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
    expect(() => parse('let a = 1;', { ecmaVersion: 5, sourceType: 'script' })).toThrow();
  });

  it('open the pane from the button: made once on the right, shown again on later clicks, made anew if WPS lost it', () => {
    const et = new FakeEt();
    const page = ribbonPage(ORIGIN, et);
    expect(page.OnAddinLoad({})).toBe(true);
    expect(page.GetImage({ Id: WPS_BUTTON })).toBe('icon.png');
    page.OnAction({ Id: 'someOtherButton' });
    expect(et.panes).toEqual([]);
    page.OnAction({ Id: WPS_BUTTON });
    expect(et.panes).toEqual([{ ID: 1, url: `${ORIGIN}/wps/taskpane.html`, title: '群团统计报表', Visible: true, DockPosition: 2 }]);
    // The person closes the pane; the next click shows the same one.
    et.panes[0]!.Visible = false;
    page.OnAction({ Id: WPS_BUTTON });
    expect(et.panes.map((p) => [p.ID, p.Visible])).toEqual([[1, true]]);
    // WPS no longer has it (a new window): a new one is made.
    et.panes.length = 0;
    page.OnAction({ Id: WPS_BUTTON });
    expect(et.panes.map((p) => [p.ID, p.url])).toEqual([[1, `${ORIGIN}/wps/taskpane.html`]]);
  });
});
