/**
 * Property-based tests of the API (fast-check inside workerd): random valid
 * reports are accepted, a random single mutation is refused with the right
 * check code, and no generated body ever gets a 500.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { awardRows, fundingRow, membersRow, toMoney, trainingRows } from '../shared/arbitraries.ts';
import { ADMIN, call, createUnit, openYear } from './helpers.ts';

const YEAR = 2024;
let unit = '';
beforeAll(async () => {
  await openYear(YEAR);
  unit = await createUnit('union');
});

const workbook = fc.record({ members: membersRow('union').map((r) => [r]), trainings: trainingRows, awards: awardRows(YEAR), funding: fundingRow.map((r) => [r]) });
const upload = (w: Record<string, unknown[]>) =>
  call('/submissions/batch', {
    token: ADMIN,
    body: { year: YEAR, unit, submissions: Object.entries(w).map(([template, rows]) => ({ template, rows, explanation: '随机生成的报表' })) },
  });

describe('property: the API', () => {
  it('accepts random valid workbooks (201, or 200 for a repeat)', async () => {
    await fc.assert(
      fc.asyncProperty(workbook, async (w) => {
        const res = await upload(w);
        expect([200, 201], JSON.stringify(res.body).slice(0, 300)).toContain(res.status);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a random single mutation with the right check code, storing nothing', async () => {
    const mutations: [string, (w: { members: any[]; funding: any[]; awards: any[]; trainings: any[] }, n: number) => void][] = [
      ['M1', (w, n) => (w.members[0].org_total += n)],
      ['M4', (w, n) => (w.members[0].members_total += n)],
      ['F5', (w, n) => (w.funding[0].closing = toMoney(Math.round(w.funding[0].closing * 100) + n))],
      ['F2', (w, n) => (w.funding[0].inc_special = toMoney(Math.round(w.funding[0].inc_fiscal * 100) + n))],
    ];
    await fc.assert(
      fc.asyncProperty(workbook, fc.constantFrom(...mutations), fc.integer({ min: 1, max: 1000 }), async (w, [code, mutate], n) => {
        const copy = structuredClone(w);
        mutate(copy, n);
        const before = (await call(`/submissions?unit=${unit}&history=1&limit=1000`)).body.submissions.length;
        const res = await upload(copy);
        expect(res.status).toBe(422);
        expect(res.body.error.code).toBe('validation_failed');
        expect(new Set(res.body.error.issues.filter((i: { severity: string }) => i.severity === 'error').map((i: { code: string }) => i.code))).toEqual(new Set([code]));
        expect((await call(`/submissions?unit=${unit}&history=1&limit=1000`)).body.submissions.length).toBe(before);
      }),
      { numRuns: 25 },
    );
  });

  it('never answers 500 to any generated body, on any endpoint that takes one', async () => {
    const paths = ['/units', `/units/${unit}`, '/tokens', `/periods/${YEAR + 50}`, '/submissions', '/submissions/batch', '/submissions/nope/review', '/import'];
    const methods: Record<string, string> = { [`/units/${unit}`]: 'PATCH', [`/periods/${YEAR + 50}`]: 'PUT' };
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ year: fc.anything(), unit: fc.anything(), template: fc.anything(), rows: fc.anything(), submissions: fc.anything() }, { requiredKeys: [] }),
      fc.record({ year: fc.integer(), unit: fc.constant(unit), template: fc.constantFrom('members', 'trainings', 'awards', 'funding'), rows: fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async (path, b) => {
        const text = JSON.stringify(b) ?? 'null';
        const res = await call(path, { method: methods[path] ?? 'POST', raw: text, headers: { 'content-type': path === '/import' ? 'application/x-ndjson' : 'application/json' } });
        expect(res.status, `${path} ${text.slice(0, 200)} → ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });
});
