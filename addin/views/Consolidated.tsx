/**
 * The consolidated figures for the statistician: per sheet, the subtotal and
 * total rows; each figure opens its trace (数据溯源) — the units and revisions
 * it is made of, adding up to it — and each of those opens the revision.
 */
import type { SheetKey as Key } from '../../shared/catalog.ts';
import { isBreakdown, templateOfSheet } from '../../shared/consolidate.ts';
import { templateNamed } from '../../shared/editions.ts';
import { editionOfState } from '../state.ts';
import { rowIdOf } from '../../shared/report-figures.ts';
import type { Contribution, SheetKey, Trace } from '../../shared/responses.ts';
import type { ViewProps } from './App.tsx';
import { cellText, show } from './format.ts';

/** A consolidated sheet as the list names it: 表1 组织与会员, 表2 按培训类别. */
function sheetName(key: Key): string {
  const t = templateNamed(templateOfSheet(key));
  return isBreakdown(key) ? `表${t.no} ${t.breakdown!.by}` : t.sheet;
}


function Contributions({ list, a, label, unit }: { list: Contribution[]; a: ViewProps['a']; label: string; unit: string }) {
  return (
    <ul class="contributions" aria-label={label}>
      {list.map((c) => (
        <li>
          <span>
            {c.name}（第 {c.revision} 版）
          </span>
          <span class="num">{show(c.value, unit)}</span>
          <button type="button" class="link" aria-label={`查看报表：${c.name} 第 ${c.revision} 版`} onClick={() => void a.openRevision(c.submissionId)}>
            查看报表
          </button>
        </li>
      ))}
    </ul>
  );
}

export function TraceView({ t, label, a }: { t: Trace; label: string; a: ViewProps['a'] }) {
  if ('contributions' in t) {
    return (
      <div class="trace" role="region" aria-label="数据溯源">
        <h3>
          溯源：{label} = {show(t.value, t.unit)}
          {t.unit ? ` ${t.unit}` : ''}
        </h3>
        <p class="hint">
          由 {t.contributions.length} 个单位的本年报表相加；上年（同口径）{show(t.previous.value, t.unit)}
        </p>
        <Contributions list={t.contributions} a={a} label="来源报表" unit={t.unit} />
      </div>
    );
  }
  return (
    <div class="trace" role="region" aria-label="数据溯源">
      <h3>
        溯源：{label} = {show(t.value)}%
      </h3>
      <p class="hint">
        = {show(t.numerator.value)} ÷ {show(t.denominator.value)} × 100%；上年（同口径）{show(t.previous.value)}%
      </p>
      <Contributions list={t.numerator.contributions} a={a} label="分子来源报表" unit="" />
      <Contributions list={t.denominator.contributions} a={a} label="分母来源报表" unit="" />
    </div>
  );
}

export function RevisionView({ s }: Pick<ViewProps, 's'>) {
  const r = s.revision;
  if (!r) return null;
  const t = editionOfState(s).template(r.template);
  return (
    <div class="revision" role="region" aria-label="报表版本">
      <h3>
        {s.progress?.units.find((u) => u.unit === r.unit)?.name ?? r.unit} · {t.sheet} · 第 {r.revision} 版
      </h3>
      {r.explanation ? <p class="hint">情况说明：{r.explanation}</p> : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              {t.fields.map((f) => (
                <th>{f.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr>
                {t.fields.map((f) => (
                  <td>{cellText(f, row[f.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function Consolidated({ s, a }: ViewProps) {
  const c = s.consolidated;
  const dis = !!s.busy;
  if (!c) {
    return (
      <button type="button" disabled={dis} onClick={() => void a.loadConsolidated()}>
        查看汇总数据
      </button>
    );
  }
  // A sheet chosen in another year may not be in this year's edition.
  const key: Key = c.sheets[s.sheet] ? s.sheet : 'members';
  const sheet = c.sheets[key]!;
  const rows = sheet.rows.filter((r) => r.kind !== 'unit');
  return (
    <div class="consolidated">
      <div class="row">
        <label for="sheet">汇总表</label>
        <select id="sheet" aria-label="汇总表" value={key} disabled={dis} onChange={(e) => a.chooseSheet(e.currentTarget.value as SheetKey)}>
          {(Object.keys(c.sheets) as SheetKey[]).map((k) => (
            <option value={k}>{sheetName(k)}</option>
          ))}
        </select>
        <span class="hint">{c.published ? `第 ${c.published.version} 版（已发布）` : '未发布'}</span>
      </div>
      <div class="scroll">
        <table class="figures" aria-label={`汇总：${sheetName(key)}`}>
          <thead>
            <tr>
              <th>行</th>
              {sheet.columns.map((col) => (
                <th>{col.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  {r.label}
                  {'coverage' in r ? <div class="hint">汇总单位 {r.coverage.reported}/{r.coverage.expected}</div> : null}
                </th>
                {sheet.columns.map((col) => (
                  <td>
                    <button
                      type="button"
                      class="figure"
                      disabled={dis}
                      aria-label={`溯源：${r.label} ${col.label}`}
                      onClick={() => void a.openTrace(key, col.key, rowIdOf(r), `${r.label} ${col.label}`)}
                    >
                      {show(r.values[col.key], col.unit)}
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {s.trace ? <TraceView t={s.trace.data} label={s.trace.label} a={a} /> : null}
      <RevisionView s={s} />
    </div>
  );
}
