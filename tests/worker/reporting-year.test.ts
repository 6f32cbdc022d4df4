/**
 * The reporting year in workerd with D1 and R2 (reporting-year.md): a closed
 * year is published and never moves; corrections publish new versions with
 * exactly what changed; reopening and closing again publishes only a change;
 * trace explains figures; a database from before the migration keeps its
 * figures.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../shared/index.ts';
import { demoReport, rng, type Report } from '../../scripts/demo.ts';
import { ADMIN, call, createToken, createUnit, openYear, raw, upload, uploadAll } from './helpers.ts';

const LAST = 2033;
const YEAR = 2034;
const random = rng(13);
const codes: string[] = [];
const reports = new Map<string, Report>();
let statistician = '';
let gone = '';
let fresh = '';

/** 表3 rows different from what a unit reported, so that uploading them makes a new revision. */
function otherAwards(code: string): Row[] {
  const mine = reports.get(code)?.awards ?? [];
  return mine.length ? [] : [{ name: '三八红旗手', level: 'city', recipient_type: 'individual', recipient: '韦丽', gender: 'female', grantor: '合山市妇联', award_date: `${YEAR}-03` }];
}

const close = (year: number, body: object = {}) => call(`/periods/${year}`, { method: 'PUT', body: { status: 'closed', ...body } });
const reopen = (year: number) => call(`/periods/${year}`, { method: 'PUT', body: { status: 'open' } });

beforeAll(async () => {
  await openYear(LAST, `${LAST + 1}-03-31`);
  await openYear(YEAR, `${YEAR + 1}-03-31`);
  statistician = (await createToken('statistician')).token;
  for (const [i, org] of (['union', 'women', 'women', 'youth'] as const).entries()) {
    const code = await createUnit(org, { districtCode: `45130${i}` });
    codes.push(code);
    const u = { code, name: `${code}单位`, org, district: '兴宾区', districtCode: `45130${i}` };
    const last = demoReport(u, LAST, random);
    expect((await uploadAll(ADMIN, LAST, code, last)).status).toBe(201);
    const now = demoReport(u, YEAR, random, last);
    reports.set(code, now);
    expect((await uploadAll(ADMIN, YEAR, code, now)).status).toBe(201);
  }
  // A unit counted last year and gone this year, and one new this year.
  gone = await createUnit('arts');
  expect((await uploadAll(ADMIN, LAST, gone, demoReport({ code: gone, name: gone, org: 'arts', district: '兴宾区', districtCode: '451398' }, LAST, random))).status).toBe(201);
  expect((await call(`/units/${gone}`, { method: 'PATCH', body: { active: false } })).status).toBe(200);
  fresh = await createUnit('science');
  const freshReport = demoReport({ code: fresh, name: fresh, org: 'science', district: '兴宾区', districtCode: '451399' }, YEAR, random);
  reports.set(fresh, freshReport);
  expect((await uploadAll(ADMIN, YEAR, fresh, freshReport)).status).toBe(201);
  expect((await close(LAST)).status).toBe(200);
});

describe('closing a year publishes it, and a published figure never moves', () => {
  let json = '';
  let xlsx: Uint8Array;
  beforeAll(async () => {
    expect((await close(YEAR)).status).toBe(200);
    json = (await raw(`/consolidated/${YEAR}`)).text;
    xlsx = (await raw(`/consolidated/${YEAR}/workbook.xlsx`)).bytes;
  });

  it('answers version 1 with its checksum, publication time as generatedAt, and a comparable 上年 from last year\'s version', async () => {
    const c = JSON.parse(json);
    expect(c.published).toEqual({ version: 1, publishedAt: expect.any(String), checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(c.generatedAt).toBe(c.published.publishedAt);
    expect(c.scope).toEqual({ newUnits: [fresh], goneUnits: [gone] });
    const total = c.sheets.members.rows.at(-1);
    expect(total.coverage).toEqual({ reported: 5, expected: 5 });
    expect(total.previousPublished).not.toBeNull();
    // The published 上年 total of last year holds the gone unit; the comparable 上年 does not.
    expect(total.previousPublished.members_total).toBeGreaterThan(total.previous.members_total);
    const versions = (await call(`/consolidated/${YEAR}/versions`, { token: statistician })).body.versions;
    expect(versions).toEqual([{ version: 1, publishedAt: c.published.publishedAt, checksum: c.published.checksum, reason: null, changes: [] }]);
  });

  it('stays byte-identical, JSON and workbook, after units are renamed, moved, deactivated and added; so do progress, roster and trace', async () => {
    const progress = (await call(`/progress/${YEAR}`)).body;
    const roster = (await call(`/periods/${YEAR}/roster`, { token: statistician })).body;
    const traced = (await call(`/consolidated/${YEAR}/trace?template=members&key=members_total&row=subtotal:women`)).body;
    expect((await call(`/units/${codes[1]}`, { method: 'PATCH', body: { name: '改名后的妇联', district: '象州县', districtCode: '451322' } })).status).toBe(200);
    expect((await call(`/units/${codes[0]}`, { method: 'PATCH', body: { active: false } })).status).toBe(200);
    await createUnit('family');
    expect((await raw(`/consolidated/${YEAR}`)).text).toBe(json);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx`)).bytes).toEqual(xlsx);
    expect((await call(`/progress/${YEAR}`)).body).toEqual(progress);
    expect((await call(`/periods/${YEAR}/roster`, { token: statistician })).body).toEqual(roster);
    expect((await call(`/consolidated/${YEAR}/trace?template=members&key=members_total&row=subtotal:women`)).body).toEqual(traced);
    expect(roster.units.map((u: { code: string }) => u.code).sort()).toEqual([...codes, fresh].sort());
  });

  it('refuses a new deadline for a closed year, and uploads and reviews', async () => {
    const res = await close(YEAR, { deadline: '2099-01-01' });
    expect(res.status).toBe(409);
    expect((await close(YEAR)).status).toBe(200);
    expect((await upload(ADMIN, YEAR, codes[2]!, 'awards', [])).status).toBe(409);
  });

  it('explains a total: contributions add up to it exactly, each naming its revision; a rate gives its parts', async () => {
    const c = JSON.parse(json);
    const t = (await call(`/consolidated/${YEAR}/trace?template=funding&key=income_total&row=total`, { token: statistician })).body;
    expect(t.value).toBe(c.sheets.funding.rows.at(-1).values.income_total);
    expect(t.contributions.reduce((a: number, x: { value: number }) => a + Math.round(x.value * 100), 0)).toBe(Math.round(t.value * 100));
    expect(t.contributions.every((x: { submissionId: string; revision: number }) => x.submissionId && x.revision === 1)).toBe(true);
    const rate = (await call(`/consolidated/${YEAR}/trace?template=members&key=female_share&row=total`)).body;
    expect(rate.value).toBe(c.sheets.members.rows.at(-1).values.female_share);
    expect(rate.numerator.key).toBe('members_female');
    for (const bad of ['template=nope&key=x&row=total', 'template=members&key=nope&row=total', 'template=members&key=members_total&row=subtotal:arts', 'template=members&key=members_total&row=area:X']) {
      const res = await call(`/consolidated/${YEAR}/trace?${bad}`);
      expect(res.status, bad).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await call(`/consolidated/${YEAR}/trace?template=members&key=members_total&row=total`, { token: (await createToken('clerk', codes[2]!)).token })).status).toBe(403);
  });
});

describe('corrections (更正)', () => {
  let clerk = '';
  let id = '';
  let v1 = '';
  const unit = () => codes[2]!;
  beforeAll(async () => {
    clerk = (await createToken('clerk', unit())).token;
    v1 = (await raw(`/consolidated/${YEAR}`)).text;
  });

  it('are opened by an admin on a closed year, for a unit of its roster, with a reason; one at a time per unit', async () => {
    expect((await call(`/periods/2099/corrections`, { body: { unit: unit(), templates: ['trainings'], reason: 'x' } })).status).toBe(404);
    await openYear(2098);
    expect((await call(`/periods/2098/corrections`, { body: { unit: unit(), templates: ['trainings'], reason: '台账有误' } })).status).toBe(409);
    expect((await call(`/periods/${YEAR}/corrections`, { body: { unit: unit(), templates: ['trainings'], reason: '  ' } })).status).toBe(422);
    const stranger = await createUnit('arts');
    expect((await call(`/periods/${YEAR}/corrections`, { body: { unit: stranger, templates: ['trainings'], reason: '台账有误' } })).status).toBe(422);
    expect((await call(`/periods/${YEAR}/corrections`, { token: statistician, body: { unit: unit(), templates: ['trainings'], reason: '台账有误' } })).status).toBe(403);
    const res = await call(`/periods/${YEAR}/corrections`, { body: { unit: unit(), templates: ['trainings'], reason: '培训人次录入有误，按台账更正' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ year: YEAR, unit: unit(), templates: ['trainings'], status: 'open', version: null, closedAt: null });
    id = res.body.id;
    expect((await call(`/periods/${YEAR}/corrections`, { body: { unit: unit(), templates: ['awards'], reason: '再开一次' } })).status).toBe(409);
    // A year with a correction under way is not reopened whole.
    expect((await reopen(YEAR)).status).toBe(409);
    const listed = (await call(`/periods/${YEAR}/corrections`, { token: clerk })).body.corrections;
    expect(listed.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('let that unit upload those templates only; statisticians review them', async () => {
    const fixed: Row[] = reports.get(unit())!.trainings!.map((r, i) => (i === 0 ? { ...r, trainees: (r.trainees as number) + 10 } : r));
    expect((await upload(clerk, YEAR, unit(), 'awards', reports.get(unit())!.awards!)).status).toBe(409);
    const other = (await createToken('clerk', codes[3]!)).token;
    expect((await upload(other, YEAR, codes[3]!, 'trainings', reports.get(codes[3]!)!.trainings!)).status).toBe(409);
    const mixed = await uploadAll(clerk, YEAR, unit(), { trainings: fixed, awards: reports.get(unit())!.awards });
    expect(mixed.status).toBe(409);
    expect(mixed.body.error.message).toContain('更正只开放了表2 培训');
    const res = await upload(clerk, YEAR, unit(), 'trainings', fixed, { explanation: '按台账更正' });
    expect([201]).toContain(res.status);
    expect(res.body.revision).toBe(2);
    expect((await call(`/submissions/${res.body.id}/review`, { token: statistician, body: { action: 'accept' } })).status).toBe(200);
    // Until the correction is closed, the published figures do not move.
    expect((await raw(`/consolidated/${YEAR}`)).text).toBe(v1);
  });

  it('publish version 2 on close with exactly the changed revisions; version 1 still answers its bytes', async () => {
    const res = await call(`/periods/${YEAR}/corrections/${id}/close`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.correction).toMatchObject({ id, status: 'closed', version: 2 });
    expect(res.body.version).toMatchObject({ version: 2, reason: '培训人次录入有误，按台账更正', changes: [{ unit: unit(), template: 'trainings', from: 1, to: 2 }] });
    const now = JSON.parse((await raw(`/consolidated/${YEAR}`)).text);
    expect(now.published.version).toBe(2);
    expect(now.published.checksum).not.toBe(JSON.parse(v1).published.checksum);
    expect((await raw(`/consolidated/${YEAR}?version=1`)).text).toBe(v1);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx?version=1`)).status).toBe(200);
    expect((await call(`/consolidated/${YEAR}?version=9`)).status).toBe(404);
    const t = (await call(`/consolidated/${YEAR}/trace?template=trainings&key=trainees&row=unit:${unit()}`)).body;
    expect(t.contributions[0].revision).toBe(2);
    const t1 = (await call(`/consolidated/${YEAR}/trace?template=trainings&key=trainees&row=unit:${unit()}&version=1`)).body;
    expect(t1.contributions[0].revision).toBe(1);
    expect(t.value - t1.value).toBe(10);
    expect((await call(`/periods/${YEAR}/corrections/${id}/close`, { method: 'POST' })).status).toBe(409);
    expect((await upload(clerk, YEAR, unit(), 'trainings', reports.get(unit())!.trainings!)).status).toBe(409);
  });

  it('make no version when nothing changed; two open at once never publish each other\'s uploads', async () => {
    const a = (await call(`/periods/${YEAR}/corrections`, { body: { unit: codes[3]!, templates: ['awards'], reason: '核对表彰' } })).body;
    const none = await call(`/periods/${YEAR}/corrections/${a.id}/close`, { method: 'POST' });
    expect(none.body).toMatchObject({ correction: { status: 'closed', version: null }, version: null });
    const x = (await call(`/periods/${YEAR}/corrections`, { body: { unit: codes[3]!, templates: ['awards'], reason: '补报表彰' } })).body;
    const y = (await call(`/periods/${YEAR}/corrections`, { body: { unit: fresh, templates: ['awards'], reason: '补报表彰' } })).body;
    expect((await upload(ADMIN, YEAR, codes[3]!, 'awards', otherAwards(codes[3]!))).status).toBe(201);
    expect((await upload(ADMIN, YEAR, fresh, 'awards', otherAwards(fresh))).status).toBe(201);
    const closedX = await call(`/periods/${YEAR}/corrections/${x.id}/close`, { method: 'POST' });
    expect(closedX.body.version.changes).toEqual([{ unit: codes[3]!, template: 'awards', from: 1, to: 2 }]);
    const t = (await call(`/consolidated/${YEAR}/trace?template=awards&key=total_collective&row=unit:${fresh}`)).body;
    expect(t.contributions.map((c: { revision: number }) => c.revision)).toEqual(t.value === null ? [] : [1]);
    const closedY = await call(`/periods/${YEAR}/corrections/${y.id}/close`, { method: 'POST' });
    expect(closedY.body.version).toMatchObject({ version: 4, changes: [{ unit: fresh, template: 'awards', from: 1, to: 2 }] });
  });

  it('reopening and closing again publishes a new version only when the figures changed', async () => {
    // Reopened, the year is live again (with its roster as it is now: units were renamed and added above).
    expect((await reopen(YEAR)).status).toBe(200);
    expect((await call(`/consolidated/${YEAR}`)).body.published).toBeNull();
    expect((await close(YEAR)).status).toBe(200);
    const before = (await call(`/consolidated/${YEAR}/versions`)).body.versions.length;
    // Nothing changed since: closing again publishes nothing.
    expect((await reopen(YEAR)).status).toBe(200);
    expect((await close(YEAR)).status).toBe(200);
    expect((await call(`/consolidated/${YEAR}/versions`)).body.versions).toHaveLength(before);
    expect((await reopen(YEAR)).status).toBe(200);
    expect((await upload(ADMIN, YEAR, codes[2]!, 'awards', otherAwards(codes[2]!))).status).toBe(201);
    expect((await close(YEAR)).status).toBe(200);
    const versions = (await call(`/consolidated/${YEAR}/versions`)).body.versions;
    expect(versions).toHaveLength(before + 1);
    expect(versions[0]).toMatchObject({ version: before + 1, reason: '重新开放后关闭', changes: [{ unit: codes[2]!, template: 'awards', from: 1, to: 2 }] });
    expect(versions.map((v: { version: number }) => v.version)).toEqual([...Array(before + 1).keys()].map((i) => before + 1 - i));
  });
});

describe('the archive of a published year', () => {
  it('carries the roster, every version and the corrections, and restores them to the same bytes', async () => {
    const json = (await raw(`/consolidated/${YEAR}`)).text;
    const v1 = (await raw(`/consolidated/${YEAR}?version=1`)).text;
    const xlsx = (await raw(`/consolidated/${YEAR}/workbook.xlsx`)).bytes;
    const versions = (await call(`/consolidated/${YEAR}/versions`)).body;
    const corrections = (await call(`/periods/${YEAR}/corrections`)).body;
    const roster = (await call(`/periods/${YEAR}/roster`)).body;
    const archive = (await raw(`/export/${YEAR}`)).text;
    const types = new Set(archive.trim().split('\n').map((l) => JSON.parse(l).type));
    for (const t of ['publication', 'rosterUnit', 'entry', 'previousEntry', 'change', 'correction']) expect(types, t).toContain(t);
    // Wipe the year: its revisions, reviews, versions, corrections and stored bodies.
    await env.DB.batch([
      env.DB.prepare('DELETE FROM reviews WHERE submission IN (SELECT id FROM submissions WHERE year = ?1)').bind(YEAR),
      env.DB.prepare('DELETE FROM submissions WHERE year = ?1').bind(YEAR),
      ...['publications', 'publication_roster', 'publication_entries', 'publication_previous', 'publication_changes', 'corrections'].map((t) => env.DB.prepare(`DELETE FROM ${t} WHERE year = ?1`).bind(YEAR)),
    ]);
    const listed = await env.PUBLISHED.list({ prefix: `consolidated/${YEAR}/` });
    await env.PUBLISHED.delete(listed.objects.map((o) => o.key));
    const res = await call('/import', { raw: archive, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status).toBe(200);
    expect((await raw(`/consolidated/${YEAR}`)).text).toBe(json);
    expect((await raw(`/consolidated/${YEAR}?version=1`)).text).toBe(v1);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx`)).bytes).toEqual(xlsx);
    expect((await call(`/consolidated/${YEAR}/versions`)).body).toEqual(versions);
    expect((await call(`/periods/${YEAR}/corrections`)).body).toEqual(corrections);
    expect((await call(`/periods/${YEAR}/roster`)).body).toEqual(roster);
  });
});

describe('a database from before versions existed', () => {
  it('publishes its closed years as version 1 and keeps their figures', async () => {
    const OLD = 2036;
    await openYear(OLD);
    const u = await createUnit('women');
    const r = demoReport({ code: u, name: u, org: 'women', district: '兴宾区', districtCode: '451397' }, OLD, random);
    expect((await uploadAll(ADMIN, OLD, u, r)).status).toBe(201);
    const live = (await call(`/consolidated/${OLD}`)).body;
    // As an older deployment closed a year: the period's status only.
    await env.DB.prepare("UPDATE periods SET status = 'closed' WHERE year = ?1").bind(OLD).run();
    // The data statements of the migrations since, as applying them to that database runs them (the tables exist already here).
    for (const name of ['0004', '0005']) {
      const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith(name))!;
      for (const q of migration.queries.filter((x) => /\b(INSERT INTO|UPDATE) publication/.test(x) && !/\bCREATE\b/.test(x))) await env.DB.prepare(q).run();
    }
    const after = (await call(`/consolidated/${OLD}`)).body;
    expect(after.published).toMatchObject({ version: 1 });
    expect(after.sheets).toEqual(live.sheets);
    expect((await raw(`/consolidated/${OLD}`)).text).toBe((await raw(`/consolidated/${OLD}`)).text);
  });
});

describe('who may read', () => {
  it('keeps versions, roster and trace to statisticians and admins', async () => {
    const clerk = (await createToken('clerk', codes[2]!)).token;
    for (const path of [`/consolidated/${YEAR}/versions`, `/periods/${YEAR}/roster`]) expect((await call(path, { token: clerk })).status, path).toBe(403);
  });
});

describe('closing a large year', () => {
  /** D1 as the worker sees it, counting every statement run (alone or in a batch): a Worker invocation may run at most 1,000. */
  function counting(db: D1Database) {
    const real = new WeakMap<object, D1PreparedStatement>();
    let n = 0;
    const wrap = (s: D1PreparedStatement): D1PreparedStatement => {
      const p = new Proxy(s, {
        get(t, k) {
          if (k === 'bind') return (...a: unknown[]) => wrap(t.bind(...a));
          const v = Reflect.get(t, k) as unknown;
          if (typeof v !== 'function') return v;
          if (k === 'run' || k === 'all' || k === 'first' || k === 'raw') return (...a: unknown[]) => (n++, (v as (...x: unknown[]) => unknown).apply(t, a));
          return (v as (...x: unknown[]) => unknown).bind(t);
        },
      });
      real.set(p, s);
      return p;
    };
    const proxy = new Proxy(db, {
      get(t, k) {
        if (k === 'prepare') return (q: string) => wrap(t.prepare(q));
        if (k === 'batch') return (stmts: D1PreparedStatement[]) => ((n += stmts.length), t.batch(stmts.map((x) => real.get(x) ?? x)));
        const v = Reflect.get(t, k) as unknown;
        return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(t) : v;
      },
    });
    return { db: proxy, count: () => n };
  }

  /** A year of `n` units, each with four revisions, written straight into D1. */
  async function seedYear(year: number, n: number) {
    const r = demoReport({ code: 'X', name: 'X', org: 'women', district: '兴宾区', districtCode: '451302' }, year, random);
    const { canonicalRows, encodeSums, sumsOf, EDITIONS } = await import('../../shared/index.ts');
    const stmts: D1PreparedStatement[] = [env.DB.prepare("INSERT INTO periods (year, status, deadline, updated_at) VALUES (?1, 'open', NULL, '2026-01-01T00:00:00Z')").bind(year)];
    for (let i = 0; i < n; i++) {
      const code = `BIG${year}-${i}`;
      stmts.push(env.DB.prepare("INSERT INTO units (code, name, org, district, district_code, active, created_at) VALUES (?1, ?2, 'women', '兴宾区', NULL, 1, '2026-01-01')").bind(code, `${code}妇联`));
      for (const t of EDITIONS['2024'].templates) {
        const data = canonicalRows(t, r[t.id]!, 'women');
        stmts.push(
          env.DB
            .prepare("INSERT INTO submissions (id, unit, year, template, revision, status, checksum, rows, data, warnings, created_at, created_by, sums) VALUES (?1, ?2, ?3, ?4, 1, 'submitted', 'x', ?5, ?6, '[]', '2026-01-02', 'seed', ?7)")
            .bind(`${code}-${t.id}`, code, year, t.id, JSON.stringify(r[t.id]), JSON.stringify(data), encodeSums(EDITIONS['2024'], t, sumsOf(t, data, 'women'))),
        );
      }
    }
    for (let i = 0; i < stmts.length; i += 500) await env.DB.batch(stmts.slice(i, i + 500));
  }

  it('runs the same few D1 queries whatever the number of units, far under a Worker invocation’s 1,000', async () => {
    const { closeYear } = await import('../../worker/publish.ts');
    const counts: number[] = [];
    for (const [year, n] of [[2050, 20], [2052, 400]] as const) {
      await seedYear(year, n);
      const c = counting(env.DB);
      await closeYear(c.db, env, year);
      counts.push(c.count());
      const body = JSON.parse((await raw(`/consolidated/${year}`)).text);
      expect(body.published.version).toBe(1);
      expect(body.sheets.members.rows.at(-1).coverage.reported).toBeGreaterThanOrEqual(n);
    }
    expect(counts[0]).toBe(counts[1]);
    // The checksum and both bodies each read the version a template at a time (a read per template and year, one
    // more per 2,000 units: UNIT_PAGE); the benchmark counts them at 20,000 units (docs/PERFORMANCE.md).
    expect(counts[1]).toBeLessThan(80);
  });
});
