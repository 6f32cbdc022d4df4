import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, type Row } from '../../shared/index.ts';
import { funding, members, report, trainings } from '../shared/fixtures.ts';
import { ADMIN, call, count, createToken, createUnit, makeCity, openYear, uniq, upload, uploadAll, type City } from './helpers.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

let city: City;
beforeAll(async () => {
  city = await makeCity(2024);
  await openYear(2023);
});

const receipt = (template: string, unit: string, revision: number) => ({
  id: expect.any(String),
  unit,
  year: 2024,
  template,
  revision,
  status: 'submitted',
  checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
  warnings: [],
  createdAt: expect.any(String),
});

describe('POST /submissions', () => {
  it('stores a valid report as revision 1 → 201 receipt', async () => {
    const unit = await createUnit('women');
    const clerk = await createToken('clerk', unit);
    const res = await upload(clerk.token, 2024, unit, 'members', report('women').members, { signoff: { head: '黄志强', date: '2025-01-15' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(receipt('members', unit, 1));
  });

  it('answers the same content again with 200 and the current revision, without a new one', async () => {
    const unit = await createUnit('women');
    const first = await upload(ADMIN, 2024, unit, 'trainings', trainings());
    // Same content written differently: keys reordered, money as 20.10 vs 20.1, spaces around text.
    const again = trainings().map((r) => Object.fromEntries(Object.entries({ ...r, name: ` ${r.name as string} ` }).reverse()));
    const second = await upload(ADMIN, 2024, unit, 'trainings', again);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await count('submissions', 'unit = ?1', unit)).toBe(1);
  });

  it('makes a new revision for changed content, keeping the earlier one', async () => {
    const unit = await createUnit('women');
    await upload(ADMIN, 2024, unit, 'funding', [funding()]);
    const changed = await upload(ADMIN, 2024, unit, 'funding', [{ ...funding(), inc_other: 0.16, income_total: 129.01, closing: 28.71 }]);
    expect(changed.status).toBe(201);
    expect(changed.body.revision).toBe(2);
    const history = await call(`/submissions?unit=${unit}&history=1`);
    expect(history.body.submissions.map((s: { revision: number }) => s.revision)).toEqual([2, 1]);
    const current = await call(`/submissions?unit=${unit}`);
    expect(current.body.submissions.map((s: { revision: number }) => s.revision)).toEqual([2]);
  });

  it('refuses a report with errors with 422 and every issue, storing nothing', async () => {
    const before = await count('submissions');
    const rows: Row[] = [{ ...members('women'), org_total: 1, staff_full: -1, staff_part: 'x' }];
    const res = await upload(city.clerkWomen, 2024, city.women, 'members', rows);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toBe('报表有 4 处错误，请修改后重新上传');
    expect(res.body.error.issues.map((i: { code: string; field: string }) => [i.code, i.field]).sort()).toEqual([
      ['M1', 'org_total'],
      ['M2', 'org_new'],
      ['type', 'staff_full'],
      ['type', 'staff_part'],
    ]);
    for (const i of res.body.error.issues) expect(i).toMatchObject({ template: 'members', row: null, cell: null, severity: 'error' });
    expect(await count('submissions')).toBe(before);
  });

  it('asks for an explanation when there are warnings, and stores the report once explained', async () => {
    const unit = await createUnit('women');
    const clerk = await createToken('clerk', unit);
    const rows = trainings().map((r) => ({ ...r, trainees: 5, trainees_female: 1, trainees_rural: 1, certified: 1, placed: 1 }));
    const res = await upload(clerk.token, 2024, unit, 'trainings', rows);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('explanation_required');
    expect(res.body.error.issues.map((i: { code: string; row: number }) => [i.code, i.row])).toEqual([
      ['T2', 1],
      ['T2', 2],
    ]);
    expect((await upload(clerk.token, 2024, unit, 'trainings', rows, { explanation: '  ' })).status).toBe(422);
    const ok = await upload(clerk.token, 2024, unit, 'trainings', rows, { explanation: '部分培训为一对一帮扶，人次少于期数' });
    expect(ok.status).toBe(201);
    expect(ok.body.warnings.map((w: { code: string }) => w.code)).toEqual(['T2', 'T2']);
    const detail = await call(`/submissions/${ok.body.id}`, { token: clerk.token });
    expect(detail.body.explanation).toBe('部分培训为一对一帮扶，人次少于期数');
  });

  it("checks M6/M7 against last year's counted revision and F6 against the stored 表2", async () => {
    const unit = await createUnit('women');
    await upload(ADMIN, 2023, unit, 'members', [{ ...members('women'), members_total: 38100, members_new: 2500, members_out: 1100, members_prev: 36700 }]);
    await upload(ADMIN, 2024, unit, 'trainings', trainings().slice(0, 1));
    const m = await upload(ADMIN, 2024, unit, 'members', [members('women')]);
    expect(m.status).toBe(422);
    expect(m.body.error.issues.map((i: { code: string }) => i.code)).toEqual(['M6']);
    const f = await upload(ADMIN, 2024, unit, 'funding', [funding()]);
    expect(f.body.error.issues.map((i: { code: string; message: string }) => [i.code, i.message])).toEqual([
      ['F6', '培训支出 35.20 万元与表2培训经费合计 20.10 万元相差 15.10 万元，请核实'],
    ]);
  });

  it('refuses a clerk of another unit and a statistician with 403, and an unknown unit with 404', async () => {
    const rows = report('women').members;
    expect((await upload(city.clerkUnion, 2024, city.women, 'members', rows)).status).toBe(403);
    const st = await upload(city.statistician, 2024, city.women, 'members', rows);
    expect(st.status).toBe(403);
    expect(st.body.error.code).toBe('forbidden');
    expect((await upload(ADMIN, 2024, 'NO-SUCH', 'members', rows)).status).toBe(404);
    expect((await upload(city.revoked, 2024, city.women, 'members', rows)).status).toBe(401);
  });

  it('refuses malformed and oversized bodies before looking at them', async () => {
    const before = await count('submissions');
    const json = { 'content-type': 'application/json' };
    expect((await call('/submissions', { token: city.clerkWomen, raw: '{"year": 2024, "rows": [', headers: json })).status).toBe(400);
    expect((await call('/submissions', { token: city.clerkWomen, raw: '{}', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const big = JSON.stringify({ year: 2024, unit: city.women, template: 'awards', rows: Array.from({ length: 20000 }, (_, i) => ({ name: `奖项${i}`.padEnd(60, '奖') })) });
    const tooBig = await call('/submissions', { token: city.clerkWomen, raw: big, headers: json });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    for (const body of [{ year: 2024, unit: city.women, template: 'salaries', rows: [] }, { year: 2024, unit: city.women, template: 'members', rows: 'none' }, { year: '2024', unit: city.women, template: 'members', rows: [] }]) {
      const res = await call('/submissions', { token: city.clerkWomen, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await count('submissions')).toBe(before);
  });
});

describe('POST /submissions/batch', () => {
  it('stores a whole workbook at once → 201 with a receipt per template; again → 200', async () => {
    const unit = await createUnit('union');
    const r = report('union');
    const res = await uploadAll(ADMIN, 2024, unit, r);
    expect(res.status).toBe(201);
    expect(res.body.submissions).toEqual(E2024.templates.map((t) => receipt(t.id, unit, 1)));
    const again = await uploadAll(ADMIN, 2024, unit, r);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
  });

  it('uses the batch own 表4 for T5 before what is stored', async () => {
    const unit = await createUnit('union');
    await upload(ADMIN, 2024, unit, 'funding', [{ ...funding(), exp_training: 5, exp_awards: 35.2 }]);
    const res = await uploadAll(ADMIN, 2024, unit, { trainings: trainings(), funding: [funding()] });
    expect(res.status).toBe(201);
  });

  it('is all or nothing: one refused template stores none and reports every issue with its template', async () => {
    const unit = await createUnit('union');
    const before = await count('submissions');
    const r = report('union');
    const res = await uploadAll(ADMIN, 2024, unit, { ...r, awards: [{ ...r.awards[0]!, award_date: '2023-12' }], funding: [{ ...r.funding[0]!, closing: 1 }] });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { template: string; code: string }) => [i.template, i.code])).toEqual([
      ['awards', 'A3'],
      ['funding', 'F5'],
    ]);
    expect(await count('submissions')).toBe(before);
  });

  it('a workbook with one changed template makes exactly one revision; an accepted unchanged template stays accepted', async () => {
    const unit = await createUnit('women');
    const clerk = await createToken('clerk', unit);
    const r = report('women');
    const body = (rows: typeof r, date: string, explanation?: string) => ({
      year: 2024,
      unit,
      submissions: E2024.templates.map((t) => ({ template: t.id, rows: rows[t.id], ...(explanation ? { explanation } : {}) })),
      signoff: { head: '黄志强', preparer: '李梅', date },
    });
    const first = await call('/submissions/batch', { token: clerk.token, body: body(r, '2025-01-15') });
    expect(first.status).toBe(201);
    const id = (t: string) => first.body.submissions.find((s: { template: string }) => s.template === t).id as string;
    expect((await call(`/submissions/${id('awards')}/review`, { token: city.statistician, body: { action: 'accept' } })).status).toBe(200);
    const before = await count('submissions', 'unit = ?1', unit);

    // The clerk fixes one 表2 line and saves the file again: a new 报出日期, and a 情况说明 sent with every template.
    const changed = { ...r, trainings: [{ ...r.trainings[0]!, certified: 1 }, ...r.trainings.slice(1)] };
    const again = await call('/submissions/batch', { token: clerk.token, body: body(changed, '2025-02-20', '家政培训取得证书人数已按台账更正') });
    expect(again.status).toBe(201);
    expect(await count('submissions', 'unit = ?1', unit)).toBe(before + 1);
    const receipts = Object.fromEntries(again.body.submissions.map((s: { template: string; revision: number; status: string; id: string }) => [s.template, s]));
    expect(receipts.trainings).toMatchObject({ revision: 2, status: 'submitted' });
    for (const t of ['members', 'awards', 'funding']) expect(receipts[t].id).toBe(id(t));
    expect(receipts.awards.status).toBe('accepted');
    const awards = await call(`/submissions/${id('awards')}`);
    expect(awards.body).toMatchObject({ revision: 1, status: 'accepted', explanation: null });
    const current = await call(`/submissions?year=2024&unit=${unit}`);
    expect(Object.fromEntries(current.body.submissions.map((s: { template: string; revision: number }) => [s.template, s.revision]))).toEqual({ members: 1, trainings: 2, awards: 1, funding: 1 });
  });

  it('refuses a template twice in one batch', async () => {
    const unit = await createUnit('union');
    const res = await call('/submissions/batch', { body: { year: 2024, unit, submissions: [{ template: 'awards', rows: [] }, { template: 'awards', rows: [] }] } });
    expect(res.status).toBe(422);
  });
});

describe('concurrent uploads', () => {
  it('50 different uploads at once keep 50 revisions numbered 1..50', async () => {
    const unit = await createUnit('women');
    const all = await Promise.all(
      Array.from({ length: 50 }, (_, i) => upload(ADMIN, 2024, unit, 'awards', [{ name: `巾帼建功标兵${i}`, level: 'city', recipient_type: 'collective', recipient: '兴宾区妇联', grantor: '来宾市妇联', award_date: '2024-03' }])),
    );
    expect(all.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(all.map((r) => r.body.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await env.DB.prepare('SELECT revision FROM submissions WHERE unit = ?1 ORDER BY revision').bind(unit).all<{ revision: number }>();
    expect(stored.results.map((r) => r.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('50 identical uploads at once make one revision', async () => {
    const unit = await createUnit('women');
    const all = await Promise.all(Array.from({ length: 50 }, () => upload(ADMIN, 2024, unit, 'funding', [funding()])));
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
    expect(await count('submissions', 'unit = ?1', unit)).toBe(1);
  });
});

describe('GET /submissions and /submissions/{id}', () => {
  it('shows a clerk only its own unit, and nothing of others', async () => {
    const mine = await upload(city.clerkWomen, 2024, city.women, 'awards', []);
    const theirs = await upload(city.clerkUnion, 2024, city.union, 'awards', []);
    const list = await call('/submissions?year=2024', { token: city.clerkWomen });
    expect(new Set(list.body.submissions.map((s: { unit: string }) => s.unit))).toEqual(new Set([city.women]));
    expect((await call(`/submissions?unit=${city.union}`, { token: city.clerkWomen })).status).toBe(403);
    expect((await call(`/submissions/${theirs.body.id}`, { token: city.clerkWomen })).status).toBe(404);
    const detail = await call(`/submissions/${mine.body.id}`, { token: city.clerkWomen });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: mine.body.id, rows: [], reviews: [], signoff: null, explanation: null });
  });
  it('lets statisticians read every unit, filtered and paged', async () => {
    const res = await call(`/submissions?year=2024&template=awards&limit=1`, { token: city.statistician });
    expect(res.status).toBe(200);
    expect(res.body.submissions).toHaveLength(1);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await call(`/submissions?year=2024&template=awards&limit=1&cursor=${res.body.nextCursor}`, { token: city.statistician });
    expect(next.body.submissions[0].id).not.toBe(res.body.submissions[0].id);
    expect((await call('/submissions?template=nope')).status).toBe(400);
    expect((await call('/submissions/does-not-exist')).status).toBe(404);
    expect((await call('/submissions', { token: null })).status).toBe(401);
  });

  it('pages by a keyset cursor: uploads arriving between pages neither repeat nor skip a revision', async () => {
    const year = 2031;
    await openYear(year);
    const units = await Promise.all(['A', 'C', 'E', 'G'].map((k) => createUnit('women', { code: `${uniq('KS')}${k}` })));
    const sorted = [...units].sort();
    for (const u of sorted) expect((await upload(ADMIN, year, u, 'awards', [])).status).toBe(201);
    const page1 = await call(`/submissions?year=${year}&limit=2`, { token: city.statistician });
    expect(page1.body.submissions.map((r: { unit: string }) => r.unit)).toEqual(sorted.slice(0, 2));
    // Between the pages: a new revision of a unit already listed, and a unit that sorts before the cursor.
    expect((await upload(ADMIN, year, sorted[0]!, 'awards', [{ ...report('women').awards[0]!, award_date: `${year}-03` }])).status).toBe(201);
    const early = await createUnit('women', { code: `${sorted[0]!.slice(0, -1)}B` });
    expect((await upload(ADMIN, year, early, 'awards', [])).status).toBe(201);
    const page2 = await call(`/submissions?year=${year}&limit=2&cursor=${page1.body.nextCursor}`, { token: city.statistician });
    expect(page2.body.submissions.map((r: { unit: string }) => r.unit)).toEqual(sorted.slice(2, 4));
    expect(page2.body.nextCursor).toBeUndefined();
  });

  it('filters by status and template on the server', async () => {
    const year = 2022;
    await openYear(year);
    const [a, b] = [await createUnit('women'), await createUnit('women')];
    const ra = await upload(ADMIN, year, a, 'awards', []);
    await upload(ADMIN, year, b, 'awards', []);
    await upload(ADMIN, year, b, 'members', report('women').members);
    expect((await call(`/submissions/${ra.body.id}/review`, { token: city.statistician, body: { action: 'accept' } })).status).toBe(200);
    const submitted = await call(`/submissions?year=${year}&status=submitted`, { token: city.statistician });
    expect(submitted.body.submissions.map((r: { unit: string; template: string }) => `${r.unit}/${r.template}`).sort()).toEqual([`${b}/awards`, `${b}/members`].sort());
    const accepted = await call(`/submissions?year=${year}&status=accepted&template=awards`, { token: city.statistician });
    expect(accepted.body.submissions.map((r: { unit: string }) => r.unit)).toEqual([a]);
    expect((await call(`/submissions?year=${year}&status=done`, { token: city.statistician })).status).toBe(400);
    expect((await call(`/submissions?year=${year}&cursor=bm90LWEta2V5`, { token: city.statistician })).status).toBe(400);
  });

  it('filters by org type on the server', async () => {
    const year = 2021;
    await openYear(year);
    const [w, u] = [await createUnit('women'), await createUnit('union')];
    await upload(ADMIN, year, w, 'awards', []);
    await upload(ADMIN, year, u, 'awards', []);
    const union = await call(`/submissions?year=${year}&org=union`, { token: city.statistician });
    expect(union.body.submissions.map((r: { unit: string }) => r.unit)).toEqual([u]);
    const women = await call(`/submissions?year=${year}&org=women&status=submitted`, { token: city.statistician });
    expect(women.body.submissions.map((r: { unit: string }) => r.unit)).toEqual([w]);
    expect((await call(`/submissions?year=${year}&org=wives`, { token: city.statistician })).status).toBe(400);
  });

  it('answers a retry with the revision whose content matched, read in the same write', async () => {
    const unit = await createUnit('women');
    const first = await upload(ADMIN, 2024, unit, 'awards', []);
    const retry = await upload(ADMIN, 2024, unit, 'awards', []);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // A retry and a different upload at once: the retry gets revision 1 (its content), never the other one's revision 2.
    const other = [{ ...report('women').awards[0]! }];
    const [again, changed] = await Promise.all([upload(ADMIN, 2024, unit, 'awards', []), upload(ADMIN, 2024, unit, 'awards', other)]);
    expect(changed.status).toBe(201);
    expect(changed.body.revision).toBe(2);
    if (again.status === 200) expect(again.body.id).toBe(first.body.id);
    else expect(again.body.revision).toBe(3);
    expect(again.body.checksum).toBe(first.body.checksum);
  });
});
