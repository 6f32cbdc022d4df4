/**
 * The consolidated JSON as an HTTP client meets it, against `wrangler dev`:
 * gzip where the client accepts it (the bytes on the wire checked, not a
 * client's decoding of them), plain text where it does not, the columnar
 * shape (`?shape=columns`) reading back to the same figures, and a
 * published year answered from its stored, compressed body — the same on
 * every call, in both shapes.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { consolidatedColumnsSchema, consolidatedSchema, EDITIONS, fromColumns } from '../../shared/index.ts';
import { report } from '../shared/fixtures.ts';
import { admin, base, code, http } from './api.ts';

/** A year of the 2024 edition that no other test uses. */
const YEAR = 2007;

/** A GET as it arrives: status, headers and the raw bytes (node:http decodes nothing). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base()}/api/v1${path}`, { headers: { authorization: `Bearer ${admin()}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The body's text however it came: gunzipped when the response says gzip. */
const text = (r: Awaited<ReturnType<typeof raw>>) => (r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.bytes) : r.bytes).toString('utf8');
const withoutTime = (json: string) => json.replace(/"generatedAt":"[^"]*"/g, '"generatedAt":""');

beforeAll(async () => {
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
  for (const [org, name] of [['women', '合山市妇联'], ['union', '合山市总工会']] as const) {
    const unit = code(`HTTP-${org}`);
    const made = await http('POST', '/units', { code: unit, name, org, district: '市本级' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const r = report(org);
    const rows = { ...r, awards: r.awards.map((a) => ({ ...a, award_date: `${YEAR}-05` })) };
    const batch = { year: YEAR, unit, submissions: EDITIONS['2024'].templates.map((t) => ({ template: t.id, rows: rows[t.id]! })) };
    const sent = await http('POST', '/submissions/batch', batch);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  }
});

describe('the consolidated JSON over HTTP', () => {
  it('is gzipped on the wire where the client accepts gzip, plain where it does not, the same text either way', async () => {
    const zipped = await raw(`/consolidated/${YEAR}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    // Really compressed: gzip's magic bytes, and far smaller than the text.
    expect([...zipped.bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const plain = await raw(`/consolidated/${YEAR}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
    expect(withoutTime(text(zipped))).toBe(withoutTime(text(plain)));
    // gzip refused by q=0 is not sent.
    expect((await raw(`/consolidated/${YEAR}`, { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    expect(consolidatedSchema.safeParse(JSON.parse(text(plain))).success).toBe(true);
  });

  it('in columns (?shape=columns) reads back to the same figures, in fewer bytes', async () => {
    const rows = JSON.parse(text(await raw(`/consolidated/${YEAR}`)));
    const colsText = text(await raw(`/consolidated/${YEAR}?shape=columns`, { 'accept-encoding': 'gzip' }));
    const cols = consolidatedColumnsSchema.parse(JSON.parse(colsText));
    expect(cols.shape).toBe('columns');
    const unitRow = cols.sheets.members.rows.find((r) => r.kind === 'unit')!;
    expect(unitRow.values).toHaveLength(cols.sheets.members.columns.length);
    expect({ ...fromColumns(cols), generatedAt: '' }).toEqual({ ...rows, generatedAt: '' });
    expect(colsText.length).toBeLessThan(JSON.stringify(rows).length);
    expect((await raw(`/consolidated/${YEAR}?shape=sideways`)).status).toBe(400);
  });

  it('for a published year is the stored body: gzipped as stored, the same bytes on every call, in both shapes', async () => {
    const live = JSON.parse(text(await raw(`/consolidated/${YEAR}`)));
    expect((await http('PUT', `/periods/${YEAR}`, { status: 'closed' })).status).toBe(200);
    const first = await raw(`/consolidated/${YEAR}`, { 'accept-encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    const again = await raw(`/consolidated/${YEAR}`, { 'accept-encoding': 'gzip' });
    expect(again.bytes.equals(first.bytes)).toBe(true);
    const published = JSON.parse(text(first));
    expect(published.published.version).toBe(1);
    expect(published.sheets).toEqual(live.sheets);
    // A client that does not take gzip gets the same text, unpacked.
    const plain = await raw(`/consolidated/${YEAR}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString('utf8')).toBe(text(first));
    const cols = await raw(`/consolidated/${YEAR}?shape=columns`, { 'accept-encoding': 'gzip' });
    expect((await raw(`/consolidated/${YEAR}?shape=columns`, { 'accept-encoding': 'gzip' })).bytes.equals(cols.bytes)).toBe(true);
    expect(fromColumns(consolidatedColumnsSchema.parse(JSON.parse(text(cols))))).toEqual(published);
  });
});
