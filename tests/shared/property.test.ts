import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDITIONS, applies, layout, read, validate, type OrgKey, type Row, type TemplateId } from '../../shared/index.ts';
import { awardRows, fundingRow, membersRow, org, toMoney, trainingRows } from './arbitraries.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2024;
const runs = { numRuns: 200 };
const codes = (template: TemplateId, rows: Row[], o: OrgKey = 'union') => validate(template, rows, { year: YEAR, org: o }).map((i) => i.code);

describe('property: random valid reports pass', () => {
  it('表1 for every org type', () => {
    fc.assert(fc.property(org.chain((o) => membersRow(o).map((r) => [o, r] as const)), ([o, r]) => {
      expect(codes('members', [r], o)).toEqual([]);
    }), runs);
  });
  it('表2', () => fc.assert(fc.property(trainingRows, (rows) => {
    expect(codes('trainings', rows)).toEqual([]);
  }), runs));
  it('表3', () => fc.assert(fc.property(awardRows(YEAR), (rows) => {
    expect(codes('awards', rows)).toEqual([]);
  }), runs));
  it('表4', () => fc.assert(fc.property(fundingRow, (r) => {
    expect(codes('funding', [r])).toEqual([]);
  }), runs));
  it('survive layout → read unchanged', () => {
    fc.assert(
      fc.property(trainingRows, awardRows(YEAR), fundingRow, membersRow('women'), (tr, aw, fu, me) => {
        const unit = { code: 'P', name: '测试单位', org: 'women' as const };
        const all: [TemplateId, Row[]][] = [['trainings', tr], ['awards', aw], ['funding', [fu]], ['members', [me]]];
        for (const [id, rows] of all) expect(read(id, layout(id, YEAR, unit, { rows }).grid).rows).toEqual(rows);
      }),
      { numRuns: 50 },
    );
  });
});

/** A mutation that breaks exactly one rule, and the only code it may produce. */
interface Mutation {
  code: string;
  template: TemplateId;
  arb: fc.Arbitrary<Row[]>;
}
const k = fc.integer({ min: 1, max: 1000 });
const pick = <T,>(rows: T[]) => fc.integer({ min: 0, max: Math.max(0, rows.length - 1) });
const mutateRow = (arb: fc.Arbitrary<Row[]>, f: (r: Row, k: number) => Row) =>
  arb.filter((rows) => rows.length > 0).chain((rows) => fc.tuple(pick(rows), k).map(([i, n]) => rows.map((r, j) => (j === i ? f({ ...r }, n) : r))));
const one = (arb: fc.Arbitrary<Row>) => arb.map((r) => [r]);

const mutations: Mutation[] = [
  { code: 'M1', template: 'members', arb: mutateRow(one(membersRow('union')), (r, n) => ({ ...r, org_total: (r.org_total as number) + n })) },
  { code: 'M2', template: 'members', arb: mutateRow(one(membersRow('union')), (r, n) => ({ ...r, org_new: (r.org_total as number) + n })) },
  { code: 'M3', template: 'members', arb: mutateRow(one(membersRow('youth')), (r, n) => ({ ...r, units_covered: (r.units_required as number) + n })) },
  { code: 'M4', template: 'members', arb: mutateRow(one(membersRow('women')), (r, n) => ({ ...r, members_total: (r.members_total as number) + n })) },
  { code: 'M5', template: 'members', arb: mutateRow(one(membersRow('union')), (r, n) => ({ ...r, members_migrant: (r.members_total as number) + n })) },
  { code: 'T1', template: 'trainings', arb: mutateRow(trainingRows, (r, n) => ({ ...r, sessions_online: (r.sessions as number) + n })) },
  {
    code: 'T2',
    template: 'trainings',
    arb: mutateRow(trainingRows, (r) => ({ ...r, sessions: (r.trainees as number) + 1, sessions_online: 0 })),
  },
  { code: 'T3', template: 'trainings', arb: mutateRow(trainingRows, (r, n) => ({ ...r, placed: (r.trainees as number) + n })) },
  {
    code: 'T4',
    template: 'trainings',
    arb: trainingRows.filter((rs) => rs.length > 0).map((rs) => [...rs, { ...rs[0]!, name: ` ${rs[0]!.name as string} ` }]),
  },
  { code: 'A1', template: 'awards', arb: mutateRow(awardRows(YEAR), (r) => (r.recipient_type === 'individual' ? { ...r, gender: null } : { ...r, gender: 'female' })) },
  { code: 'A2', template: 'awards', arb: mutateRow(awardRows(YEAR), (r) => ({ ...r, level: 'national', doc_no: null, recipient: `${r.recipient as string}（A2）` })) },
  { code: 'A3', template: 'awards', arb: mutateRow(awardRows(YEAR), (r, n) => ({ ...r, award_date: `${n % 2 ? YEAR + n : YEAR - n}-06` })) },
  { code: 'F1', template: 'funding', arb: mutateRow(one(fundingRow), (r, n) => ({ ...r, inc_other: toMoney(Math.round((r.inc_other as number) * 100) + n) })) },
  { code: 'F2', template: 'funding', arb: mutateRow(one(fundingRow), (r, n) => ({ ...r, inc_special: toMoney(Math.round((r.inc_fiscal as number) * 100) + n) })) },
  { code: 'F3', template: 'funding', arb: mutateRow(one(fundingRow), (r, n) => ({ ...r, exp_total: toMoney(Math.round((r.exp_total as number) * 100) + n), closing: toMoney(Math.round((r.closing as number) * 100) - n) })) },
  { code: 'F4', template: 'funding', arb: mutateRow(one(fundingRow), (r, n) => ({ ...r, exp_project: 0, exp_basic: toMoney(Math.round(((r.exp_basic as number) + (r.exp_project as number)) * 100)), exp_assist: toMoney(n) })) },
  { code: 'F5', template: 'funding', arb: mutateRow(one(fundingRow), (r, n) => ({ ...r, closing: toMoney(Math.round((r.closing as number) * 100) + (n % 2 ? n : -n)) })) },
];

describe('property: a random single mutation is caught with the right code', () => {
  for (const m of mutations) {
    it(m.code, () => {
      const o: OrgKey = m.template === 'members' && m.code === 'M3' ? 'youth' : m.code === 'M4' ? 'women' : 'union';
      fc.assert(fc.property(m.arb, (rows) => {
        expect([...new Set(codes(m.template, rows, o))]).toEqual([m.code]);
      }), runs);
    });
  }

  const badValue = fc.constantFrom<unknown>('abc', -1, 1.5, '１２', NaN, true, {}, [], '2024-13', 1e12, '\u0000');
  it('type: one bad value in any field gives exactly one type issue on that field', () => {
    const arb = fc.tuple(fc.constantFrom<TemplateId>('members', 'trainings', 'awards', 'funding'), badValue).chain(([id, bad]) => {
      const rows: fc.Arbitrary<Row[]> = id === 'members' ? one(membersRow('union')) : id === 'trainings' ? trainingRows : id === 'awards' ? awardRows(YEAR) : one(fundingRow);
      const fields = E2024.template(id).fields.filter((f) => applies(f, 'union'));
      return fc.tuple(fc.constant(id), mutateRow(rows, (r) => r).chain((rs) => fc.tuple(fc.constant(rs), pick(rs), fc.constantFrom(...fields))), fc.constant(bad));
    });
    fc.assert(
      fc.property(arb, ([id, [rows, i, field], bad]) => {
        const t = E2024.template(id);
        // Some "bad" values are fine for some fields (e.g. 'abc' as a name): only judge real type errors.
        const valid = validate(id, rows.map((r, j) => (j === i ? { ...r, [field.key]: bad } : r)), { year: YEAR, org: 'union' });
        const typeIssues = valid.filter((x) => x.code === 'type');
        if (typeIssues.length === 0) return;
        expect(typeIssues).toHaveLength(1);
        expect(typeIssues[0]!.field).toBe(field.key);
        expect(typeIssues[0]!.row).toBe(t.kind === 'list' ? i + 1 : null);
        // The broken field is skipped by every check: no check issue names it.
        expect(valid.filter((x) => x.code !== 'type' && x.field === field.key)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
