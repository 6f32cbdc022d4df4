/**
 * A figure over the years (analysis.md): each year's value from its newest
 * published version where there is one, else live; null for a year with no
 * data. Each figure is computed as trace explains it, so a trend point is
 * exactly the consolidated figure of that year.
 */
import { columnsOf, EDITIONS, templateOfSheet, trace, TraceError, type SheetKey, type TrendPoint } from '../shared/index.ts';
import { getPeriod } from './db/periods.ts';
import { latestPublication } from './db/publications.ts';
import type { Caller, Env } from './env.ts';
import { ApiError } from './errors.ts';
import { liveView, versionView } from './report.ts';

export interface TrendAsk {
  sheet: SheetKey;
  key: string;
  row: string;
  from: number;
  to: number;
  area?: string;
}

/** One year's figure, or null when the year has no period, or the area or row does not exist in it. */
async function pointOf(db: D1Database, env: Env, caller: Caller | null, year: number, ask: TrendAsk): Promise<TrendPoint> {
  const period = await getPeriod(db, year);
  if (!period) return { year, value: null, published: false };
  const pub = period.status === 'closed' ? await latestPublication(db, year) : null;
  let view;
  try {
    view = pub ? await versionView(db, env, pub, caller, ask.area) : await liveView(db, env, period, caller, ask.area);
  } catch (e) {
    // An area that did not exist yet in an earlier year's tree has no figure there.
    if (e instanceof ApiError && e.code === 'not_found') return { year, value: null, published: !!pub };
    throw e;
  }
  try {
    return { year, value: trace(view.basis, ask.sheet, ask.key, ask.row).value, published: !!pub };
  } catch (e) {
    // A row that a year does not have (a subtotal with no unit of that type, a unit not yet there) is a gap.
    if (e instanceof TraceError) return { year, value: null, published: !!pub };
    throw e;
  }
}

const ROW = /^(total|local|subtotal:[a-z]+|category:[a-z_]+|area:[A-Za-z0-9_-]{1,32}|unit:[A-Za-z0-9_-]{1,32})$/;

export async function trendOf(db: D1Database, env: Env, caller: Caller | null, ask: TrendAsk): Promise<TrendPoint[]> {
  // A key the sheet never shows, or a row no sheet could have, is the caller's mistake (422).
  const shown = Object.values(EDITIONS).some((e) => e.has(templateOfSheet(ask.sheet)) && columnsOf(e, ask.sheet).some((c) => c.key === ask.key));
  if (!shown) throw new ApiError('validation_failed', `“${ask.sheet}”表中没有指标“${ask.key}”`);
  if (!ROW.test(ask.row)) throw new ApiError('validation_failed', `行“${ask.row}”应为 total、subtotal:<组织类型>、category:<培训类别>、area:<区域代码>、local 或 unit:<单位代码>`);
  const years = Array.from({ length: ask.to - ask.from + 1 }, (_, i) => ask.from + i);
  return Promise.all(years.map((y) => pointOf(db, env, caller, y, ask)));
}
