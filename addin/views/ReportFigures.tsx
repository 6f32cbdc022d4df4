/**
 * 报告用数: the annual work report's sentences with their figures filled in,
 * each with a 复制 button; each figure opens its trace (数据溯源), so the
 * statistician can say where any number of the speech comes from.
 */
import { figureText } from '../../shared/report-figures.ts';
import type { ReportFigures as Figures, SheetKey } from '../../shared/responses.ts';
import { periodOf } from '../state.ts';
import type { ViewProps } from './App.tsx';
import { RevisionView, TraceView } from './Consolidated.tsx';

type Phrase = Figures['phrases'][number];

/** The sentence cut at its figures, in order: text, figure, text, … (the figures appear in it as the report prints them). */
function segments(p: Phrase): (string | Phrase['figures'][number])[] {
  const out: (string | Phrase['figures'][number])[] = [];
  let at = 0;
  for (const f of p.figures) {
    const text = figureText(f.value, f.unit);
    const i = p.text.indexOf(text, at);
    if (i < 0) continue;
    out.push(p.text.slice(at, i), f);
    at = i + text.length;
  }
  out.push(p.text.slice(at));
  return out.filter((x) => x !== '');
}

const REF = /^([A-Za-z]+)\.([a-z_]+)@(.+)$/;

export function ReportFigures({ s, a }: ViewProps) {
  const r = s.report;
  if (!r) return <p class="hint">正在生成报告用数…</p>;
  const dis = !!s.busy;
  const all = r.phrases.map((p) => p.text).join('\n');
  return (
    <div class="report">
      <div class="row">
        <p class="hint grow">每句中的数字取自{periodOf(s)?.status === 'closed' ? '已发布的' : '当前的'}汇总数据；点数字查看它由哪些单位的报表汇总而来。</p>
        <button type="button" onClick={() => void a.copy(all, '全部报告用数')}>
          复制全部
        </button>
      </div>
      <ol class="phrases" aria-label="报告用数">
        {r.phrases.map((p, n) => (
          <li>
            <p class="phrase">
              {segments(p).map((x) => {
                if (typeof x === 'string') return x;
                const [, sheet, key, row] = REF.exec(x.ref) ?? [];
                return (
                  <button
                    type="button"
                    class="figure-inline"
                    disabled={dis || !sheet || x.value === null}
                    aria-label={`溯源：${x.source}`}
                    title={x.source}
                    onClick={() => void a.openTrace(sheet as SheetKey, key!, row!, x.source)}
                  >
                    {figureText(x.value, x.unit)}
                  </button>
                );
              })}
            </p>
            <button type="button" aria-label={`复制第 ${n + 1} 句`} onClick={() => void a.copy(p.text, `第 ${n + 1} 句`)}>
              复制
            </button>
          </li>
        ))}
      </ol>
      {s.trace ? <TraceView t={s.trace.data} label={s.trace.label} a={a} /> : null}
      <RevisionView s={s} />
    </div>
  );
}
