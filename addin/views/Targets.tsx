/**
 * 目标管理考核 for statisticians and admins: targets pasted from a
 * spreadsheet (four columns) with a preview that says what each line
 * becomes or what is wrong with it, 保存, and each unit's completion — an
 * unmet figure says 未完成 in words, never by colour alone. A closed
 * year's targets are shown, not edited.
 */
import { itemMet, parseTargetText, PASTE_COLUMNS, targetMeasure } from '../../shared/assessment.ts';
import { orgLabel } from '../../shared/catalog.ts';
import { templateNamed } from '../../shared/editions.ts';
import type { AssessmentItem } from '../../shared/responses.ts';
import { periodOf, yearOpen } from '../state.ts';
import type { ViewProps } from './App.tsx';

/** A figure as the forms show it: money with 2 decimals, with its unit. */
function figure(it: Pick<AssessmentItem, 'template' | 'key'>, v: number): string {
  const m = targetMeasure(it.template, it.key);
  return `${m?.money ? v.toFixed(2) : String(v)}${m?.unit ? ` ${m.unit}` : ''}`;
}

function Paste({ s, a }: ViewProps) {
  const t = s.targets!;
  const dis = !!s.busy;
  const scoped = !!s.me?.area;
  const lines = s.targetsText.trim() ? parseTargetText(s.targetsText, { units: new Map(t.units.map((u) => [u.code, u])), orgTargets: !scoped }) : [];
  const bad = lines.filter((l) => l.error).length;
  return (
    <>
      <p class="hint" id="targets-help">
        从 Excel 或 WPS 表格中选中四列复制，粘贴到下面。四列依次为：{PASTE_COLUMNS.join('、')}。
        {scoped ? '区县统计员只能设定本区域单位的目标（第一列填单位代码），组织类型的目标由市统计员设定。' : '第一列填组织类型（如 妇联）或单位代码；'}
        报表写 表1～表4 或表名；指标写名称（如 年末个人会员数）或代码；金额以万元计，至多两位小数。第一行可以是表头。单位有本单位目标的按本单位目标考核，否则按所属组织类型的目标。保存后，粘贴的内容将替换
        {scoped ? '本区域各单位' : '本年度'}已保存的全部目标。
      </p>
      <label for="targets-text">粘贴考核目标</label>
      <textarea
        id="targets-text"
        rows={8}
        aria-describedby="targets-help"
        placeholder={`${PASTE_COLUMNS.join('\t')}\n妇联\t表1\t年末个人会员数\t5000`}
        value={s.targetsText}
        disabled={dis}
        onInput={(e) => a.setTargetsText(e.currentTarget.value)}
      />
      <div class="buttons">
        <button type="button" class="primary" disabled={dis} onClick={() => void a.saveTargets()}>
          保存
        </button>
        {t.saved.length ? (
          <button type="button" disabled={dis} onClick={() => a.editSavedTargets()}>
            载入已保存的目标
          </button>
        ) : null}
      </div>
      {lines.length ? (
        <>
          <p class={bad ? 'summary bad' : 'summary'} aria-label="粘贴检查结果">
            共 {lines.length} 行：可保存 {lines.length - bad} 行{bad ? `，有误 ${bad} 行（改正后才能保存）` : ''}
          </p>
          <div class="scroll">
            <table class="paste" aria-label="粘贴预览">
              <thead>
                <tr>
                  <th>行</th>
                  <th>对象</th>
                  <th>报表</th>
                  <th>指标</th>
                  <th>目标值</th>
                  <th>检查结果</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr class={l.error ? 'bad' : ''}>
                    <td>{l.line}</td>
                    <td>{l.who ?? l.cells[0]}</td>
                    <td>{l.measure ? templateNamed(l.measure.template).sheet : l.cells[1]}</td>
                    <td>{l.measure?.label ?? l.cells[2]}</td>
                    <td class="num">{l.target ? figure(l.target, l.target.value) : l.cells[3]}</td>
                    <td>{l.error ? `错误：${l.error}` : '可保存'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

/** The saved targets as a table (a closed year's, which cannot be edited). */
function Saved({ s }: Pick<ViewProps, 's'>) {
  const saved = s.targets?.saved ?? [];
  if (!saved.length) return null;
  const names = new Map(s.targets!.units.map((u) => [u.code, u.name]));
  return (
    <div class="scroll">
      <table aria-label="考核目标">
        <thead>
          <tr>
            <th>对象</th>
            <th>报表</th>
            <th>指标</th>
            <th>目标值</th>
          </tr>
        </thead>
        <tbody>
          {saved.map((t) => (
            <tr>
              <td>{t.org ? `${orgLabel(t.org)}（组织类型）` : `${names.get(t.unit!) ?? t.unit}（${t.unit}）`}</td>
              <td>{templateNamed(t.template).sheet}</td>
              <td>{targetMeasure(t.template, t.key)?.label ?? t.key}</td>
              <td class="num">{figure(t, t.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Completion({ s }: Pick<ViewProps, 's'>) {
  const x = s.assessment;
  if (!x) return null;
  if (!x.rows.length) return <p class="hint">本年度还没有设定考核目标的单位。</p>;
  return (
    <>
      <div class="scroll">
        <table class="assessment" aria-label="目标完成情况">
          <thead>
            <tr>
              <th>单位</th>
              <th>指标</th>
              <th>目标值</th>
              <th>实际值</th>
              <th>完成率</th>
              <th>完成情况</th>
            </tr>
          </thead>
          {/* One row group per unit: its name heads the rows of its figures. */}
          {x.rows.map((r) => (
            <tbody>
              {r.items.map((it, i) => {
                const met = itemMet(it);
                return (
                  <tr class={met ? '' : 'unmet'}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={r.items.length}>
                        {r.name}
                        <div class="hint">
                          {orgLabel(r.org)} · {r.unit} · 完成 {r.met}/{r.total} 项
                        </div>
                      </th>
                    ) : null}
                    <td>
                      {it.label}
                      <div class="hint">{templateNamed(it.template).sheet}</div>
                    </td>
                    <td class="num">{figure(it, it.target)}</td>
                    <td class="num">{figure(it, it.actual)}</td>
                    <td class="num">{it.rate.toFixed(2)}%</td>
                    <td>{met ? '已完成' : <strong>未完成</strong>}</td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
      <table class="assessment-summary" aria-label="按组织类型汇总">
        <thead>
          <tr>
            <th>组织类型</th>
            <th>考核单位</th>
            <th>完成项 / 考核项</th>
          </tr>
        </thead>
        <tbody>
          {x.summary.map((o) => (
            <tr>
              <th scope="row">{orgLabel(o.org)}</th>
              <td class="num">{o.units}</td>
              <td class="num">
                {o.met} / {o.total}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Targets({ s, a }: ViewProps) {
  const dis = !!s.busy;
  return (
    <section class="targets" aria-label="目标管理考核">
      <h3>目标管理考核</h3>
      {!s.targets ? (
        <button type="button" disabled={dis} onClick={() => void a.loadTargets()}>
          查看考核目标与完成情况
        </button>
      ) : (
        <>
          <p class="hint" aria-label="已保存的目标">
            已保存 {s.targets.saved.length} 条目标（组织类型 {s.targets.saved.filter((t) => t.org).length} 条，单位 {s.targets.saved.filter((t) => t.unit).length} 条）
          </p>
          {yearOpen(s) ? (
            <Paste s={s} a={a} />
          ) : (
            <>
              <p class="closed" role="note">
                {periodOf(s) ? `${s.year}年度已关闭，考核目标只能查看，不能修改；完成情况按已发布的版本计算。` : `${s.year}年度尚未开放。`}
              </p>
              <Saved s={s} />
            </>
          )}
          <h4>完成情况</h4>
          <Completion s={s} />
        </>
      )}
    </section>
  );
}
