/**
 * Chromium for the pane's end-to-end tests: Debian's browser, nothing
 * leaving the machine, a page signed in as a person would, and workbooks
 * written to files the way a clerk saves them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { layoutWorkbook, type LayoutOptions, type LayoutUnit, type Row, type TemplateId } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { base } from './api.ts';

export const shots = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(shots, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'pane-files-'));

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What a test serves in place of one of the pane's own files (by path): another body, or a status such as 404. */
export type Replace = Record<string, { body?: string; status?: number }>;

/**
 * A page of the pane at `path`; requests off this machine are refused (Office.js's CDN included) unless `offsite`
 * answers them; `replace` answers for some of the pane's own files.
 */
export async function openPage(browser: Browser, opts: { path?: string; width?: number; offsite?: Parameters<Page['route']>[1]; replace?: Replace; init?: string } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1100, height: 900 }, acceptDownloads: true });
  // What the host gives the page before any of its scripts run (WPS's `window.Application`).
  if (opts.init) await page.addInitScript(opts.init);
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') {
      const r = opts.replace?.[url.pathname];
      return r ? route.fulfill({ status: r.status ?? 200, contentType: 'text/javascript', body: r.body ?? '' }) : route.continue();
    }
    return opts.offsite ? opts.offsite(route, route.request()) : route.abort();
  });
  // The pane must never fall back on the browser's own dialogs (Office blocks them): each is recorded and dismissed.
  const seen: string[] = [];
  browserDialogs.set(page, seen);
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${base()}${opts.path ?? '/'}`);
  return page;
}

/** The browser's own dialogs (alert, confirm) a page opened: always none. */
export const browserDialogs = new WeakMap<Page, string[]>();

export const status = (page: Page) => page.getByRole('status').textContent();

export async function signIn(page: Page, token: string, year?: number) {
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => status(page)).toContain('已登录');
  if (year !== undefined) {
    await page.getByLabel('报告年度').selectOption(String(year));
    await expect.poll(() => status(page)).toContain(`已切换到 ${year}年`);
  }
}

/** Opens the pane and signs in. */
export async function open(browser: Browser, token: string, year?: number, width?: number): Promise<Page> {
  const page = await openPage(browser, { width });
  await signIn(page, token, year);
  return page;
}

/** A filled workbook saved to a file: only the templates given, as a clerk's own copy would hold them. */
export function workbookFile(name: string, year: number, unit: LayoutUnit, rows: Partial<Record<TemplateId, Row[]>>): string {
  const opts = Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, { rows: r } satisfies LayoutOptions]));
  const sheets = layoutWorkbook(year, unit, opts).filter((s) => rows[s.template as TemplateId]);
  const file = join(dir, name);
  writeFileSync(file, writeXlsx(sheets));
  return file;
}

/** A fake host for the browser (tests/fakes/*-browser.ts), bundled once. */
const bundles = new Map<string, string>();
function bundled(entry: string): string {
  let text = bundles.get(entry);
  if (text === undefined) {
    text = buildSync({ entryPoints: [entry], bundle: true, format: 'iife', target: 'es2020', write: false, logLevel: 'error' }).outputFiles[0]!.text;
    bundles.set(entry, text);
  }
  return text;
}

/**
 * The pane as Excel shows it: the real taskpane.html and app.js, with the
 * fake Excel (tests/fakes) answering in place of Office.js from the CDN.
 * `window.fakeExcel` holds the workbook for the test to look into.
 */
export async function openInExcel(browser: Browser, opts: { platform?: string; supported?: string[]; width?: number; replace?: Replace } = {}): Promise<Page> {
  const script = bundled('tests/fakes/office-browser.ts');
  const options = JSON.stringify({ platform: opts.platform, supported: opts.supported });
  const page = await openPage(browser, {
    path: '/taskpane.html',
    width: opts.width ?? 360,
    ...(opts.replace ? { replace: opts.replace } : {}),
    offsite: (route, request) =>
      new URL(request.url()).hostname === 'appsforoffice.microsoft.com'
        ? route.fulfill({ contentType: 'text/javascript', body: `window.fakeOfficeOptions=${options};\n${script}` })
        : route.abort(),
  });
  return page;
}

/**
 * The pane as WPS 表格 shows it: the page the ribbon opens (/wps/taskpane.html),
 * with the fake WPS's `Application` there before the page's scripts run, as WPS
 * gives it to its add-in pages. `window.fakeEt` holds the workbook.
 */
export async function openInWps(browser: Browser, opts: { width?: number; replace?: Replace; path?: string } = {}): Promise<Page> {
  return openPage(browser, {
    path: opts.path ?? '/wps/taskpane.html',
    width: opts.width ?? 360,
    ...(opts.replace ? { replace: opts.replace } : {}),
    init: bundled('tests/fakes/wps-browser.ts'),
  });
}
