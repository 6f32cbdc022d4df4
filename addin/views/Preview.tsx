/** In the browser: the opened file's sheets, with marked and selected cells. */
import { useEffect, useRef } from 'preact/hooks';
import { LATEST } from '../../shared/editions.ts';
import { columnName } from '../../shared/grid.ts';
import type { FileWorkbook } from '../file.ts';
import type { ViewProps } from './App.tsx';

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
      <div class="scroll" ref={box}>
        <table class="sheet" aria-label={`预览：${shown}`}>
          <tbody>
            {grid.map((row, r) => (
              <tr>
                <th>{r + 1}</th>
                {Array.from({ length: width }, (_, c) => {
                  const m = marks.get(ref(r, c));
                  const sel = selected?.sheet === shown && selected.row === r && selected.col === c;
                  const v = row[c];
                  return (
                    <td class={`${m ? `mark-${m.severity}` : ''}${sel ? ' selected' : ''}`} title={m?.message ?? ''} data-cell={`${columnName(c)}${r + 1}`}>
                      {v === null || v === undefined ? '' : String(v)}
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
