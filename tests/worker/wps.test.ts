/** The worker serves the WPS 表格 add-in's files, each naming the origin it was asked on (worker/wps-addin.ts). */
import { describe, expect, it } from 'vitest';
import { worker } from './helpers.ts';

const get = (url: string) => worker.fetch(new Request(url));

describe('GET /wps/… (the WPS add-in, online mode)', () => {
  it('names the origin of the request in jsplugins.xml, the ribbon and its script', async () => {
    for (const origin of ['https://report.example.org', 'http://10.1.2.3:8787']) {
      const list = await get(`${origin}/wps/jsplugins.xml`);
      expect(list.status).toBe(200);
      expect(list.headers.get('content-type')).toContain('xml');
      expect(await list.text()).toContain(`url="${origin}/wps/"`);
      expect(await (await get(`${origin}/wps/ribbon.xml`)).text()).toContain(`服务器 ${origin}`);
      const script = await get(`${origin}/wps/main.js`);
      expect(script.headers.get('content-type')).toContain('javascript');
      expect(await script.text()).toContain(`"${origin}/wps/taskpane.html"`);
    }
  });

  it("serves the add-in's hidden page at the folder and as index.html, never from a cache", async () => {
    for (const path of ['/wps/', '/wps/index.html']) {
      const res = await get(`https://report.example.org${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<script src="main.js"></script>');
    }
  });

  it('answers only for its own files', async () => {
    expect((await get('https://report.example.org/wps/other.xml')).status).toBe(404);
  });
});
