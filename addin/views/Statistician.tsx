/**
 * The statistician's desk, in tabs: progress (by area), review with the
 * figures in view, data quality, the consolidation with its traces, and the
 * report's figures. The area drilled into applies to every tab.
 */
import { orgLabel, ORG_TYPES } from '../../shared/catalog.ts';
import { filterUnits, unitCounts, unitState, UNIT_STATE_LABELS, type UnitState } from '../../shared/chase.ts';
import { STATUS_LABELS } from '../../shared/progress.ts';
import type { ProgressUnit } from '../../shared/responses.ts';
import type { ComponentChildren } from 'preact';
import { DESK_TABS, editionOfState, type DeskTab, type State } from '../state.ts';
import type { ViewProps } from './App.tsx';
import { Charts } from './Charts.tsx';
import { Choice } from './Choice.tsx';
import { Consolidated } from './Consolidated.tsx';
import { Quality } from './Quality.tsx';
import { ReportFigures } from './ReportFigures.tsx';
import { ReviewList } from './Review.tsx';
import { Targets } from './Targets.tsx';

const waiting = (u: ProgressUnit) => Object.values(u.templates).filter((t) => t!.status === 'missing' || t!.status === 'returned').length;

/**
 * 报送进度 by unit: how many units have reported everything, some, nothing; filtered by
 * district, org type and state; each unit with whom to call; a reported cell opens its
 * revision. 导出催报名单 writes the units shown that still lack something.
 */
function Progress({ s, a }: ViewProps) {
  const p = s.progress;
  if (!p) return null;
  const dis = !!s.busy;
  const f = s.progressFilter;
  const templates = editionOfState(s).templates;
  const districts = [...new Set(p.units.map((u) => u.district))];
  const scoped = filterUnits(p.units, { ...f, state: null });
  const n = unitCounts(scoped);
  const units = filterUnits(p.units, f).sort((x, y) => waiting(y) - waiting(x));
  return (
    <>
      <p class="summary" id="progress-summary" tabIndex={-1} aria-label="单位报送情况">
        共 {n.total} 个单位：{UNIT_STATE_LABELS.complete} {n.complete} 个，{UNIT_STATE_LABELS.partial} {n.partial} 个，{UNIT_STATE_LABELS.none} {n.none} 个
      </p>
      <p class="hint" aria-label="报送统计">
        按报表计：应报 {p.summary.expected}　未报 {p.summary.missing}　已报 {p.summary.submitted}　退回 {p.summary.returned}　已审核 {p.summary.accepted}
      </p>
      <div class="row filters" role="group" aria-label="筛选单位">
        {districts.length > 1 ? <Choice id="progress-district" label="区县" value={f.district} options={districts.map((d) => ({ key: d, label: d }))} onChange={(district) => a.setProgressFilter({ district })} /> : null}
        <Choice id="progress-org" label="组织类型" value={f.org} options={ORG_TYPES} onChange={(org) => a.setProgressFilter({ org })} />
        <Choice
          id="progress-state"
          label="进度"
          value={f.state ?? null}
          options={(Object.keys(UNIT_STATE_LABELS) as UnitState[]).map((k) => ({ key: k, label: UNIT_STATE_LABELS[k] }))}
          onChange={(state) => a.setProgressFilter({ state })}
        />
        {a.port.downloads ? (
          <button type="button" disabled={dis} onClick={() => void a.exportChase()}>
            导出催报名单
          </button>
        ) : null}
      </div>
      <div class="scroll">
        <table class="matrix" aria-label="报送进度">
          <thead>
            <tr>
              <th>单位</th>
              <th>进度</th>
              {templates.map((t) => (
                <th title={t.sheet}>表{t.no}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr class={u.overdue ? 'overdue' : ''}>
                <th scope="row">
                  {u.name}
                  <div class="hint">
                    {orgLabel(u.org)} · {u.district}
                    {u.overdue ? ' · 逾期' : ''}
                  </div>
                  {u.contact || u.phone ? (
                    <div class="hint contact">
                      {u.contact ? `联系人：${u.contact}` : ''}
                      {u.contact && u.phone ? '　' : ''}
                      {u.phone ? `电话：${u.phone}` : ''}
                    </div>
                  ) : null}
                </th>
                <td>{UNIT_STATE_LABELS[unitState(u)]}</td>
                {templates.map((t) => {
                  const x = u.templates[t.id] ?? { status: 'missing' as const };
                  const label = STATUS_LABELS[x.status];
                  return (
                    <td class={`st-${x.status}`} title={x.comment ?? ''}>
                      {x.status === 'missing' ? (
                        label
                      ) : (
                        <button type="button" class="link" disabled={dis} aria-label={`查看：${u.name} ${t.sheet}（${label}）`} onClick={() => void a.openCell(u.unit, t.id)}>
                          {label}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {units.length ? null : <p class="hint">没有符合条件的单位</p>}
    </>
  );
}

/** Where the statistician is: the way down from its own area, each step a way back up. */
function AreaPath({ s, a }: ViewProps) {
  const p = s.progress;
  if (!p || (!s.areaPath.length && p.area.level === 0)) return null;
  return (
    <nav class="breadcrumb" aria-label="区域层级">
      {s.areaPath.length ? (
        <button type="button" class="link" disabled={!!s.busy} onClick={() => void a.drill(null)}>
          返回本级
        </button>
      ) : null}
      {s.areaPath.slice(0, -1).map((x) => (
        <button type="button" class="link" disabled={!!s.busy} onClick={() => void a.drill(x)}>
          {x.name}
        </button>
      ))}
      <span aria-current="location">{p.area.name}</span>
    </nav>
  );
}

const rateText = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}%`);

/** 分区报送: each child area's report rate as a bar, worst first; a click opens the area. */
function Areas({ s, a }: ViewProps) {
  const rows = [...(s.progress?.areas ?? [])].sort((x, y) => (x.reportRate ?? 101) - (y.reportRate ?? 101) || (x.onTimeRate ?? 101) - (y.onTimeRate ?? 101));
  if (!rows.length) return null;
  return (
    <table class="areas" aria-label="分区报送情况">
      <thead>
        <tr>
          <th>区域</th>
          <th>报送率</th>
          <th>按时报送率</th>
          <th>未报</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">
              <button type="button" class="link" disabled={!!s.busy} aria-label={`查看 ${r.name}`} onClick={() => void a.drill({ code: r.area, name: r.name })}>
                {r.name}
              </button>
            </th>
            <td>
              <div class="bar" role="img" aria-label={`${r.name}报送率 ${rateText(r.reportRate)}`}>
                <span style={{ width: `${r.reportRate ?? 0}%` }} />
              </div>
              {rateText(r.reportRate)}
            </td>
            <td>{rateText(r.onTimeRate)}</td>
            <td>
              {r.missing}/{r.expected}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Revisions of the list still waiting (those reviewed in place stay in it until it is read again). */
const waitingCount = (s: State) => s.pending.filter((r) => r.status === 'submitted').length;

/** The desk's tabs: a tablist whose arrow keys move between tabs, as ARIA's tabs pattern has it. */
function Tabs({ s, a }: ViewProps) {
  const onKeyDown = (e: KeyboardEvent) => {
    const i = DESK_TABS.findIndex((t) => t.key === s.tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = DESK_TABS[(i + step + DESK_TABS.length) % DESK_TABS.length]!;
    void a.chooseTab(next.key);
    (e.currentTarget as HTMLElement).querySelector<HTMLButtonElement>(`#tab-${next.key}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="统计工作" onKeyDown={onKeyDown}>
      {DESK_TABS.map((t) => (
        <button
          type="button"
          role="tab"
          id={`tab-${t.key}`}
          aria-selected={s.tab === t.key ? 'true' : 'false'}
          aria-controls={`panel-${t.key}`}
          tabIndex={s.tab === t.key ? 0 : -1}
          onClick={() => void a.chooseTab(t.key)}
        >
          {t.label}
          {t.key === 'review' && s.reviewFilter.status === 'submitted' && waitingCount(s) ? `（${waitingCount(s)}${s.pendingCursor ? '+' : ''}）` : ''}
        </button>
      ))}
    </div>
  );
}

export function Statistician({ s, a }: ViewProps) {
  const dis = !!s.busy;
  const panel = (key: DeskTab, body: ComponentChildren) =>
    s.tab === key ? (
      <div role="tabpanel" id={`panel-${key}`} aria-labelledby={`tab-${key}`}>
        {body}
      </div>
    ) : null;
  return (
    <section class="card" id="work" tabIndex={-1} aria-label="汇总与审核">
      <h2>汇总与审核</h2>
      <div class="buttons">
        {a.port.kind !== 'file' ? (
          <button type="button" class="primary" disabled={dis} onClick={() => void a.pull()}>
            拉取汇总
          </button>
        ) : null}
        {a.port.downloads ? (
          <button type="button" disabled={dis} onClick={() => void a.downloadConsolidated()}>
            下载汇总表
          </button>
        ) : null}
      </div>
      {a.port.downloads ? null : (
        <p class="hint" aria-label="下载说明">
          {a.port.kind === 'wps' ? 'WPS 表格的任务窗格中不提供下载' : 'Mac 和 iPad 版 Excel 的任务窗格不能下载文件'}：请点“拉取汇总”把全市汇总写入当前工作簿，需要文件时用{a.port.kind === 'wps' ? ' WPS ' : ' Excel '}的“文件 &gt; 另存为”保存。
        </p>
      )}
      <AreaPath s={s} a={a} />
      <Tabs s={s} a={a} />
      {panel(
        'progress',
        <>
          <Areas s={s} a={a} />
          <Progress s={s} a={a} />
        </>,
      )}
      {panel('review', <ReviewList s={s} a={a} />)}
      {panel('quality', <Quality s={s} a={a} />)}
      {panel('figures', <Consolidated s={s} a={a} />)}
      {panel('report', <ReportFigures s={s} a={a} />)}
      {panel('charts', <Charts s={s} a={a} />)}
      {panel('targets', <Targets s={s} a={a} />)}
    </section>
  );
}
