/**
 * 数据质量 (analysis.md): what looks wrong across units. Four ratios per
 * unit, compared with the unit's peers — the units of the same org type
 * city-wide — on a log scale with the median and the median absolute
 * deviation, so that one wild figure does not hide others.
 */
import { ORG_TYPES, type OrgKey, type TemplateId } from './catalog.ts';
import { editionOfBasis, measuresOf, scopedUnits, type Basis } from './consolidate.ts';
import { hundredthsToNumber } from './money.ts';

/** A ratio: numerator ÷ denominator, each a unit's counted figure (a list template's summed). */
export interface Ratio {
  key: string;
  /** How the message names it, and the unit of the ratio. */
  label: string;
  unit: string;
  numerator: { template: TemplateId; key: string };
  denominator: { template: TemplateId; key: string };
}

export const RATIOS: readonly Ratio[] = [
  { key: 'members_per_org', label: '每个基层组织平均会员', unit: '人', numerator: { template: 'members', key: 'members_total' }, denominator: { template: 'members', key: 'org_total' } },
  { key: 'trainees_per_session', label: '每期平均培训', unit: '人次', numerator: { template: 'trainings', key: 'trainees' }, denominator: { template: 'trainings', key: 'sessions' } },
  { key: 'cost_per_trainee', label: '人均培训经费', unit: '万元/人次', numerator: { template: 'trainings', key: 'cost' }, denominator: { template: 'trainings', key: 'trainees' } },
  { key: 'spending_per_member', label: '人均支出', unit: '万元/人', numerator: { template: 'funding', key: 'exp_total' }, denominator: { template: 'members', key: 'members_total' } },
];

/** The scale of the robust score: MAD × 1.4826 estimates the standard deviation of normal data. */
const CONSISTENCY = 1.4826;
/** Flagged beyond this many (scaled) deviations from the median. */
const THRESHOLD = 3;
/** Fewer peers than this flag nothing: too few to say what is usual. */
export const MIN_PEERS = 5;

export interface Outlier {
  unit: string;
  name: string;
  org: OrgKey;
  ratio: string;
  /** The unit's ratio, and the peers' median, to 4 significant digits. */
  value: number;
  median: number;
  /** (ln r − m) ÷ (1.4826 × MAD), 2 decimals: how far from usual, and on which side. */
  score: number;
  message: string;
  /** The counted revision of the numerator's template: where to look first. */
  submissionId: string;
}

/** The median; of an even count, the mean of the two middle values. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const sig4 = (x: number) => Number(x.toPrecision(4));

/** A unit's counted figure of a measure, in the figure's own unit (money in 万元); null when not there. */
function figure(basis: Basis, unit: string, ref: { template: TemplateId; key: string }): number | null {
  const raw = basis.current.get(unit)?.[ref.template]?.sums.raw[ref.key];
  if (raw === null || raw === undefined) return null;
  const money = measuresOf(editionOfBasis(basis).template(ref.template)).find((m) => m.column.key === ref.key)?.money;
  return money ? hundredthsToNumber(raw) : raw;
}

/**
 * The outliers of a year: peers are the org type's units city-wide (the
 * whole roster, whatever area is asked for) whose ratio is positive — units
 * with a zero or missing numerator or denominator are skipped; the result
 * is then filtered to the basis' area.
 */
export function outliers(basis: Basis): Outlier[] {
  const inScope = new Set(scopedUnits(basis).map((u) => u.code));
  const out: Outlier[] = [];
  for (const ratio of RATIOS) {
    for (const org of ORG_TYPES) {
      const peers = basis.units
        .filter((u) => u.org === org.key)
        .map((u) => {
          const n = figure(basis, u.code, ratio.numerator);
          const d = figure(basis, u.code, ratio.denominator);
          return { u, r: n !== null && d !== null && n > 0 && d > 0 ? n / d : 0 };
        })
        .filter((p) => p.r > 0);
      if (peers.length < MIN_PEERS) continue;
      const logs = peers.map((p) => Math.log(p.r));
      const m = median(logs);
      const mad = median(logs.map((x) => Math.abs(x - m)));
      if (mad === 0) continue;
      for (const [i, p] of peers.entries()) {
        const dev = logs[i]! - m;
        if (!(Math.abs(dev) > THRESHOLD * CONSISTENCY * mad) || !inScope.has(p.u.code)) continue;
        const value = sig4(p.r);
        const med = sig4(Math.exp(m));
        out.push({
          unit: p.u.code,
          name: p.u.name,
          org: org.key,
          ratio: ratio.key,
          value,
          median: med,
          score: Math.round((dev / (CONSISTENCY * mad)) * 100) / 100,
          message: `${ratio.label} ${p.r.toPrecision(4)} ${ratio.unit}，为同类单位中位数的 ${(p.r / Math.exp(m)).toFixed(1)} 倍`,
          submissionId: basis.current.get(p.u.code)![ratio.numerator.template]!.submission,
        });
      }
    }
  }
  return out;
}
