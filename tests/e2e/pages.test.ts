/** The worker serves the pane's pages under the names the manifest and the README use. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base } from './api.ts';

describe('the pane pages', () => {
  for (const [path, type] of [
    ['/', 'text/html'],
    ['/index.html', 'text/html'],
    ['/taskpane.html', 'text/html'],
    ['/app.js', 'javascript'],
    ['/pane.css', 'text/css'],
    ['/assets/icon-80.png', 'image/png'],
  ] as const) {
    it(`GET ${path} → 200 ${type}, with the security headers`, async () => {
      const res = await fetch(`${base()}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
      expect(res.headers.get('x-frame-options')).toBeNull();
    });
  }
  it('serves the icons the manifest names without Cache-Control, which would make Office show a generic image', async () => {
    const manifest = readFileSync('manifest.xml', 'utf8');
    const icons = [...new Set([...manifest.matchAll(/https:\/\/localhost:8787(\/assets\/[^"]+\.png)/g)].map((m) => m[1]!))];
    expect(icons.length).toBeGreaterThanOrEqual(4);
    for (const icon of icons) {
      const res = await fetch(`${base()}${icon}`);
      expect(res.status, icon).toBe(200);
      expect(res.headers.get('content-type'), icon).toContain('image/png');
      expect(res.headers.get('cache-control'), icon).toBeNull();
    }
  });
  it('lets Office.js run under the CSP: its CDN for scripts, inline styles for excel-web-16.00.js', async () => {
    const csp = (await fetch(`${base()}/taskpane.html`)).headers.get('content-security-policy')!;
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toContain('https://appsforoffice.microsoft.com');
    expect(directive('style-src')).toContain("'unsafe-inline'");
    expect(directive('script-src')).not.toContain("'unsafe-inline'");
  });
  it('serves boot.js, the ES5 script each page loads first', async () => {
    const res = await fetch(`${base()}/boot.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
  });
  it('loads Office.js only in the Excel page', async () => {
    expect(await (await fetch(`${base()}/taskpane.html`)).text()).toContain('appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(await (await fetch(`${base()}/`)).text()).not.toContain('office.js');
  });
});
