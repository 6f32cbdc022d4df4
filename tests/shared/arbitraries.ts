/**
 * fast-check generators of valid reports, built from the catalog's rules'
 * meaning: parts first, totals derived, so every generated report passes.
 */
import fc from 'fast-check';
import { EDITIONS, ORG_KEYS, type OrgKey, type Row } from '../../shared/index.ts';
import { forOrg } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const count = (max = 100_000) => fc.integer({ min: 0, max });
/** Money in hundredths, turned into the JSON number a client would send. */
const cents = (max = 1_000_000) => fc.integer({ min: 0, max });
export const toMoney = (h: number) => h / 100;

export const org = fc.constantFrom(...ORG_KEYS);

export const membersRow = (o: OrgKey) =>
  fc
    .record({
      parts: fc.array(count(5000), { minLength: 7, maxLength: 7 }),
      newShare: fc.double({ min: 0, max: 1, noNaN: true }),
      required: count(10_000),
      coveredShare: fc.double({ min: 0, max: 1, noNaN: true }),
      prev: count(),
      added: count(20_000),
      outShare: fc.double({ min: 0, max: 1, noNaN: true }),
      shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
      others: fc.array(count(1000), { minLength: 4, maxLength: 4 }),
      elections: fc.boolean(),
    })
    .map((g): Row => {
      const keys = ['org_gov', 'org_inst', 'org_soe', 'org_collective', 'org_private', 'org_township', 'org_other'];
      const total = g.parts.reduce((a, b) => a + b, 0);
      const out = Math.floor((g.prev + g.added) * g.outShare);
      const members = g.prev + g.added - out;
      const row: Row = {
        org_total: total,
        ...Object.fromEntries(keys.map((k, i) => [k, g.parts[i]])),
        org_new: Math.floor(total * g.newShare),
        units_required: g.required,
        units_covered: Math.floor(g.required * g.coveredShare),
        members_prev: g.prev,
        members_new: g.added,
        members_out: out,
        members_total: members,
        members_female: Math.floor(members * g.shares[0]!),
        members_youth: Math.floor(members * g.shares[1]!),
        members_migrant: Math.floor(members * g.shares[2]!),
        members_group: g.others[0],
        staff_full: g.others[1],
        staff_part: g.others[2],
        cadres_promoted: g.others[3],
        elections_held: g.elections,
      };
      return forOrg('members', o, row);
    });

const categories = E2024.template('trainings').fields.find((f) => f.key === 'category')!.options!.map((o) => o.key);
const share = fc.double({ min: 0, max: 1, noNaN: true });

export const trainingRow = fc
  .record({
    category: fc.constantFrom(...categories),
    name: fc.string({ minLength: 1, maxLength: 30 }).map((s) => `项目${s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}`.trim()),
    sessions: fc.integer({ min: 1, max: 500 }),
    online: share,
    extra: count(50_000),
    shares: fc.array(share, { minLength: 4, maxLength: 4 }),
    income: cents(),
    cost: cents(100_000),
  })
  .map((g): Row => {
    const trainees = g.sessions + g.extra;
    const of = (i: number) => Math.floor(trainees * g.shares[i]!);
    return {
      category: g.category,
      name: g.name,
      sessions: g.sessions,
      sessions_online: Math.floor(g.sessions * g.online),
      trainees,
      trainees_female: of(0),
      trainees_rural: of(1),
      certified: of(2),
      placed: of(3),
      income_gain: toMoney(g.income),
      cost: toMoney(g.cost),
    };
  });

export const trainingRows = fc.uniqueArray(trainingRow, { maxLength: 12, selector: (r) => `${r.category}|${r.name}` });

const levels = ['national', 'provincial', 'city', 'county'];
export const awardRow = (year: number) =>
  fc
    .record({
      name: fc.constantFrom('五好文明家庭', '三八红旗手', '青年文明号', '优秀共青团员', '科普示范基地', '先进工会组织', '最美家庭'),
      level: fc.constantFrom(...levels),
      type: fc.constantFrom('collective', 'individual', 'family'),
      recipient: fc.string({ minLength: 1, maxLength: 12 }).map((s) => `获奖者${s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}`.trim()),
      gender: fc.constantFrom('male', 'female'),
      doc: fc.option(fc.constantFrom('合群发〔2024〕3号', '桂妇发〔2024〕5号'), { nil: undefined }),
      month: fc.integer({ min: 1, max: 12 }),
    })
    .map((g): Row => {
      const row: Row = {
        name: g.name,
        level: g.level,
        recipient_type: g.type,
        recipient: g.recipient,
        grantor: '合山市人民政府',
        award_date: `${year}-${String(g.month).padStart(2, '0')}`,
      };
      if (g.type === 'individual') row.gender = g.gender;
      if (g.level === 'national' || g.level === 'provincial') row.doc_no = g.doc ?? '中青发〔2024〕12号';
      else if (g.doc) row.doc_no = g.doc;
      return row;
    });

export const awardRows = (year: number) => fc.uniqueArray(awardRow(year), { maxLength: 30, selector: (r) => `${r.name}|${r.level}|${r.recipient}` });

export const fundingRow = fc
  .record({
    opening: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    inc: fc.array(cents(), { minLength: 8, maxLength: 8 }),
    specialShare: share,
    exp: fc.array(cents(), { minLength: 4, maxLength: 4 }),
    items: fc.array(share, { minLength: 4, maxLength: 4 }),
  })
  .map((g): Row => {
    const incKeys = ['inc_fiscal', 'inc_superior', 'inc_dues', 'inc_business', 'inc_operating', 'inc_affiliate', 'inc_donation', 'inc_other'];
    const income = g.inc.reduce((a, b) => a + b, 0);
    const [basic, project, remit, operating] = g.exp as [number, number, number, number];
    const spent = basic + project + remit + operating;
    // Items share at most the whole project spending between them.
    const split = g.items.map((s) => s / 4);
    const items = split.map((s) => Math.floor(project * s));
    const h: Record<string, number> = {
      opening: g.opening,
      income_total: income,
      ...Object.fromEntries(incKeys.map((k, i) => [k, g.inc[i]!])),
      inc_special: Math.floor(g.inc[0]! * g.specialShare),
      exp_total: spent,
      exp_basic: basic,
      exp_project: project,
      exp_training: items[0]!,
      exp_awards: items[1]!,
      exp_activity: items[2]!,
      exp_assist: items[3]!,
      exp_remit: remit,
      exp_operating: operating,
      closing: g.opening + income - spent,
    };
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, toMoney(v)]));
  });

/** A unit's reports of one year: each template present or not (not reported, or returned). */
const yearReports = (o: OrgKey, year: number) =>
  fc.record(
    {
      members: membersRow(o).map((r) => [r]),
      trainings: trainingRows,
      awards: awardRows(year),
      funding: fundingRow.map((r) => [r]),
    },
    { requiredKeys: [] },
  );

export interface CityUnit {
  code: string;
  org: OrgKey;
  /** In this year's roster (else a unit counted only last year). */
  inRoster: boolean;
  now: Partial<Record<'members' | 'trainings' | 'awards' | 'funding', Row[]>>;
  last: Partial<Record<'members' | 'trainings' | 'awards' | 'funding', Row[]>>;
}

/** A city of a few units over two years: some new this year, some gone, templates missing here and there. */
export const city = (year: number) =>
  fc
    .array(
      org.chain((o) => fc.record({ org: fc.constant(o), inRoster: fc.integer({ min: 0, max: 6 }).map((n) => n > 0), now: yearReports(o, year), last: yearReports(o, year - 1) })),
      { minLength: 1, maxLength: 10 },
    )
    .map((us): CityUnit[] => us.map((u, i) => ({ ...u, code: `U${String(i).padStart(2, '0')}`, now: u.inRoster ? u.now : {} })));
