import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoReport, rng } from '../../scripts/demo.ts';
import { ADMIN, call, count, createToken, createUnit, makeCity, openYear, uploadAll, type City } from './helpers.ts';

const YEAR = 2028;
let city: City;
beforeAll(async () => {
  city = await makeCity(YEAR);
  await openYear(YEAR - 1);
  const random = rng(3);
  for (const org of ['union', 'women', 'youth'] as const) {
    const code = await createUnit(org, { districtCode: '451302' });
    const u = { code, name: code, org, district: '兴宾区', districtCode: '451302' };
    const last = demoReport(u, YEAR - 1, random);
    await uploadAll(ADMIN, YEAR - 1, code, last);
    const r1 = await uploadAll(ADMIN, YEAR, code, demoReport(u, YEAR, random, last));
    // A second revision and a review, so that the archive has history to keep.
    await uploadAll(ADMIN, YEAR, code, { awards: [] });
    const st = await createToken('statistician');
    await call(`/submissions/${r1.body.submissions[0].id}/review`, { token: st.token, body: { action: 'return', comment: '请核实会员数' } });
  }
});

async function exportYear() {
  const res = await call(`/export/${YEAR}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  return res.body as string;
}

const importArchive = (text: string, token: string = ADMIN) => call('/import', { token, raw: text, headers: { 'content-type': 'application/x-ndjson' } });

describe('GET /export/{year} → wipe → POST /import', () => {
  it('restores the year exactly: the consolidated output is identical', async () => {
    const before = (await call(`/consolidated/${YEAR}`)).body;
    const archive = await exportYear();
    const lines = archive.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'archive', version: 1, year: YEAR });
    // The year's edition travels with it (2028: the 2026 edition, 表5 included).
    expect(lines.find((l) => l.type === 'period')).toMatchObject({ year: YEAR, edition: '2026' });
    expect(lines.some((l) => l.type === 'submission' && l.template === 'services')).toBe(true);
    expect(lines.filter((l) => l.type === 'review')).toHaveLength(3);
    const history = (await call(`/submissions?year=${YEAR}&history=1&limit=1000`)).body.submissions;
    expect(lines.filter((l) => l.type === 'submission')).toHaveLength(history.length);

    await env.DB.batch([
      env.DB.prepare('DELETE FROM reviews WHERE submission IN (SELECT id FROM submissions WHERE year = ?1)').bind(YEAR),
      env.DB.prepare('DELETE FROM submissions WHERE year = ?1').bind(YEAR),
    ]);
    expect((await call(`/consolidated/${YEAR}`)).body.sheets.members.rows.at(-1).values.members_total).toBeNull();

    const res = await importArchive(archive);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: YEAR, submissions: history.length, reviews: 3 });
    const after = (await call(`/consolidated/${YEAR}`)).body;
    expect({ ...after, generatedAt: null }).toEqual({ ...before, generatedAt: null });
    expect((await call(`/submissions?year=${YEAR}&history=1&limit=1000`)).body.submissions).toEqual(history);
  });

  it('refuses to import over a year that has submissions, and changes nothing', async () => {
    const archive = await exportYear();
    const n = await count('submissions');
    const res = await importArchive(archive);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(await count('submissions')).toBe(n);
  });

  it('refuses malformed archives, wrong content types and non-admins', async () => {
    expect((await importArchive('{"type":"unit"}\n')).status).toBe(422);
    expect((await importArchive('not json\n')).status).toBe(400);
    expect((await call('/import', { raw: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(415);
    expect((await importArchive('{}', city.statistician)).status).toBe(403);
    expect((await call(`/export/${YEAR}`, { token: city.statistician })).status).toBe(403);
    expect((await call('/export/2099')).status).toBe(404);
  });
});
