/**
 * A corpus of bad input sent to every endpoint that takes a body: each gets a
 * 4xx with the contract's error body, none a 500, and nothing is stored.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { report } from '../shared/fixtures.ts';
import { call, makeCity, upload, type City } from './helpers.ts';

let city: City;
let submission = '';
beforeAll(async () => {
  city = await makeCity(2024);
  submission = (await upload(city.clerkWomen, 2024, city.women, 'awards', [])).body.id;
});

interface Target {
  name: string;
  method: string;
  path: () => string;
  /** A valid body to corrupt. */
  valid: () => Record<string, unknown>;
  /** A field with a strict type or format, to put wrong values into. */
  strict: string;
}

const members = () => report('women').members;
const TARGETS: Target[] = [
  { name: 'POST /units', method: 'POST', path: () => '/units', valid: () => ({ code: 'NEW-UNIT', name: '新单位', org: 'arts', district: '兴宾区' }), strict: 'org' },
  { name: 'PATCH /units/{code}', method: 'PATCH', path: () => `/units/${city.women}`, valid: () => ({ name: '兴宾区妇联' }), strict: 'active' },
  { name: 'POST /tokens', method: 'POST', path: () => '/tokens', valid: () => ({ role: 'clerk', unit: city.women }), strict: 'role' },
  { name: 'PUT /periods/{year}', method: 'PUT', path: () => '/periods/2030', valid: () => ({ status: 'open' }), strict: 'status' },
  { name: 'POST /submissions', method: 'POST', path: () => '/submissions', valid: () => ({ year: 2024, unit: city.women, template: 'members', rows: members() }), strict: 'year' },
  {
    name: 'POST /submissions/batch',
    method: 'POST',
    path: () => '/submissions/batch',
    valid: () => ({ year: 2024, unit: city.women, submissions: [{ template: 'members', rows: members() }] }),
    strict: 'year',
  },
  { name: 'POST /submissions/{id}/review', method: 'POST', path: () => `/submissions/${submission}/review`, valid: () => ({ action: 'return', comment: '请核实' }), strict: 'action' },
];

/** Bodies that must be refused: [what, body text, content type]. */
function corpus(t: Target): [string, string, string][] {
  const v = t.valid();
  const json = 'application/json';
  const key = t.strict;
  const text = JSON.stringify(v);
  return [
    ['malformed JSON', '{"year": 2024, "unit": ', json],
    ['truncated JSON', text.slice(0, Math.floor(text.length / 2)), json],
    ['not JSON at all', 'year=2024&unit=x', json],
    ['empty body', '', json],
    ['NaN literal', text.replace(/}$/, ', "n": NaN}'), json],
    ['text/plain', text, 'text/plain'],
    ['form encoding', 'a=1', 'application/x-www-form-urlencoded'],
    ['multipart', '--x\r\n\r\n--x--', 'multipart/form-data; boundary=x'],
    ['XML', '<year>2024</year>', 'application/xml'],
    ['deeply nested JSON', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, json],
    ['deeply nested object', `{"${key}":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`, json],
    ['an array instead of an object', JSON.stringify([v]), json],
    ['a string instead of an object', JSON.stringify('x'), json],
    ['null', 'null', json],
    ['unknown key', JSON.stringify({ ...v, injected: true }), json],
    ['a number as a string', JSON.stringify({ ...v, [key]: '2024' }), json],
    ['full-width digits', JSON.stringify({ ...v, [key]: '２０２４' }), json],
    ['1e309 (Infinity)', text.replace(/}$/, ', "year": 1e309}'), json],
    ['-0 where a year goes', JSON.stringify({ ...v, year: -0 }), json],
    ['SQL in a code', JSON.stringify({ ...v, [key]: "'; DROP TABLE units; --" }), json],
    ['HTML in a code', JSON.stringify({ ...v, [key]: '<script>alert(1)</script>' }), json],
    ['a control character in text', JSON.stringify({ ...v, [key]: 'a\u0000b', name: '兴宾\u0007区', comment: 'x\u001bq', label: 'l\u0000' }), json],
    ['a lone surrogate in text', `{"${key}":"\\ud800x","name":"\\udc00","comment":"\\ud800","label":"\\ud800"}`, json],
    ['a huge array', JSON.stringify({ ...v, rows: Array.from({ length: 10_001 }, () => ({})), submissions: Array.from({ length: 10_001 }, () => ({})) }), json],
  ];
}

async function stored() {
  const tables = ['units', 'tokens', 'submissions', 'reviews', 'periods'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${t}`).first<{ n: number }>())!.n;
  const women = await env.DB.prepare('SELECT name FROM units WHERE code = ?1').bind(city.women).first<{ name: string }>();
  return { ...out, name: women!.name };
}

describe('bad input is refused with a 4xx and changes nothing', () => {
  for (const t of TARGETS) {
    it(t.name, async () => {
      const before = await stored();
      for (const [what, body, type] of corpus(t)) {
        const res = await call(t.path(), { method: t.method, raw: body, headers: { 'content-type': type } });
        expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
        expect(res.body?.error?.code, what).toEqual(expect.any(String));
        expect(res.body.error.message, what).toMatch(/[\u4e00-\u9fff]/);
        expect(JSON.stringify(res.body), what).not.toMatch(/at .*\.ts:\d+|Error:|stack/i);
      }
      // Over 2 MiB is refused from its declared length, before the body is read.
      const big = await call(t.path(), { method: t.method, raw: 'x'.repeat(2 * 1024 * 1024 + 1), headers: { 'content-type': 'application/json' } });
      expect(big.status).toBe(413);
      expect(await stored()).toEqual(before);
    });
  }

  it('refuses a body streamed without a length once it passes 2 MiB', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(ctl) {
        if (sent++ > 40) ctl.close();
        else ctl.enqueue(chunk);
      },
    });
    const res = await call('/submissions', { method: 'POST', raw: stream as unknown as BodyInit, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    expect(res.status).toBe(413);
  });

  it('stores SQL and markup in free text verbatim, as text', async () => {
    const name = `'); DROP TABLE units; -- <img src=x onerror=alert(1)>`;
    const res = await call('/units', { body: { code: 'XSS-SQL-1', name, org: 'arts', district: '<b>兴宾区</b>' } });
    expect(res.status).toBe(201);
    expect((await call('/units?limit=1000')).body.units.find((u: { code: string }) => u.code === 'XSS-SQL-1').name).toBe(name);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM units').first<{ n: number }>())!.n).toBeGreaterThan(1);
  });
});
