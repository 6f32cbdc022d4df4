/** The pane's one choice of where it runs (addin/host.ts), over the fakes of each host. */
import { afterEach, describe, expect, it } from 'vitest';
import { ExcelWorkbook } from '../../addin/excel.ts';
import { FileWorkbook } from '../../addin/file.ts';
import { detectHost } from '../../addin/host.ts';
import { WpsWorkbook } from '../../addin/wps.ts';
import { installOffice } from '../fakes/office.ts';
import { FakeEt } from '../fakes/wps.ts';

const g = globalThis as unknown as Record<string, unknown>;

afterEach(() => {
  for (const k of ['Office', 'Excel', 'alert', 'confirm', 'prompt']) delete g[k];
});

describe('where the pane runs', () => {
  it('inside WPS 表格: the ET application its add-in pages get as window.Application', async () => {
    const et = new FakeEt();
    const host = await detectHost({ Application: et.application });
    expect(host.port).toBeInstanceOf(WpsWorkbook);
    expect(host.port.kind).toBe('wps');
    expect(await host.port.sheetNames()).toEqual(['Sheet1']);
    expect([host.partitionKey, host.notice]).toEqual([null, null]);
  });

  it('inside Excel: Office.js says so once it is ready', async () => {
    installOffice(g, { platform: 'PC' });
    const host = await detectHost(g);
    expect(host.port).toBeInstanceOf(ExcelWorkbook);
    expect(host.port.downloads).toBe(true);
    expect(host.notice).toBeNull();
  });

  it('inside an Excel too old for the pane: Excel still, with the notice', async () => {
    installOffice(g, { supported: ['ExcelApi 1.1'] });
    const host = await detectHost(g);
    expect(host.port.kind).toBe('excel');
    expect(host.notice).toContain('需要 ExcelApi 1.8');
  });

  it('anywhere else, the web page over a chosen file: no host, WPS 文字 (no Workbooks), or Office.js in another host', async () => {
    expect((await detectHost({})).port).toBeInstanceOf(FileWorkbook);
    expect((await detectHost({ Application: { Documents: {} } })).port).toBeInstanceOf(FileWorkbook);
    expect((await detectHost({ Application: null })).port).toBeInstanceOf(FileWorkbook);
    installOffice(g);
    (g.Office as { onReady: unknown }).onReady = () => Promise.resolve({ host: 'Word', platform: 'PC' });
    expect((await detectHost(g)).port).toBeInstanceOf(FileWorkbook);
  });

  it('prefers WPS where a page somehow has both', async () => {
    installOffice(g);
    const host = await detectHost({ ...g, Application: new FakeEt().application } as never);
    expect(host.port.kind).toBe('wps');
  });
});
