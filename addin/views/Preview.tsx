/**
 * In the browser: the opened file's sheets, with marked and selected cells.
 * The table's header row (指标名称 … 本年 上年, or a list's column names) and
 * its first column stay in view while it scrolls, and the issue of the cell
 * selected is said above it, so that a marked cell is never read alone. A
 * marked cell carries a symbol and its issue in text, not colour only.
 */
import { useEffect, useRef } from 'preact/hooks';
import { LATEST } from '../../shared/editions.ts';
import { columnName, norm } from '../../shared/grid.ts';
import { issuePlace } from '../../shared/client.ts';
import { LABELS } from '../../shared/layout.ts';
import type { FileWorkbook } from '../file.ts';
import { editionOfState } from '../state.ts';
import type { ViewProps } from './App.tsx';
import { issueKind, SEVERITY_TEXT, SYMBOL } from './Clerk.tsx';

const HEADERS = new Set([norm(LABELS.indicator), norm(LABELS.serial)]);

export function Preview({ s, a }: ViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const fw = a.port.kind === 'file' ? (a.port as FileWorkbook) : null;
  const selected = fw?.selected ?? null;
  useEffect(() => {
    box.current?.querySelector('.selected')?.scrollIntoView({ block: 'center', inline: 'center' });
  }, [s.fileVersion]);
  if (!fw || !fw.sheets.size) return null;
  const sheets = LATEST.templates.map((t) => t.sheet).filter((x) => fw.sheets.has(x));
  const shown = selected?.sheet && fw.sheets.has(selected.sheet) ? selected.sheet : sheets[0];
  if (!shown) return null;
  const grid = fw.sheets.get(shown)!;
  const width = Math.max(0, ...grid.map((r) => r.length));
  const marks = new Map(fw.marks.map((m) => [m.cell, m]));
  const ref = (r: number, c: number) => `'${shown}'!${columnName(c)}${r + 1}`;
  const head = grid.findIndex((row) => HEADERS.has(norm(row[0])));
  const edition = s.checked?.edition ?? editionOfState(s);
  const here = selected?.sheet === shown ? ref(selected.row, selected.col) : null;
  const issue = here ? s.checked?.issues.find((i) => i.cell === here) : undefined;
  return (
    <section class="card preview" aria-label="报表预览">
      <h2>报表预览</h2>
      <div class="tabs" role="tablist">
        {sheets.map((x) => (
          <button type="button" role="tab" aria-selected={x === shown} onClick={() => void a.selectCell(`'${x}'!A1`)}>
            {x}
          </button>
        ))}
      </div>
      {issue ? (
        <p class={`current ${issue.severity}`} role="note" aria-label="当前问题">
          <span aria-hidden="true">{SYMBOL[issue.severity]} </span>
          <strong>{issuePlace(edition, issue)}</strong>（{issue.cell}）{issueKind(edition, issue)}：{issue.message}
        </p>
      ) : null}
      <div class="scroll" ref={box}>
        <table class="sheet" aria-label={`预览：${shown}`}>
          <tbody>
            {grid.map((row, r) => (
              <tr class={r === head ? 'head' : undefined}>
                <th>{r + 1}</th>
                {Array.from({ length: width }, (_, c) => {
                  const m = marks.get(ref(r, c));
                  const sel = selected?.sheet === shown && selected.row === r && selected.col === c;
                  const v = row[c];
                  const cls = [m ? `mark-${m.severity}` : '', sel ? 'selected' : '', c === 0 ? 'first' : ''].filter(Boolean).join(' ');
                  return (
                    <td class={cls || undefined} title={m?.message ?? undefined} data-cell={`${columnName(c)}${r + 1}`}>
                      {m ? (
                        <span class="sym" aria-hidden="true">
                          {SYMBOL[m.severity]}
                        </span>
                      ) : null}
                      {v === null || v === undefined ? '' : String(v)}
                      {m ? <span class="sr">（{SEVERITY_TEXT[m.severity]}：{m.message}）</span> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
