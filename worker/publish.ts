/**
 * Publishing (reporting-year.md): closing a year freezes what it is made of
 * and publishes it as a version; a correction republishes one unit's
 * templates as the next version; reopening and closing again publishes a
 * new version only when the figures changed. Each publication is one D1
 * batch (the period's state and the frozen inputs change together, so no
 * upload lands between them); the checksum and the rendered bodies follow.
 */
import type { TemplateId, Version } from '../shared/index.ts';
import { getPeriod, putPeriodStatement, type Period } from './db/periods.ts';
import {
  closeCorrection,
  correctionStatements,
  countedRevisions,
  deletePublication,
  freezeStatements,
  getCorrection,
  getPublication,
  hasOpenCorrection,
  inVersionRoster,
  insertCorrection,
  latestPublication,
  listPublications,
  markClosing,
  toCorrection,
  type Publication,
} from './db/publications.ts';
import { sameTargets } from './db/targets.ts';
import { now } from './db/util.ts';
import type { Env } from './env.ts';
import { ApiError } from './errors.ts';
import { finish, publishedJsonGz, publishedXlsx } from './report.ts';

export const RECLOSE_REASON = '重新开放后关闭';

/** A version as GET /consolidated/{year}/versions lists it. */
export async function versionsOf(db: D1Database, env: Env, year: number): Promise<Version[]> {
  const { publications, changes } = await listPublications(db, year);
  const out: Version[] = [];
  for (const p of publications) {
    const done = await finish(db, env, p);
    out.push({
      version: p.version,
      publishedAt: p.publishedAt,
      checksum: done.checksum,
      reason: p.reason,
      changes: changes.filter((c) => c.version === p.version).map(({ unit, template, from, to }) => ({ unit, template, from, to })),
    });
  }
  return out;
}

/** Finishes a new version and stores its bodies, so that the first reader gets them as published. */
async function render(db: D1Database, env: Env, pub: Publication) {
  const done = await finish(db, env, pub);
  // Rendered now and stored, so that the first reader waits for nothing.
  await (await publishedJsonGz(db, env, done)).cancel();
  await (await publishedXlsx(db, env, done)).cancel();
  return done;
}

/** PUT /periods/{year} {status: 'closed'}: closes and publishes (or, for a closed year, only refuses a new deadline). */
export async function closeYear(db: D1Database, env: Env, year: number, deadline?: string): Promise<Period> {
  const period = await getPeriod(db, year);
  if (period?.status === 'closed') {
    if (deadline !== undefined && deadline !== period.deadline) throw new ApiError('conflict', `${year}年度已关闭，截止日期不能再修改`);
    return period;
  }
  // Last year's totals must be there to be carried into this version's previousPublished.
  const last = await latestPublication(db, year - 1);
  if (last) await finish(db, env, last);
  const prior = await latestPublication(db, year);
  const version = (prior?.version ?? 0) + 1;
  const at = now();
  const [closed] = await db.batch<Period>([
    putPeriodStatement(db, { year, status: 'closed', deadline: deadline ?? null }, at),
    ...freezeStatements(db, year, version, at, prior ? RECLOSE_REASON : null, deadline ?? period?.deadline ?? null),
  ]);
  const pub = (await getPublication(db, year, version))!;
  const done = await finish(db, env, pub);
  // Reopened and closed again with the same figures and the same targets: nothing new to publish.
  if (prior && (await finish(db, env, prior)).checksum === done.checksum && (await sameTargets(db, year, prior.version, version))) await db.batch(deletePublication(db, year, version));
  else await render(db, env, done);
  return closed!.results[0]!;
}

/** PUT /periods/{year} {status: 'open'}: (re)opens; a year with a correction under way cannot be reopened whole. */
export async function openYear(db: D1Database, year: number, deadline?: string): Promise<Period> {
  if (await hasOpenCorrection(db, year)) throw new ApiError('conflict', `${year}年度有尚未结束的更正，请先结束更正再重新开放`);
  return (await putPeriodStatement(db, { year, status: 'open', deadline: deadline ?? null }).first<Period>())!;
}

export async function openCorrection(db: D1Database, year: number, by: string, b: { unit: string; templates: TemplateId[]; reason: string }) {
  const period = await getPeriod(db, year);
  if (!period) throw new ApiError('not_found', `没有 ${year} 年度的报告期`);
  if (period.status !== 'closed') throw new ApiError('conflict', `${year}年度尚未关闭，直接上报即可，无需更正`);
  const pub = await latestPublication(db, year);
  if (!pub || !(await inVersionRoster(db, year, pub.version, b.unit))) throw new ApiError('validation_failed', `单位“${b.unit}”不在 ${year}年度的报送名录中，不能更正`);
  const c = { id: crypto.randomUUID(), year, unit: b.unit, templates: [...new Set(b.templates)], reason: b.reason.trim(), at: now(), by };
  if (!(await insertCorrection(db, c))) throw new ApiError('conflict', `单位“${b.unit}”在 ${year}年度已有尚未结束的更正`);
  return toCorrection((await getCorrection(db, year, c.id))!);
}

/**
 * Closes a correction: version N+1 is version N with only that unit's
 * templates replaced by their counted revisions now; nothing changed, no version.
 */
export async function closeCorrectionOf(db: D1Database, env: Env, year: number, id: string) {
  const c = await getCorrection(db, year, id);
  if (!c) throw new ApiError('not_found', '找不到该更正');
  if (c.status === 'closed') throw new ApiError('conflict', '该更正已结束');
  // From here on the correction's templates take no more uploads.
  await markClosing(db, year, id);
  const templates = JSON.parse(c.templates) as TemplateId[];
  const pub = (await latestPublication(db, year))!;
  const counted = await countedRevisions(db, year, pub.version, c.unit, templates);
  const at = now();
  if (counted.every((x) => x.published === x.now)) {
    await closeCorrection(db, year, id, at, null).run();
    return { correction: toCorrection((await getCorrection(db, year, id))!), version: null };
  }
  const version = pub.version + 1;
  await db.batch([...correctionStatements(db, year, version, at, c.reason, c.unit, templates), closeCorrection(db, year, id, at, version)]);
  await render(db, env, (await getPublication(db, year, version))!);
  const versions = await versionsOf(db, env, year);
  return { correction: toCorrection((await getCorrection(db, year, id))!), version: versions.find((v) => v.version === version)! };
}
