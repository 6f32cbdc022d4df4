/**
 * 数据质量: every warning a counted revision carries, with the clerk's
 * 情况说明, and the units whose ratios are far from their peers' — both
 * filterable by org type, template and check code, each line opening the
 * revision for review.
 */
import { ORG_TYPES, orgLabel } from '../../shared/catalog.ts';
import { templateNamed } from '../../shared/editions.ts';
import { editionOfState } from '../state.ts';
import { RATIOS } from '../../shared/quality.ts';
import type { ViewProps } from './App.tsx';
import { Choice } from './Choice.tsx';

const ratioOf = (key: string) => RATIOS.find((r) => r.key === key)!;

export function Quality({ s, a }: ViewProps) {
  const q = s.quality;
  if (!q) return <p class="hint">正在读取数据质量…</p>;
  const dis = !!s.busy;
  const f = s.qualityFilter;
  const warnings = q.warnings.filter((w) => (!f.org || w.org === f.org) && (!f.template || w.template === f.template) && (!f.code || w.code === f.code));
  // An outlier is about its ratio's templates; a check code narrows the warnings only.
  const outliers = q.outliers.filter((o) => {
    const r = ratioOf(o.ratio);
    return (!f.org || o.org === f.org) && (!f.template || r.numerator.template === f.template || r.denominator.template === f.template) && !f.code;
  });
  const codes = [...new Set(q.warnings.map((w) => w.code))].sort();
  return (
    <div class="quality">
      <div class="row" role="group" aria-label="筛选数据质量">
        <Choice id="q-org" label="组织类型" value={f.org} options={ORG_TYPES} onChange={(org) => a.setQualityFilter({ org })} />
        <Choice id="q-template" label="报表" value={f.template} options={editionOfState(s).templates.map((t) => ({ key: t.id, label: t.sheet }))} onChange={(template) => a.setQualityFilter({ template })} />
        <Choice id="q-code" label="审核代码" value={f.code} options={codes.map((c) => ({ key: c, label: c }))} onChange={(code) => a.setQualityFilter({ code })} />
      </div>
      <h3>提示（{warnings.length} 条）</h3>
      {warnings.length ? (
        <div class="scroll">
          <table aria-label="提示">
            <thead>
              <tr>
                <th>单位</th>
                <th>报表</th>
                <th>代码</th>
                <th>提示</th>
                <th>情况说明</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {warnings.map((w) => (
                <tr>
                  <th scope="row">
                    {w.name}
                    <div class="hint">{orgLabel(w.org)}</div>
                  </th>
                  <td>
                    {templateNamed(w.template).sheet} 第 {w.revision} 版
                  </td>
                  <td>{w.code}</td>
                  <td>{w.message}</td>
                  <td>{w.explanation ?? '（未填写）'}</td>
                  <td>
                    <button type="button" class="link" disabled={dis} aria-label={`打开：${w.name} ${templateNamed(w.template).sheet} 第 ${w.revision} 版（${w.code}）`} onClick={() => void a.openReview(w.submissionId)}>
                      打开
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="hint">没有符合条件的提示</p>
      )}
      <h3>异常值（{outliers.length} 个）</h3>
      <p class="hint">与全市同类组织相比明显偏高或偏低的比值（偏离度为对数尺度上偏离中位数的稳健标准差倍数，超过 3 即列出）；请打开报表核实。</p>
      {outliers.length ? (
        <div class="scroll">
          <table aria-label="异常值">
            <thead>
              <tr>
                <th>单位</th>
                <th>指标</th>
                <th>本单位</th>
                <th>同类中位数</th>
                <th>偏离度</th>
                <th>说明</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {outliers.map((o) => {
                const r = ratioOf(o.ratio);
                return (
                  <tr>
                    <th scope="row">
                      {o.name}
                      <div class="hint">{orgLabel(o.org)}</div>
                    </th>
                    <td>
                      {r.label}（{r.unit}）
                    </td>
                    <td class="num">{o.value}</td>
                    <td class="num">{o.median}</td>
                    <td class={`num ${o.score > 0 ? 'high' : 'low'}`}>{o.score > 0 ? `+${o.score}` : o.score}</td>
                    <td>{o.message}</td>
                    <td>
                      <button type="button" class="link" disabled={dis} aria-label={`打开：${o.name} ${templateNamed(r.numerator.template).sheet}（${r.label}）`} onClick={() => void a.openReview(o.submissionId)}>
                        打开
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="hint">没有符合条件的异常值</p>
      )}
    </div>
  );
}
