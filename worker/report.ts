/**
 * A year's figures: live while the year is open, or a published version
 * computed from its frozen inputs (reporting-year.md). Both go through one
 * `View` — the basis (roster, counted revisions, comparable 上年), progress,
 * settings and the version stamp — so consolidation, the workbook, trace and
 * progress read the same numbers whatever the year's state.
 *
 * A published version's bodies are kept in R2 (`PUBLISHED`) once rendered,
 * and are served from there: the same bytes on every call. They can always be
 * rendered again from D1, where the frozen inputs live.
 */
import {
  consolidate,
  consolidatedLayout,
  progress,
  sheetsChecksum,
  sumsOf,
  SUMS_VERSION,
  todayInChina,
  totalsOf,
  type Basis,
  type CanonicalRow,
  type Consolidated,
  type Latest,
  type Progress,
  type Published,
  type Settings,
  type UnitData,
} from '../shared/index.ts';
import { writeXlsx } from '../shared/xlsx/index.ts';
import { getPeriod, type Period } from './db/periods.ts';
import {
  finishPublication,
  getPublication,
  latestPublication,
  liveEntries,
  liveRoster,
  versionEntries,
  versionPrevious,
  versionRoster,
  type Entry,
  type Publication,
} from './db/publications.ts';
import type { Env } from './env.ts';
import { ApiError } from './errors.ts';
import { settingsOf } from './routes/meta.ts';

export { todayInChina };

/** Everything one version (or the live state) of a year shows. */
export interface View {
  basis: Basis;
  progress: Progress;
  published: Published | null;
  generatedAt: string;
  settings: Settings;
}

export async function periodOrNotFound(db: D1Database, year: number): Promise<Period> {
  const p = await getPeriod(db, year);
  if (!p) throw new ApiError('not_found', `没有 ${year} 年度的报告期`);
  return p;
}

/** Entries as the consolidation reads them: counted revisions with their sums, and every newest revision's status. */
function split(entries: readonly Entry[]): { data: Map<string, UnitData>; latest: Latest[] } {
  const data = new Map<string, UnitData>();
  const latest: Latest[] = [];
  for (const e of entries) {
    latest.push({ unit: e.unit, template: e.template, revision: e.revision, status: e.status, createdAt: e.submittedAt, comment: e.comment });
    if (e.status === 'returned') continue;
    const sums = e.sums ?? sumsOf(e.template, JSON.parse(e.data ?? '[]') as CanonicalRow[], e.org);
    const d = data.get(e.unit) ?? {};
    d[e.template] = { submission: e.submission, revision: e.revision, sums };
    data.set(e.unit, d);
  }
  return { data, latest };
}

/** Last year's counted revisions as this year compares with them: its newest published version, else live. */
async function lastYear(db: D1Database, year: number): Promise<Entry[]> {
  const pub = await latestPublication(db, year - 1);
  return pub ? versionEntries(db, year - 1, pub.version, SUMS_VERSION) : liveEntries(db, year - 1, SUMS_VERSION);
}

/** An open year, live: the live roster, every newest revision, last year as published. */
export async function liveView(db: D1Database, env: Env, period: Period): Promise<View> {
  const year = period.year;
  const [roster, entries, previous, lastPub] = await Promise.all([liveRoster(db, year), liveEntries(db, year, SUMS_VERSION), lastYear(db, year), latestPublication(db, year - 1)]);
  const lastFinished = lastPub ? await finish(db, env, lastPub) : null;
  const now = split(entries);
  const basis: Basis = { year, units: roster, current: now.data, previous: split(previous).data, previousPublished: lastFinished?.totals ?? null };
  return {
    basis,
    progress: progress(year, period.deadline, roster, now.latest, todayInChina()),
    published: null,
    generatedAt: new Date().toISOString(),
    settings: settingsOf(env),
  };
}

/** A published version, from its frozen inputs only. */
async function frozenView(db: D1Database, pub: Publication, settings: Settings, previousPublished: Basis['previousPublished']): Promise<View> {
  const { year, version } = pub;
  const [roster, entries, previous] = await Promise.all([versionRoster(db, year, version), versionEntries(db, year, version, SUMS_VERSION), versionPrevious(db, year, version, SUMS_VERSION)]);
  const now = split(entries);
  const basis: Basis = { year, units: roster, current: now.data, previous: split(previous).data, previousPublished };
  return {
    basis,
    // Overdue as at publication.
    progress: progress(year, pub.deadline, roster, now.latest, todayInChina(Date.parse(pub.publishedAt))),
    published: pub.checksum ? { version, publishedAt: pub.publishedAt, checksum: pub.checksum } : null,
    generatedAt: pub.publishedAt,
    settings,
  };
}

/**
 * Makes sure a version's derived fields (checksum, settings, totals) are
 * stored: they are computed once, from the frozen inputs, right after the
 * version is frozen — or here, on first use, if that step never ran.
 */
export async function finish(db: D1Database, env: Env, pub: Publication): Promise<Publication & { checksum: string; settings: Settings }> {
  if (pub.checksum && pub.settings && pub.totals) return pub as Publication & { checksum: string; settings: Settings };
  const settings = pub.settings ?? settingsOf(env);
  // A year closed before versions existed takes last year's published totals when it is first rendered.
  let previousPublished = pub.previousPublished;
  if (!previousPublished && pub.version === 1) {
    const last = await latestPublication(db, pub.year - 1);
    previousPublished = last ? (await finish(db, env, last)).totals : null;
  }
  const view = await frozenView(db, pub, settings, previousPublished);
  const c = consolidate({ ...view.basis, generatedAt: view.generatedAt, progress: view.progress, published: null });
  const done = { ...pub, checksum: await sheetsChecksum(c.sheets), settings, previousPublished, totals: totalsOf(view.basis) };
  await finishPublication(db, done).run();
  return done;
}

/** A published version's view (finished first if it was not yet). */
export async function versionView(db: D1Database, env: Env, pub: Publication): Promise<View> {
  const done = await finish(db, env, pub);
  return frozenView(db, done, done.settings, done.previousPublished);
}

export function consolidatedOfView(v: View): Consolidated {
  return consolidate({ ...v.basis, generatedAt: v.generatedAt, progress: v.progress, published: v.published });
}

/** Which version a request asks for: `?version=N`, else the newest of a closed year, else none (live). */
export async function publicationFor(db: D1Database, period: Period, version: number | undefined): Promise<Publication | null> {
  if (version !== undefined) {
    const p = await getPublication(db, period.year, version);
    if (!p) throw new ApiError('not_found', `${period.year}年度没有第 ${version} 版`);
    return p;
  }
  if (period.status === 'open') return null;
  return latestPublication(db, period.year);
}

/** The view a request reads: a published version, or the live year. */
export async function viewFor(db: D1Database, env: Env, year: number, version?: number): Promise<View> {
  const period = await periodOrNotFound(db, year);
  const pub = await publicationFor(db, period, version);
  return pub ? versionView(db, env, pub) : liveView(db, env, period);
}

export async function progressOf(db: D1Database, env: Env, year: number): Promise<Progress> {
  const period = await periodOrNotFound(db, year);
  const pub = period.status === 'closed' ? await latestPublication(db, year) : null;
  if (!pub) return (await liveView(db, env, period)).progress;
  // A closed year: its frozen roster, today's statuses (a correction's uploads show), overdue as at publication.
  const [roster, entries] = await Promise.all([versionRoster(db, year, pub.version), liveEntries(db, year, SUMS_VERSION)]);
  return progress(year, pub.deadline, roster, split(entries).latest, todayInChina(Date.parse(pub.publishedAt)));
}

// ── published bodies ─────────────────────────────────────────────────

const bodyKey = (pub: Publication, ext: 'json' | 'xlsx') => `consolidated/${pub.year}/v${pub.version}.${ext}`;

/** A published version's consolidated JSON: the stored bytes, rendered and stored on first use. */
export async function publishedJson(db: D1Database, env: Env, pub: Publication): Promise<string> {
  const stored = await env.PUBLISHED.get(bodyKey(pub, 'json'));
  if (stored) return stored.text();
  const body = JSON.stringify(consolidatedOfView(await versionView(db, env, pub)));
  await env.PUBLISHED.put(bodyKey(pub, 'json'), body, { httpMetadata: { contentType: 'application/json; charset=utf-8' } });
  return body;
}

/** A published version's workbook: from its JSON, every zip entry stamped with the publication time. */
export async function publishedXlsx(db: D1Database, env: Env, pub: Publication): Promise<Uint8Array> {
  const stored = await env.PUBLISHED.get(bodyKey(pub, 'xlsx'));
  if (stored) return new Uint8Array(await stored.arrayBuffer());
  const done = await finish(db, env, pub);
  const c = JSON.parse(await publishedJson(db, env, done)) as Consolidated;
  const bytes = writeXlsx(consolidatedLayout(c, done.settings), { mtime: done.publishedAt });
  await env.PUBLISHED.put(bodyKey(pub, 'xlsx'), bytes);
  return bytes;
}
