/**
 * boot.js must run where app.js cannot: in Internet Explorer 11 (Trident),
 * which "doesn't support JavaScript versions later than ES5" ("Browsers and
 * webview controls used by Office Add-ins"). It is parsed here with an
 * ES5-only parser; its behaviour in a page is tested in tests/e2e/pane-hosts.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (f: string) => readFileSync(`${root}${f}`, 'utf8');
const es5 = (code: string) => parse(code, { ecmaVersion: 5, sourceType: 'script' });

describe('boot.js, the ES5 script before app.js', () => {
  it('is ES5 syntax only (an ES5 parser refuses later syntax)', () => {
    expect(() => es5('let a = 1;')).toThrow();
    expect(() => es5('var f = () => 1;')).toThrow();
    expect(() => es5('var o = { ...p };')).toThrow();
    expect(() => es5(read('addin/boot.js'))).not.toThrow();
  });

  it('is loaded by both pages before app.js, and not deferred, so that it listens before app.js is parsed', () => {
    for (const page of ['addin/taskpane.html', 'addin/index.html']) {
      const html = read(page);
      const boot = html.indexOf('<script src="/boot.js"></script>');
      expect(boot, page).toBeGreaterThan(-1);
      expect(boot, page).toBeLessThan(html.indexOf('<script src="/app.js"'));
    }
    // In the Excel page it also comes before Office.js, whose load can take a while.
    const pane = read('addin/taskpane.html');
    expect(pane.indexOf('/boot.js')).toBeLessThan(pane.indexOf('office.js'));
  });

  it('reads the flag app.js sets at the end of its run', () => {
    expect(read('addin/boot.js')).toContain('window.quntuanPaneStarted === true');
    expect(read('addin/main.tsx')).toMatch(/quntuanPaneStarted = true;\s*$/);
  });
});
