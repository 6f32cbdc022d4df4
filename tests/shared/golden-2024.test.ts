/**
 * The 2024 edition's outputs, frozen before editions existed: for the demo
 * city's 2024 and 2025 reports (kept in the file, so that a change to the
 * demo data cannot move them), the blank workbooks, the checks' issues, the
 * reader's rows, the consolidation with its progress and 报告用数, and the
 * consolidated workbook's bytes. A later edition must leave every one of
 * them as it was (editions.md: "unchanged byte for byte").
 *
 * `UPDATE_GOLDEN=1` writes the file again — only ever from a commit whose
 * 2024 outputs are known to be right.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AreaTree, blankWorkbook, canonicalRows, consolidate, consolidatedLayout, layout, progress, read, reportFigures, ROOT_AREA, sumsOf, EDITIONS, validate, type Area, type Row, type TemplateId, type Unit, type UnitData } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const FILE = new URL('./golden-2024.json.gz', import.meta.url);
const MTIME = '2026-01-02T03:04:05.000Z';
const SETTINGS = { city: '合山市', issuer: '合山市总工会', docNo: '国统制〔2024〕12号', validUntil: '2025年12月' };

type Reports = Record<string, Partial<Record<TemplateId, Row[]>>>;
interface Inputs {
  units: Unit[];
  areas: Area[];
  reports: Record<'2024' | '2025', Reports>;
  /** 2025 reports with a mistake each, for the checks' wording. */
  broken: Reports;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Everything the 2024 edition makes of the inputs. */
function outputs(inp: Inputs) {
  const tree = new AreaTree(inp.areas, SETTINGS.city);
  const data = (reports: Reports) =>
    new Map(
      inp.units.map((u) => {
        const d: UnitData = {};
        for (const t of E2024.templates) {
          const rows = reports[u.code]?.[t.id];
          if (rows) d[t.id] = { submission: `${u.code}/${t.id}/1`, revision: 1, sums: sumsOf(t, canonicalRows(t, rows, u.org), u.org) };
        }
        return [u.code, d] as const;
      }),
    );
  const unit = inp.units[0]!;
  const blank = [2024, 2025].map((year) => {
    const previous = year === 2025 ? inp.reports['2024'][unit.code]! : {};
    const sheets = blankWorkbook(year, unit, SETTINGS, previous);
    return { year, grids: sheets.map((s) => [s.sheet, s.grid]), xlsx: sha(writeXlsx(sheets, { mtime: MTIME })) };
  });
  const org = new Map(inp.units.map((u) => [u.code, u.org]));
  const checks = [...Object.entries(inp.reports['2025']), ...Object.entries(inp.broken)].map(([code, now]) => [
    code,
    E2024.templates.flatMap((t) => (now[t.id] ? validate(t.id, now[t.id]!, { year: 2025, org: org.get(code)!, previous: inp.reports['2024'][code], others: now }) : [])),
  ]);
  const reader = inp.units.slice(0, 6).map((u) => {
    const now = inp.reports['2025'][u.code] ?? {};
    return [u.code, E2024.templates.map((t) => read(t.id, layout(t.id, 2025, u, { rows: now[t.id] ?? [], settings: SETTINGS }).grid))];
  });
  const latest = inp.units.flatMap((u, i) =>
    E2024.templates.filter((t) => inp.reports['2025'][u.code]?.[t.id]).map((t) => ({
      unit: u.code,
      template: t.id,
      revision: 1,
      status: (i % 3 === 0 ? 'accepted' : i % 3 === 1 ? 'submitted' : 'returned') as 'accepted' | 'submitted' | 'returned',
      createdAt: `2026-0${1 + (i % 4)}-15T02:00:00.000Z`,
      firstAt: `2026-0${1 + (i % 4)}-15T02:00:00.000Z`,
      comment: i % 3 === 2 ? '请核实会员数' : null,
    })),
  );
  const consolidations = [ROOT_AREA, inp.areas[0]!.code].map((area) => {
    const p = progress({ year: 2025, deadline: '2026-03-31', units: inp.units, latest, today: '2026-04-02', tree, area });
    const c = consolidate({ year: 2025, generatedAt: MTIME, units: inp.units, current: data(inp.reports['2025']), previous: data(inp.reports['2024']), previousPublished: null, tree, area, progress: p, published: null });
    return { area, consolidated: c, figures: reportFigures(c), xlsx: sha(writeXlsx(consolidatedLayout(c, SETTINGS), { mtime: MTIME })) };
  });
  return { blank, checks, reader, consolidations };
}

describe('the 2024 edition, as it was before editions', () => {
  it('makes exactly the frozen outputs of the frozen 2024 and 2025 reports', async () => {
    if (process.env.UPDATE_GOLDEN !== '1' && !existsSync(FILE)) throw new Error(`${FILE.pathname} is missing: it is the record of the 2024 edition's outputs`);
    if (process.env.UPDATE_GOLDEN === '1') {
      // Written once, from the commit before editions; the inputs come from the demo city then.
      const { demoReport, demoUnits, rng } = await import('../../scripts/demo.ts');
      const { syntheticTree } = await import('../../bench/synthetic.ts');
      const demo = demoUnits();
      const { units, tree } = syntheticTree(demo);
      const random = rng(2024);
      const reports: Inputs['reports'] = { '2024': {}, '2025': {} };
      for (const u of demo) {
        const last = demoReport(u, 2024, random);
        reports['2024'][u.code] = last;
        reports['2025'][u.code] = demoReport(u, 2025, random, last);
      }
      // One unit that has not reported 表3 this year, one that reported nothing: progress and coverage show them.
      delete reports['2025'][demo[1]!.code]!.awards;
      delete reports['2025'][demo[2]!.code];
      // Mistakes of every kind the checks know, one unit each.
      const n = (v: unknown) => v as number;
      const edits: ((r: Partial<Record<TemplateId, Row[]>>) => void)[] = [
        (r) => (r.members![0] = { ...r.members![0]!, org_total: n(r.members![0]!.org_total) + 1, members_prev: n(r.members![0]!.members_prev) + 7 }),
        (r) => (r.members![0] = { ...r.members![0]!, members_total: n(r.members![0]!.members_total) * 2, members_new: n(r.members![0]!.members_new) + n(r.members![0]!.members_total) }),
        (r) => {
          const t = r.trainings?.[0] ?? { category: 'domestic', name: '家政服务培训班', sessions: 4, sessions_online: 0, trainees: 120, trainees_female: 100, trainees_rural: 80, certified: 60, placed: 40, income_gain: 12.5, cost: 3.2 };
          r.trainings = [...(r.trainings ?? []), { ...t, name: `${t.name as string}（二期）`, sessions: 0, trainees: 0, placed: 5 }, t];
        },
        (r) => {
          const a = { name: '全国三八红旗手', level: 'national', recipient_type: 'individual', recipient: '韦某某', gender: null, grantor: '全国妇联', doc_no: null, award_date: '2023-05' };
          r.awards = [...(r.awards ?? []), a, { ...a, recipient_type: 'collective', gender: 'female', award_date: '2025-03', doc_no: '妇字〔2025〕3号' }, { ...a, recipient_type: 'collective', gender: 'female', award_date: '2025-03', doc_no: '妇字〔2025〕3号' }];
        },
        (r) => (r.funding![0] = { ...r.funding![0]!, closing: n(r.funding![0]!.closing) + 0.01, inc_special: n(r.funding![0]!.inc_fiscal) + 1, exp_training: n(r.funding![0]!.exp_training) + 50 }),
      ];
      const broken: Reports = {};
      edits.forEach((edit, i) => {
        const u = demo[3 + i]!;
        const r = structuredClone(reports['2025'][u.code]!);
        if (r.members && r.funding) edit(r);
        broken[u.code] = r;
      });
      const inputs: Inputs = { units, areas: [...tree.all()].filter((a) => a.code !== ROOT_AREA), reports, broken };
      writeFileSync(FILE, gzipSync(JSON.stringify({ inputs, outputs: outputs(inputs) })));
    }
    const golden = JSON.parse(gunzipSync(readFileSync(FILE)).toString('utf8')) as { inputs: Inputs; outputs: ReturnType<typeof outputs> };
    const now = JSON.parse(JSON.stringify(outputs(golden.inputs)));
    expect(now.blank).toEqual(golden.outputs.blank);
    expect(now.checks).toEqual(golden.outputs.checks);
    expect(now.reader).toEqual(golden.outputs.reader);
    expect(now.consolidations).toEqual(golden.outputs.consolidations);
  });
});
