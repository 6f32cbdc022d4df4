/** The clerk's room: the workbook, its issues, the explanations, the upload and what is on record. */
import { templateNamed } from '../../shared/editions.ts';
import { warnedTemplates } from '../../shared/client.ts';
import { absentNotice } from '../../shared/read.ts';
import { STATUS_LABELS } from '../../shared/progress.ts';
import { chinaTime } from '../../shared/time.ts';
import type { FileWorkbook } from '../file.ts';
import { editionOfState, writableTemplates, type State } from '../state.ts';
import type { ViewProps } from './App.tsx';

/** Whether the last check found what blocks the upload: an unreadable workbook, or errors. */
const blocked = (s: State) => !!s.checked && (s.checked.problems.length > 0 || hasErrors(s));
const hasErrors = (s: State) => !!s.checked && s.checked.issues.some((i) => i.severity === 'error');

function FilePicker({ s, a }: ViewProps) {
  return (
    <label class="file">
      选择报表文件
      <input
        type="file"
        // Other spreadsheet formats are offered too, so that the pane can say by name how to save them as .xlsx.
        accept=".xlsx,.ods,.xls,.xlsb,.et,.numbers,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet"
        aria-label="选择报表文件"
        disabled={!!s.busy}
        onChange={async (e) => {
          const input = e.currentTarget;
          const f = input.files?.[0];
          input.value = '';
          if (f) await a.openFile(f.name, new Uint8Array(await f.arrayBuffer()));
        }}
      />
    </label>
  );
}

/** The file chosen, and which templates the workbook checked has no sheet for. */
function chosen(s: State, a: ViewProps['a']) {
  const name = a.port.kind === 'file' ? (a.port as FileWorkbook).fileName : '';
  const others = a.port.kind === 'file' ? (a.port as FileWorkbook).others : [];
  const missing = s.checked && !s.checked.problems.length ? absentNotice(s.checked.edition, s.checked.absent, others) : null;
  return (
    <>
      {name ? <p class="hint">已选择：{name}</p> : null}
      {missing ? (
        <p class="absent" role="note" aria-label="缺少的报表">
          {missing}
        </p>
      ) : null}
    </>
  );
}

export function Issues({ s, a }: ViewProps) {
  const issues = s.checked?.issues ?? [];
  if (!issues.length) return null;
  return (
    <ul class="issues" aria-label="问题列表">
      {issues.map((i) => (
        <li class={i.severity}>
          <button type="button" class="issue" disabled={!i.cell} onClick={() => i.cell && void a.selectCell(i.cell)}>
            <span class="cell">{i.cell ?? templateNamed(i.template).sheet}</span>
            <span class="code">
              {i.severity === 'error' ? '错误' : '提示'} {i.code}
            </span>
            <span class="msg">{i.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Before signing in: check a workbook with every rule it can answer alone. */
export function CheckFirst({ s, a }: ViewProps) {
  const file = a.port.kind === 'file';
  return (
    <section class="card" aria-label="先校验">
      <h2>先校验（无需登录）</h2>
      <p class="hint">不登录也能按审核关系检查报表；需要已上报数据的审核（与上年比较等）在登录后进行。</p>
      <div class="buttons">
        {file ? <FilePicker s={s} a={a} /> : null}
        <button type="button" disabled={!!s.busy || !a.hasWorkbook()} onClick={() => void a.validate()}>
          校验
        </button>
      </div>
      {chosen(s, a)}
      <Issues s={s} a={a} />
    </section>
  );
}

function Explanations({ s, a }: ViewProps) {
  const warned = warnedTemplates(s.checked?.issues ?? []);
  if (!warned.length || blocked(s)) return null;
  return (
    <div class="explain">
      {warned.map((t) => {
        const id = `explanation-${t}`;
        const sheet = templateNamed(t).sheet;
        return (
          <div>
            <label for={id}>情况说明（{sheet}）</label>
            <textarea
              id={id}
              rows={3}
              aria-label={`情况说明（${sheet}）`}
              placeholder="请说明提示项属实的原因，例如：本年新建非公企业工会较多"
              value={s.explanations[t] ?? ''}
              onInput={(e) => a.setExplanation(t, e.currentTarget.value)}
            />
          </div>
        );
      })}
    </div>
  );
}

function Receipts({ s }: Pick<ViewProps, 's'>) {
  const r = s.receipts;
  if (!r) return null;
  return (
    <ul class="receipts" aria-label="上报回执">
      {r.items.map((x) => (
        <li>
          {templateNamed(x.template).sheet}：第 {x.revision} 版，{chinaTime(x.createdAt)}
          {r.outcome === 'unchanged' ? '（没有变化）' : ''}
          {r.explained.includes(x.template) ? '，已附情况说明' : ''}
        </li>
      ))}
    </ul>
  );
}

function StatusTable({ s }: Pick<ViewProps, 's'>) {
  const statuses = s.ctx?.statuses ?? [];
  return (
    <table class="status-table" aria-label="报送状态">
      <thead>
        <tr>
          <th>报表</th>
          <th>状态</th>
        </tr>
      </thead>
      <tbody>
        {editionOfState(s).templates.map((t) => {
          const x = statuses.find((y) => y.template === t.id);
          return (
            <tr>
              <td>{t.sheet}</td>
              <td class={`st-${x?.status ?? 'missing'}`}>
                {x?.label ?? STATUS_LABELS.missing}
                {x?.revision ? `（第 ${x.revision} 版）` : ''}
                {x?.comment ? <div class="comment">退回意见：{x.comment}</div> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Returned templates come first: the statistician's comment is what the clerk must act on. */
function Returned({ s }: Pick<ViewProps, 's'>) {
  const returned = (s.ctx?.statuses ?? []).filter((t) => t.status === 'returned');
  if (!returned.length) return null;
  return (
    <div class="returned" role="alert" aria-label="退回意见">
      {returned.map((t) => (
        <p>
          {templateNamed(t.template).sheet}（第 {t.revision} 版）被退回：{t.comment ?? '（无意见）'}
        </p>
      ))}
      <p class="hint">请按退回意见修改后重新校验、上传。</p>
    </div>
  );
}

export function Clerk({ s, a }: ViewProps) {
  const file = a.port.kind === 'file';
  const dis = !!s.busy;
  const writable = writableTemplates(s);
  const open = writable !== null;
  const stop = blocked(s);
  const correction = writable !== null && writable !== 'all' ? s.correction : null;
  return (
    <section class="card" aria-label="填报">
      <h2>填报</h2>
      <Returned s={s} />
      {correction ? (
        <div class="correction" role="note" aria-label="更正">
          <p>
            {s.year}年度已关闭，本单位的更正已开放：{correction.templates.map((t) => templateNamed(t).sheet).join('、')}（原因：{correction.reason}）。
          </p>
          <p class="hint">请改正后上传这些报表；其他报表保持已发布的数据，不会上传。</p>
        </div>
      ) : null}
      {open ? (
        <div class="buttons">
          <button type="button" disabled={dis} onClick={() => void a.insertBlank()}>
            {file ? '下载空白报表' : '插入空白报表'}
          </button>
          {file ? <FilePicker s={s} a={a} /> : null}
          <button type="button" disabled={dis || !a.hasWorkbook()} onClick={() => void a.validate()}>
            校验
          </button>
          <button type="button" class="primary" disabled={dis || !a.hasWorkbook() || stop} onClick={() => void a.upload()}>
            上传
          </button>
        </div>
      ) : null}
      {open && hasErrors(s) ? <p class="hint">报表有错误，改正后重新{file ? '选择文件' : '校验'}，才能上传。</p> : null}
      {open ? chosen(s, a) : null}
      <Issues s={s} a={a} />
      {open ? <Explanations s={s} a={a} /> : null}
      <Receipts s={s} />
      <StatusTable s={s} />
    </section>
  );
}
