/**
 * 审核: the list of revisions (filtered and paged on the server), and one
 * revision opened with its figures in view — beside the unit's own last year
 * and the median of its org type, its warnings with the clerk's 情况说明,
 * and what changed since its previous revision, marked on the cells — with
 * accept and return right there.
 */
import { orgLabel, ORG_TYPES, type Field, type OrgKey, type Template } from '../../shared/catalog.ts';
import { Choice } from './Choice.tsx';
import { checkName } from '../../shared/client.ts';
import type { RevisionMeta } from '../../shared/responses.ts';
import { closedText } from '../actions.ts';
import { templateNamed } from '../../shared/editions.ts';
import { canonicalRows, type CanonicalRow } from '../../shared/canonical.ts';
import { measuresOf, present, sumsOf } from '../../shared/consolidate.ts';
import type { RevisionDetail, Values } from '../../shared/responses.ts';
import { REVISION_STATUSES, type RevisionStatus } from '../../shared/catalog.ts';
import { chinaTime } from '../../shared/time.ts';
import { editionOfState, periodOf, reviewable, yearOpen, type Reviewing, type State } from '../state.ts';
import type { ViewProps } from './App.tsx';
import { cellText, show } from './format.ts';

const STATUS_TEXT: Record<RevisionStatus, string> = { submitted: '待审核', returned: '已退回', accepted: '已审核通过' };
const FILTER_TEXT: Record<RevisionStatus, string> = { submitted: '待审核', returned: '已退回', accepted: '已通过' };

/** The loaded revisions by unit, in the server's order of units, each unit's tables in 表号 order. */
function byUnit(s: State): { unit: string; rows: RevisionMeta[] }[] {
  const groups = new Map<string, RevisionMeta[]>();
  for (const r of s.pending) groups.set(r.unit, [...(groups.get(r.unit) ?? []), r]);
  return [...groups].map(([unit, rows]) => ({ unit, rows: rows.sort((x, y) => templateNamed(x.template).no - templateNamed(y.template).no) }));
}

export function ReviewList({ s, a }: ViewProps) {
  const dis = !!s.busy;
  const units = new Map(s.progress?.units.map((u) => [u.unit, u]) ?? []);
  const f = s.reviewFilter;
  const groups = byUnit(s);
  // Rows reviewed in place no longer match the filter: the list says so, and reads again only when asked.
  const moved = s.pending.filter((r) => r.status !== f.status).length;
  const districts = s.progress?.areas ?? [];
  return (
    <>
      <div class="row filters" role="group" aria-label="筛选报表">
        <label for="review-status">状态</label>
        <select id="review-status" value={f.status} disabled={dis} onChange={(e) => void a.setReviewFilter({ status: e.currentTarget.value as RevisionStatus })}>
          {REVISION_STATUSES.map((x) => (
            <option value={x}>{FILTER_TEXT[x]}</option>
          ))}
        </select>
        <Choice
          id="review-template"
          label="报表"
          all="全部报表"
          value={f.template}
          options={editionOfState(s).templates.map((t) => ({ key: t.id, label: t.sheet }))}
          disabled={dis}
          onChange={(template) => void a.setReviewFilter({ template })}
        />
        {districts.length ? <Choice id="review-area" label="区县" value={f.area} options={districts.map((d) => ({ key: d.area, label: d.name }))} disabled={dis} onChange={(area) => void a.setReviewFilter({ area })} /> : null}
        <Choice id="review-org" label="组织类型" value={f.org} options={ORG_TYPES} disabled={dis} onChange={(org) => void a.setReviewFilter({ org })} />
      </div>
      {yearOpen(s) ? null : (
        <p class="closed" role="note" aria-label="不能审核的原因">
          {closedText(s.year, periodOf(s), s.me?.role ?? null)}
          {s.corrections.some((c) => c.status === 'open') ? '（开放更正的单位的相关报表仍可审核）' : ''}
        </p>
      )}
      <div class="row">
        <h3 class="grow" id="review-list" tabIndex={-1}>
          {FILTER_TEXT[f.status]}（{s.pending.length - moved}
          {s.pendingCursor ? '+' : ''}）
        </h3>
        {moved ? (
          <button type="button" class="link" disabled={dis} onClick={() => void a.reloadPending()}>
            刷新列表（已处理 {moved} 份）
          </button>
        ) : null}
      </div>
      {s.pending.length ? null : <p class="hint">没有符合条件的报表</p>}
      {/* A revision opened from elsewhere (报送进度, 数据质量) that the list does not show: its panel comes first. */}
      {s.reviewing && !s.pending.some((r) => r.id === s.reviewing!.detail.id) ? <ReviewPanel r={s.reviewing} s={s} a={a} /> : null}
      <ul class="reviews" aria-label={FILTER_TEXT[f.status]}>
        {groups.map(({ unit, rows }) => {
          const u = units.get(unit);
          const name = u?.name ?? unit;
          const acceptable = rows.filter((r) => r.status === 'submitted' && reviewable(s, r.unit, r.template));
          return (
            <li key={unit} class="unit-group" id={`unit-${unit}`} tabIndex={-1} aria-label={name}>
              <div class="row">
                <h4 class="grow">
                  {name}
                  {u ? (
                    <span class="hint">
                      {' '}
                      {orgLabel(u.org)} · {u.district}
                    </span>
                  ) : null}
                </h4>
                {f.status === 'submitted' && acceptable.length > 1 ? (
                  <button type="button" disabled={dis} aria-label={`全部通过：${name}`} onClick={() => void a.acceptUnit(unit)}>
                    全部通过
                  </button>
                ) : null}
              </div>
              <ul class="unit-rows" aria-label={`${name}的报表`}>
                {rows.map((r) => (
                  <RevisionRow key={r.id} r={r} name={name} s={s} a={a} />
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {s.pendingCursor ? (
        <button type="button" disabled={dis} onClick={() => void a.morePending()}>
          加载更多
        </button>
      ) : null}
    </>
  );
}

/**
 * One revision in the list: what it is, its status once reviewed, 审阅 and 通过 — named with the unit
 * and table, so that a screen reader's list of buttons says which is which. The row keeps its size
 * whatever happens to it, so the next row's buttons never move under the mouse; opened, its
 * review panel unfolds right below it.
 */
function RevisionRow({ r, name, s, a }: ViewProps & { r: RevisionMeta; name: string }) {
  const dis = !!s.busy;
  const sheet = templateNamed(r.template).sheet;
  const open = s.reviewing?.detail.id === r.id;
  const canAccept = r.status === 'submitted' && reviewable(s, r.unit, r.template) && !open;
  return (
    <li id={`revision-${r.id}`} tabIndex={-1} class={open ? 'open' : ''}>
      <div class="row">
        <span class="grow">
          {sheet} · 第 {r.revision} 版 · {chinaTime(r.createdAt)}
          {r.warnings.length ? <span class="tag warn">{r.warnings.length} 处提示</span> : null}
        </span>
        <button type="button" disabled={dis} aria-label={`审阅：${name} ${sheet} 第 ${r.revision} 版`} onClick={() => void a.openReview(r.id)}>
          {open ? '已打开' : '审阅'}
        </button>
        {canAccept ? (
          <button type="button" class="primary slot" disabled={dis} aria-label={`通过：${name} ${sheet}`} onClick={() => void a.review(r.id, 'accept')}>
            通过
          </button>
        ) : (
          // In the button's place and of its size, so that nothing beside or below it moves: the new status once reviewed.
          <span class={`slot tag st-${r.status}`}>{r.status !== s.reviewFilter.status ? STATUS_TEXT[r.status] : ''}</span>
        )}
      </div>
      {open && s.reviewing ? <ReviewPanel r={s.reviewing} s={s} a={a} /> : null}
    </li>
  );
}

/** A record's key, for matching a list's rows across revisions: its catalog's unique fields (T4, A4), else its place. */
function keyOf(t: Template): (row: CanonicalRow, i: number) => string {
  const unique = t.checks.flatMap((c) => c.rules).find((r) => r.kind === 'unique');
  return unique && unique.kind === 'unique' ? (row) => JSON.stringify(unique.fields.map((k) => row[k] ?? null)) : (_, i) => String(i);
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/** The measures (a record's fields, a list's sums) of a revision's rows, summed as consolidation sums them. */
function valuesOf(t: Template, r: RevisionDetail, org: OrgKey): Values {
  return present(measuresOf(t), sumsOf(t, canonicalRows(t, r.rows, org), org).raw, []);
}

/** A cell that may have changed since the previous revision: marked, and saying what it was. */
function Cell({ text, was, num }: { text: string; was: string | null; num?: boolean }) {
  const changed = was !== null && was !== text;
  return (
    <td class={`${num ? 'num ' : ''}${changed ? 'changed' : ''}`.trim() || undefined} title={changed ? `上一版：${was}` : undefined}>
      {text}
      {changed ? <span class="sr">（已修改，上一版：{was}）</span> : null}
    </td>
  );
}

/** The measures beside the previous revision, last year and the peers' median. */
function Figures({ r, label }: { r: Reviewing; label: string }) {
  const org = r.context.org ?? 'union';
  const now = valuesOf(r.template, r.detail, org);
  const before = r.before ? valuesOf(r.template, r.before, org) : null;
  const measures = measuresOf(r.template).filter((m) => m.appliesTo(org));
  return (
    <div class="scroll">
      <table class="compare" aria-label={label}>
        <thead>
          <tr>
            <th>指标</th>
            <th>本版</th>
            {before ? <th>第 {r.before!.revision} 版</th> : null}
            <th>上年</th>
            <th>同类中位数（{r.context.peers} 个单位）</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => {
            const k = m.column.key;
            const unit = m.column.unit;
            return (
              <tr>
                <th scope="row">
                  {m.column.label}
                  {unit ? <span class="hint">（{unit}）</span> : null}
                </th>
                <Cell num text={show(now[k], unit)} was={before ? show(before[k], unit) : null} />
                {before ? <td class="num">{show(before[k], unit)}</td> : null}
                <td class="num">{show(r.context.previous[k], unit)}</td>
                <td class="num">{show(r.context.median[k], unit)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A list's rows as uploaded, cells changed since the previous revision marked, rows added or removed said. */
function Rows({ r }: { r: Reviewing }) {
  const t = r.template;
  const key = keyOf(t);
  const fields = t.fields.filter((f: Field) => r.detail.rows.some((row) => row[f.key] !== null && row[f.key] !== undefined));
  const before = new Map((r.before?.rows ?? []).map((row, i) => [key(row as CanonicalRow, i), row]));
  const kept = new Set<string>();
  const removed = () => [...before.entries()].filter(([k]) => !kept.has(k)).map(([, row]) => row);
  const body = r.detail.rows.map((row, i) => {
    const k = key(row as CanonicalRow, i);
    kept.add(k);
    const was = r.before ? before.get(k) : undefined;
    return (
      <tr class={r.before && !was ? 'added' : undefined}>
        <td>{i + 1}</td>
        {fields.map((f) => (
          <Cell text={cellText(f, row[f.key])} was={was ? cellText(f, was[f.key]) : null} num={f.type === 'int' || f.type === 'money'} />
        ))}
        <td>{r.before && !was ? '新增' : ''}</td>
      </tr>
    );
  });
  const gone = r.before ? removed() : [];
  return (
    <div class="scroll">
      <table aria-label="报表各行">
        <thead>
          <tr>
            <th>行</th>
            {fields.map((f) => (
              <th>{f.label}</th>
            ))}
            <th>变化</th>
          </tr>
        </thead>
        <tbody>
          {body}
          {gone.map((row) => (
            <tr class="removed">
              <td>—</td>
              {fields.map((f) => (
                <td>{cellText(f, row[f.key])}</td>
              ))}
              <td>已删除</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.detail.rows.length ? null : <p class="hint">本年无（未填写任何一行）</p>}
    </div>
  );
}

/** How many cells changed since the previous revision, said in words. */
function changeText(r: Reviewing): string {
  if (!r.before) return '这是该单位本报表的第一版';
  const t = r.template;
  const key = keyOf(t);
  const before = new Map(r.before.rows.map((row, i) => [key(row as CanonicalRow, i), row]));
  let cells = 0;
  let added = 0;
  const seen = new Set<string>();
  r.detail.rows.forEach((row, i) => {
    const k = key(row as CanonicalRow, i);
    seen.add(k);
    const was = before.get(k);
    if (!was) added += 1;
    else cells += t.fields.filter((f) => !same(row[f.key], was[f.key])).length;
  });
  const removed = [...before.keys()].filter((k) => !seen.has(k)).length;
  const parts = [cells ? `修改 ${cells} 个单元格` : '', added ? `新增 ${added} 行` : '', removed ? `删除 ${removed} 行` : ''].filter(Boolean);
  return parts.length ? `与第 ${r.before.revision} 版相比：${parts.join('，')}（已标出）` : `与第 ${r.before.revision} 版相同`;
}

function ReviewPanel({ r, s, a }: ViewProps & { r: Reviewing }) {
  const d = r.detail;
  const t = r.template;
  const dis = !!s.busy;
  const who = `${r.name} ${t.sheet}`;
  const list = t.kind === 'list';
  return (
    <section class="review" id="review-panel" tabIndex={-1} role="region" aria-label="审阅报表">
      <div class="row">
        <h3 class="grow">
          {r.name} · {t.sheet} · 第 {d.revision} 版
        </h3>
        <span class={`tag st-${d.status}`}>{STATUS_TEXT[d.status]}</span>
        <button type="button" class="link" onClick={() => a.closeReview()}>
          关闭
        </button>
      </div>
      <p class="hint">
        {r.context.org ? orgLabel(r.context.org) : ''} · 上报于 {chinaTime(d.createdAt)} · {changeText(r)}
      </p>
      {d.warnings.length ? (
        <div class="warnings" role="group" aria-label="提示与情况说明">
          <ul>
            {d.warnings.map((w) => (
              <li>
                <span class="code">{checkName(editionOfState(s), w.template, w.code)}</span> {w.message}
              </li>
            ))}
          </ul>
          <p>
            <strong>情况说明：</strong>
            {d.explanation ?? '（未填写）'}
          </p>
        </div>
      ) : d.explanation ? (
        <p class="hint">情况说明：{d.explanation}</p>
      ) : null}
      {list ? <Rows r={r} /> : null}
      <Figures r={r} label={list ? '合计与对比' : '报表数据与对比'} />
      {d.reviews.length ? (
        <ul class="history" aria-label="审核记录">
          {d.reviews.map((x) => (
            <li>
              {chinaTime(x.createdAt)} {x.action === 'accept' ? '审核通过' : '退回'}
              {x.comment ? `：${x.comment}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {reviewable(s, d.unit, d.template) ? (
        <div class="row">
          <input
            type="text"
            class="grow"
            id={`comment-${d.id}`}
            aria-label={`退回意见：${who}`}
            placeholder="退回意见（退回时必填）"
            value={s.comments[d.id] ?? ''}
            onInput={(e) => a.setComment(d.id, e.currentTarget.value)}
          />
          <button type="button" class="primary" disabled={dis} aria-label={`通过：${who}`} onClick={() => void a.review(d.id, 'accept')}>
            通过
          </button>
          <button type="button" disabled={dis} aria-label={`退回：${who}`} onClick={() => void a.review(d.id, 'return')}>
            退回
          </button>
        </div>
      ) : (
        <p class="hint">{closedText(s.year, periodOf(s), s.me?.role ?? null)}</p>
      )}
    </section>
  );
}
