/**
 * Revisions whose stored sums are stale — none (stored before sums were, or
 * imported) or of an older summing — are summed again from their data, this
 * year's and last year's alike, live and in a published version: the figures
 * are those of fresh sums. The reads take stored sums from an index and read
 * a stale revision's data by its id apart (issue 17), so this is the path a
 * fresh city never takes.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoReport, rng } from '../../scripts/demo.ts';
import { ADMIN, call, createUnit, openYear, uploadAll } from './helpers.ts';

const LAST = 2040;
const YEAR = 2041;
const withoutTime = (c: Record<string, unknown>) => ({ ...c, generatedAt: '' });

beforeAll(async () => {
  const random = rng(41);
  await openYear(LAST);
  await openYear(YEAR);
  for (const [i, org] of (['women', 'union', 'youth', 'women', 'science'] as const).entries()) {
    const code = await createUnit(org, { district: '兴宾区', districtCode: '451302' });
    const unit = { code, name: `${code}单位`, org, district: '兴宾区', districtCode: '451302' };
    const last = demoReport(unit, LAST, random);
    const now = demoReport(unit, YEAR, random, last);
    for (const [year, r] of [[LAST, last], [YEAR, now]] as const) {
      const res = await uploadAll(ADMIN, year, code, r, `说明 ${i}`);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }
});

describe('stale stored sums', () => {
  it('are summed again from the data, this year and last year, live and once published', async () => {
    const fresh = (await call(`/consolidated/${YEAR}`)).body;
    expect(fresh.sheets.members.rows.at(-1).coverage.reported).toBe(5);
    // Behind the API's back: some revisions lose their sums, others get an older summing's.
    await env.DB.prepare('UPDATE submissions SET sums = NULL WHERE year IN (?1, ?2) AND template IN (?3, ?4)').bind(LAST, YEAR, 'members', 'trainings').run();
    await env.DB.prepare(`UPDATE submissions SET sums = '{"v":1,"raw":{}}' WHERE year IN (?1, ?2) AND template = ?3`).bind(LAST, YEAR, 'awards').run();
    const stale = (await call(`/consolidated/${YEAR}`)).body;
    expect(withoutTime(stale)).toEqual(withoutTime(fresh));
    // Published: its entries and the last-year revisions it compared with keep the stale sums; the figures do not move.
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
    const published = (await call(`/consolidated/${YEAR}`)).body;
    expect(published.published.version).toBe(1);
    expect(published.sheets).toEqual(fresh.sheets);
  });
});
