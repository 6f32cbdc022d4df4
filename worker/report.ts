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
  assessmentSheet,
  consolidate,
  progress,
  ROOT_AREA,
  sumsOf,
  SUMS_VERSION,
  todayInChina,
  totalsOf,
  templateTotals,
  type Basis,
  type Frame,
  type Template,
  type TemplateId,
  type SheetKey,
  type Values,
  type Edition,
  type ChartYear,
  type CanonicalRow,
  type Consolidated,
  type Latest,
  type Progress,
  type Published,
  type Settings,
  type StoredTarget,
  type UnitData,
} from '../shared/index.ts';
import { streamXlsx } from '../shared/xlsx/index.ts';
import { sheetsDigest, workbookSheets, writeConsolidated, type Shape, type Sink, type StreamBasis, type StreamHead, type WorkbookExtras } from '../shared/consolidate-stream.ts';
import { editionOfPeriod, editionOfYear, getPeriod, type Period } from './db/periods.ts';
import {
  finishPublication,
  getPublication,
  latestPublication,
  countedOf,
  countedUnitsOf,
  liveEntries,
  liveRoster,
  type CountedSource,
  versionEntries,
  versionPrevious,
  versionRoster,
  type Entry,
  type Publication,
} from './db/publications.ts';
import { liveTargets, versionTargets } from './db/targets.ts';
import type { Caller, Env } from './env.ts';
import { ApiError } from './errors.ts';
import { settingsOf } from './routes/meta.ts';
import { liveTree, requestArea, versionTree } from './scope.ts';

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

/**
 * Entries as the consolidation reads them: counted revisions with their
 * sums (summed again, with their year's edition, where the stored sums are
 * older than the way of summing), and every newest revision's status.
 */
function split(entries: readonly Entry[], edition: Edition): { data: Map<string, UnitData>; latest: Latest[] } {
  const data = new Map<string, UnitData>();
  const latest: Latest[] = [];
  for (const e of entries) {
    latest.push({ unit: e.unit, template: e.template, revision: e.revision, status: e.status, createdAt: e.submittedAt, comment: e.comment });
    if (e.status === 'returned') continue;
    const sums = e.sums ?? sumsOf(edition.template(e.template), JSON.parse(e.data ?? '[]') as CanonicalRow[], e.org);
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

/** Last year's counted units and their areas (live, or its newest version's roster), to name units gone from an area. */
async function lastYearAreas(db: D1Database, year: number): Promise<Map<string, string>> {
  const pub = await latestPublication(db, year - 1);
  const units = pub ? await versionRoster(db, year - 1, pub.version) : await liveRoster(db, year - 1);
  return new Map(units.map((u) => [u.code, u.area]));
}

/**
 * A published version's totals as an area sees them: the stored city
 * totals, or the version's frozen inputs restricted to the area (null when
 * the area did not exist in that version's tree).
 */
async function publishedTotals(db: D1Database, env: Env, pub: Publication | null, area: string): Promise<Basis['previousPublished']> {
  if (!pub) return null;
  const done = await finish(db, env, pub);
  if (area === ROOT_AREA) return done.totals;
  const [tree, units, edition] = await Promise.all([versionTree(db, pub.year, pub.version, done.settings.city), versionRoster(db, pub.year, pub.version), editionOfYear(db, pub.year)]);
  return totalsFrom(db, { kind: 'entries', year: pub.year, version: pub.version }, { year: pub.year, units, previousPublished: null, tree, area, edition });
}

/**
 * An area's totals from a source's counted revisions, summed one template
 * at a time as the stream reads them (never the whole city at once); null
 * when the area is not in the frame's tree.
 */
async function totalsFrom(db: D1Database, src: CountedSource, frame: Frame & { edition: Edition }): Promise<Basis['previousPublished']> {
  if (!frame.tree.get(frame.area)) return null;
  const totals: Partial<Record<SheetKey, Values>> = {};
  for (const t of frame.edition.templates) {
    const current = unitDataOf(await countedOf(db, src, t.id, SUMS_VERSION, { lean: true }), t.id, frame.edition);
    Object.assign(totals, templateTotals({ ...frame, current, previous: new Map() }, t));
  }
  return totals;
}

/** One template's counted revisions as units' data holding that template only, as a stream's template pass reads them. */
function unitDataOf(entries: readonly Entry[], t: TemplateId, edition: Edition): Map<string, UnitData> {
  const out = new Map<string, UnitData>();
  for (const e of entries) {
    if (e.status === 'returned') continue;
    const sums = e.sums ?? sumsOf(edition.template(t), JSON.parse(e.data ?? '[]') as CanonicalRow[], e.org);
    out.set(e.unit, { [t]: { submission: e.submission, revision: e.revision, sums } });
  }
  return out;
}

const latestOf = (entries: readonly Entry[]): Latest[] =>
  entries.map((e) => ({ unit: e.unit, template: e.template, revision: e.revision, status: e.status, createdAt: e.submittedAt, comment: e.comment }));

// ── the consolidation streamed: one template at a time (issue 17) ────

/** What streaming a year's consolidation reads. */
export interface StreamView {
  basis: StreamBasis;
  head: StreamHead;
  settings: Settings;
  /** Where last year's counted revisions are read. */
  last: CountedSource;
  /** The targets 目标考核 assesses against: a version's frozen ones, or the live year's. */
  targets(): Promise<StoredTarget[]>;
}

/** An open year, live, as a stream reads it: statuses and last year's counted units now, each template's sums when written. */
export async function liveStream(db: D1Database, env: Env, period: Period, caller: Caller | null, requested?: string): Promise<StreamView> {
  const year = period.year;
  const lastPub = await latestPublication(db, year - 1);
  const last: CountedSource = lastPub ? { kind: 'entries', year: year - 1, version: lastPub.version } : { kind: 'live', year: year - 1 };
  const [tree, roster, lastEdition] = await Promise.all([liveTree(db, env), liveRoster(db, year), editionOfYear(db, year - 1)]);
  const area = caller ? requestArea(caller, tree, requested) : (requested ?? ROOT_AREA);
  const edition = editionOfPeriod(period);
  const frame = { year, units: roster, previousPublished: await publishedTotals(db, env, lastPub, area), tree, area, previousAreas: await areasOfGone(db, year, area), edition };
  const passes = readPasses(db, { kind: 'live', year }, last, edition, lastEdition);
  const head = {
    generatedAt: new Date().toISOString(),
    published: null,
    progress: () => progress({ year, deadline: period.deadline, units: roster, latest: passes.latest, today: todayInChina(), tree, area, edition }),
  };
  return { basis: { ...frame, counted: passes.counted, lastYearCounted: passes.lastYearCounted }, head, settings: settingsOf(env), last, targets: () => liveTargets(db, year) };
}

/** Last year's units' areas, to name units gone from an area; the city needs none (every unit is in it). */
async function areasOfGone(db: D1Database, year: number, area: string): Promise<Map<string, string> | undefined> {
  return area === ROOT_AREA ? undefined : lastYearAreas(db, year);
}

/**
 * A stream's reads, one template at a time: each template's newest
 * revisions this year (the counted ones for the sheets, every one's status
 * for 报送进度) and last year's counted ones — so that 报送进度 and last
 * year's counted units come out of the same reads, not reads of their own.
 */
function readPasses(db: D1Database, now: CountedSource, last: CountedSource, edition: Edition, lastEdition: Edition) {
  const latest: Latest[] = [];
  const lastYear = new Set<string>();
  return {
    latest,
    counted: async (t: Template) => {
      const [c, p] = await Promise.all([countedOf(db, now, t.id, SUMS_VERSION), countedOf(db, last, t.id, SUMS_VERSION, { lean: true })]);
      latest.push(...latestOf(c));
      for (const e of p) if (e.status !== 'returned') lastYear.add(e.unit);
      return { current: unitDataOf(c, t.id, edition), previous: unitDataOf(p, t.id, lastEdition) };
    },
    lastYearCounted: async () => {
      // A template of last year's edition that this year's has not: its counted units are read on their own.
      for (const t of lastEdition.templates.filter((x) => !edition.has(x.id))) for (const e of await countedOf(db, last, t.id, SUMS_VERSION, { lean: true })) if (e.status !== 'returned') lastYear.add(e.unit);
      return lastYear;
    },
  };
}

/** A published version as a stream reads it, from its frozen inputs only. */
export async function frozenStream(db: D1Database, env: Env, pub: Publication, caller: Caller | null, requested?: string): Promise<StreamView> {
  return frozenStreamOf(db, env, await finish(db, env, pub), caller, requested);
}

/** The same, for a version whose settings and previousPublished are known (`finish` reads it so, to compute them). */
async function frozenStreamOf(db: D1Database, env: Env, pub: Publication & { settings: Settings }, caller: Caller | null, requested?: string): Promise<StreamView> {
  const { year, version } = pub;
  const tree = await versionTree(db, year, version, pub.settings.city);
  const area = caller ? requestArea(caller, tree, requested) : (requested ?? ROOT_AREA);
  const lastPub = await latestPublicationBefore(db, pub);
  const [roster, previousAreas, edition, lastEdition, previousPublished] = await Promise.all([
    versionRoster(db, year, version),
    areasOfGone(db, year, area),
    editionOfYear(db, year),
    editionOfYear(db, year - 1),
    area === ROOT_AREA ? pub.previousPublished : publishedTotals(db, env, lastPub, area),
  ]);
  const last: CountedSource = { kind: 'previous', year, version };
  const passes = readPasses(db, { kind: 'entries', year, version }, last, edition, lastEdition);
  const head = {
    generatedAt: pub.publishedAt,
    published: pub.checksum ? { version, publishedAt: pub.publishedAt, checksum: pub.checksum } : null,
    // Overdue as at publication.
    progress: () => progress({ year, deadline: pub.deadline, units: roster, latest: passes.latest, today: todayInChina(Date.parse(pub.publishedAt)), tree, area, edition }),
  };
  return {
    basis: { year, units: roster, previousPublished, tree, area, previousAreas, edition, counted: passes.counted, lastYearCounted: passes.lastYearCounted },
    head,
    settings: pub.settings,
    last,
    targets: () => versionTargets(db, year, version),
  };
}

/** The consolidated JSON of a stream, written to `sink` as it is made, the trend at its end. */
export async function writeStream(db: D1Database, env: Env, sv: StreamView, sink: Sink, shape: Shape = 'rows'): Promise<void> {
  await writeConsolidated(sv.basis, sv.head, sink, async (totals) => ({ trend: await chartTrend(db, env, sv.basis, sv.head.published, totals) }), shape);
}

/**
 * The consolidated workbook of a stream, sheet by sheet as it is made
 * (`mtime`: the time on every zip entry — a version's publication time).
 */
export async function writeWorkbook(db: D1Database, env: Env, sv: StreamView, sink: (bytes: Uint8Array) => void | Promise<void>, mtime?: string): Promise<void> {
  const [lastYear, targets] = await Promise.all([countedUnitsOf(db, sv.last), sv.targets()]);
  const frame = sv.basis;
  const extras: WorkbookExtras = {
    settings: sv.settings,
    trend: (totals) => chartTrend(db, env, frame, sv.head.published, totals),
    ...(targets.length
      ? { assessment: { templates: [...new Set(targets.map((t) => t.template))], of: (current) => assessmentSheet({ ...frame, current, previous: new Map() }, targets) } }
      : {}),
  };
  await streamXlsx(workbookSheets(frame, sv.head, lastYear, extras), sink, mtime ? { mtime } : {});
}

/** Bytes written as they are made, as a response body. A failure after the first byte aborts the body (the client sees it cut). */
export function byteStream(write: (sink: (bytes: Uint8Array) => Promise<void>) => Promise<void>): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  write(async (bytes) => {
    await writer.ready;
    await writer.write(bytes);
  }).then(
    () => writer.close(),
    (e: unknown) => writer.abort(e),
  );
  return readable;
}

/** A year's live consolidation as a stream of UTF-8 JSON, for the response. */
export function jsonStream(write: (sink: Sink) => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return byteStream((sink) => write((text) => sink(encoder.encode(text))));
}

/** Text written as it is made, gzipped whole (a published body is kept compressed: ~1/8 of its size). */
async function gzipOf(write: (sink: Sink) => Promise<void>): Promise<Uint8Array> {
  const gzip = new CompressionStream('gzip');
  const writer = gzip.writable.getWriter();
  const compressed = new Response(gzip.readable).arrayBuffer();
  const encoder = new TextEncoder();
  try {
    await write(async (text) => {
      await writer.ready;
      await writer.write(encoder.encode(text));
    });
  } catch (e) {
    // Nothing is stored from a body that failed half-way; the compressor is let go.
    await writer.abort(e).catch(() => undefined);
    await compressed.catch(() => undefined);
    throw e;
  }
  await writer.close();
  return new Uint8Array(await compressed);
}

/** Bytes made in pieces, joined. */
async function collect(write: (sink: (bytes: Uint8Array) => void) => Promise<void>): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  await write((b) => void pieces.push(b));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An open year, live: the live roster and tree, every newest revision, last year as published. */
export async function liveView(db: D1Database, env: Env, period: Period, caller: Caller | null, requested?: string): Promise<View> {
  const year = period.year;
  const [tree, roster, entries, previous, lastPub, previousAreas, lastEdition] = await Promise.all([
    liveTree(db, env),
    liveRoster(db, year),
    liveEntries(db, year, SUMS_VERSION),
    lastYear(db, year),
    latestPublication(db, year - 1),
    lastYearAreas(db, year),
    editionOfYear(db, year - 1),
  ]);
  const area = caller ? requestArea(caller, tree, requested) : (requested ?? ROOT_AREA);
  const edition = editionOfPeriod(period);
  const now = split(entries, edition);
  const basis: Basis = {
    year,
    units: roster,
    current: now.data,
    previous: split(previous, lastEdition).data,
    previousPublished: await publishedTotals(db, env, lastPub, area),
    tree,
    area,
    previousAreas,
    edition,
  };
  return {
    basis,
    progress: progress({ year, deadline: period.deadline, units: roster, latest: now.latest, today: todayInChina(), tree, area, edition }),
    published: null,
    generatedAt: new Date().toISOString(),
    settings: settingsOf(env),
  };
}

/** A published version's basis, from its frozen inputs only (previousPublished given, or null). */
async function frozenBasis(db: D1Database, pub: Publication, previousPublished: Basis['previousPublished'], area: string, city = pub.settings?.city ?? ''): Promise<Basis & { latest: Latest[] }> {
  const { year, version } = pub;
  const [roster, entries, previous, tree, previousAreas, edition, lastEdition] = await Promise.all([
    versionRoster(db, year, version),
    versionEntries(db, year, version, SUMS_VERSION),
    versionPrevious(db, year, version, SUMS_VERSION),
    versionTree(db, year, version, city),
    lastYearAreas(db, year),
    editionOfYear(db, year),
    editionOfYear(db, year - 1),
  ]);
  const now = split(entries, edition);
  return { year, units: roster, current: now.data, previous: split(previous, lastEdition).data, previousPublished, tree, area, previousAreas, edition, latest: now.latest };
}

/** A published version, from its frozen inputs only; its city-wide figures, or one area's. */
async function frozenView(db: D1Database, env: Env, pub: Publication, settings: Settings, caller: Caller | null, requested?: string): Promise<View> {
  const probe = await versionTree(db, pub.year, pub.version, settings.city);
  const area = caller ? requestArea(caller, probe, requested) : (requested ?? ROOT_AREA);
  const lastPub = await latestPublicationBefore(db, pub);
  const previousPublished = area === ROOT_AREA ? pub.previousPublished : await publishedTotals(db, env, lastPub, area);
  const { latest, ...basis } = await frozenBasis(db, pub, previousPublished, area, settings.city);
  return {
    basis,
    // Overdue as at publication.
    progress: progress({ year: pub.year, deadline: pub.deadline, units: basis.units, latest, today: todayInChina(Date.parse(pub.publishedAt)), tree: basis.tree, area, edition: basis.edition }),
    published: pub.checksum ? { version: pub.version, publishedAt: pub.publishedAt, checksum: pub.checksum } : null,
    generatedAt: pub.publishedAt,
    settings,
  };
}

/**
 * Last year's version a published version compared with: the newest one
 * published before it (an area's previousPublished is restricted from it).
 */
async function latestPublicationBefore(db: D1Database, pub: Publication): Promise<Publication | null> {
  const last = await latestPublication(db, pub.year - 1);
  return last && last.publishedAt <= pub.publishedAt ? last : null;
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
  // The city's sheets, a template at a time, hashed as they are made (a province's never sit whole in memory).
  const sv = await frozenStreamOf(db, env, { ...pub, checksum: null, settings, previousPublished }, null);
  const { checksum, totals } = await sheetsDigest(sv.basis);
  const done = { ...pub, checksum, settings, previousPublished, totals };
  await finishPublication(db, done).run();
  return done;
}

/** A published version's view (finished first if it was not yet), for the caller's area or a requested one. */
export async function versionView(db: D1Database, env: Env, pub: Publication, caller: Caller | null = null, area?: string): Promise<View> {
  const done = await finish(db, env, pub);
  return frozenView(db, env, done, done.settings, caller, area);
}

/** How many years the workbook's trend chart covers, ending with the year itself. */
export const CHART_YEARS = 5;

/**
 * The figures of the workbook's trend chart (图表): the area's 年末个人会员数
 * and 培训人次 for the five years ending with the view's. An earlier year is
 * its newest version published by the time this version was (so a published
 * workbook never changes), or now for a live view, where a year still open
 * counts live; a year with neither is a gap.
 */
async function chartTrend(db: D1Database, env: Env, frame: Pick<Basis, 'year' | 'area'>, published: Published | null, own: Basis['previousPublished']): Promise<ChartYear[]> {
  const asOf = published?.publishedAt ?? null;
  const point = (year: number, t: Basis['previousPublished']): ChartYear => ({ year, members: t?.members?.members_total ?? null, trainees: t?.trainings?.trainees ?? null });
  const earlier = Array.from({ length: CHART_YEARS - 1 }, (_, i) => frame.year - CHART_YEARS + 1 + i);
  const points = await Promise.all(
    earlier.map(async (year) => {
      const pub = await latestPublication(db, year, asOf);
      if (pub) return point(year, await publishedTotals(db, env, pub, frame.area));
      const period = asOf === null ? await getPeriod(db, year) : null;
      if (period?.status !== 'open') return point(year, null);
      const [tree, units] = await Promise.all([liveTree(db, env), liveRoster(db, year)]);
      return point(year, await totalsFrom(db, { kind: 'live', year }, { year, units, previousPublished: null, tree, area: frame.area, edition: editionOfPeriod(period) }));
    }),
  );
  return [...points, point(frame.year, own)];
}

/** A view's consolidation, with the trend its charts draw. */
export async function consolidatedOf(db: D1Database, env: Env, v: View): Promise<Consolidated> {
  const c = consolidate({ ...v.basis, generatedAt: v.generatedAt, progress: v.progress, published: v.published });
  return { ...c, trend: await chartTrend(db, env, v.basis, v.published, totalsOf(v.basis)) };
}

/** A year's consolidation as GET /consolidated answers it: a published version's stored body, else live. */
export async function consolidatedFor(db: D1Database, env: Env, year: number, opts: { version?: number; caller: Caller; area?: string }): Promise<Consolidated> {
  const pub = await publicationFor(db, await periodOrNotFound(db, year), opts.version);
  if (pub) return JSON.parse(await publishedJson(db, env, pub, await publishedArea(db, env, pub, opts.caller, opts.area))) as Consolidated;
  return consolidatedOf(db, env, await viewFor(db, env, year, opts));
}

/** The targets a view is assessed against (analysis.md): its published version's frozen ones, or the live year's. */
export async function targetsOfView(db: D1Database, v: View): Promise<StoredTarget[]> {
  return v.published ? versionTargets(db, v.basis.year, v.published.version) : liveTargets(db, v.basis.year);
}

/** A live year's consolidated workbook (the area asked, with 目标考核 when it has targets) as the route answers it: written as it is made. */
export async function liveXlsx(db: D1Database, env: Env, period: Period, opts: { caller: Caller; area?: string }): Promise<{ body: (sink: (bytes: Uint8Array) => void | Promise<void>) => Promise<void>; where: string }> {
  const sv = await liveStream(db, env, period, opts.caller, opts.area);
  const where = sv.basis.area === ROOT_AREA ? '全市' : sv.basis.tree.get(sv.basis.area)!.name;
  return { body: (sink) => writeWorkbook(db, env, sv, sink), where };
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

/** The view a request reads: a published version, or the live year; the caller's area, or a requested one within it. */
export async function viewFor(db: D1Database, env: Env, year: number, opts: { version?: number; caller: Caller; area?: string }): Promise<View> {
  const period = await periodOrNotFound(db, year);
  const pub = await publicationFor(db, period, opts.version);
  return pub ? versionView(db, env, pub, opts.caller, opts.area) : liveView(db, env, period, opts.caller, opts.area);
}

export async function progressOf(db: D1Database, env: Env, year: number, caller: Caller, requested?: string): Promise<Progress> {
  const period = await periodOrNotFound(db, year);
  const pub = period.status === 'closed' ? await latestPublication(db, year) : null;
  if (!pub) return (await liveView(db, env, period, caller, requested)).progress;
  // A closed year: its frozen roster and tree, today's statuses (a correction's uploads show), overdue as at publication.
  const done = await finish(db, env, pub);
  const [roster, entries, tree] = await Promise.all([versionRoster(db, year, pub.version), liveEntries(db, year, SUMS_VERSION), versionTree(db, year, pub.version, done.settings.city)]);
  const area = requestArea(caller, tree, requested);
  const edition = editionOfPeriod(period);
  return progress({ year, deadline: pub.deadline, units: roster, latest: split(entries, edition).latest, today: todayInChina(Date.parse(pub.publishedAt)), tree, area, edition });
}

// ── published bodies ─────────────────────────────────────────────────

/** The area a request for a published version is for, checked against the version's frozen tree. */
export async function publishedArea(db: D1Database, env: Env, pub: Publication, caller: Caller, requested?: string): Promise<string> {
  const done = await finish(db, env, pub);
  return requestArea(caller, await versionTree(db, pub.year, pub.version, done.settings.city), requested);
}

/** Where a version's body is kept: the city's as `v{N}.json.gz` (`v{N}.columns.json.gz` in the columnar shape), an area's beside it. */
const bodyKey = (pub: Publication, ext: 'json.gz' | 'columns.json.gz' | 'xlsx', area: string) => `consolidated/${pub.year}/v${pub.version}${area === ROOT_AREA ? '' : `/${area}`}.${ext}`;

/**
 * A published version's consolidated JSON (the city's or an area's),
 * gzipped: the stored bytes, rendered from the frozen inputs and stored on
 * first use. Kept compressed, it is served as it is to a client that
 * accepts gzip (nearly all) and unpacked as it is sent to one that does not.
 */
export async function publishedJsonGz(db: D1Database, env: Env, pub: Publication, area = ROOT_AREA, shape: Shape = 'rows'): Promise<ReadableStream<Uint8Array>> {
  const key = bodyKey(pub, shape === 'columns' ? 'columns.json.gz' : 'json.gz', area);
  const stored = await env.PUBLISHED.get(key);
  if (stored) return stored.body;
  const sv = await frozenStream(db, env, pub, null, area);
  const gz = await gzipOf((sink) => writeStream(db, env, sv, sink, shape));
  await env.PUBLISHED.put(key, gz, { httpMetadata: { contentType: 'application/json; charset=utf-8', contentEncoding: 'gzip' } });
  return new Blob([gz]).stream();
}

/** A published version's consolidated JSON as text. */
export async function publishedJson(db: D1Database, env: Env, pub: Publication, area = ROOT_AREA): Promise<string> {
  return new Response((await publishedJsonGz(db, env, pub, area)).pipeThrough(new DecompressionStream('gzip'))).text();
}

/** A published version's workbook, every zip entry stamped with the publication time: the stored bytes, rendered on first use. */
export async function publishedXlsx(db: D1Database, env: Env, pub: Publication, area = ROOT_AREA): Promise<ReadableStream<Uint8Array>> {
  const stored = await env.PUBLISHED.get(bodyKey(pub, 'xlsx', area));
  if (stored) return stored.body;
  const sv = await frozenStream(db, env, pub, null, area);
  const bytes = await collect((sink) => writeWorkbook(db, env, sv, sink, pub.publishedAt));
  await env.PUBLISHED.put(bodyKey(pub, 'xlsx', area), bytes);
  return new Blob([bytes]).stream();
}

