/** The clerk's room: the workbook, its issues, the explanations, the upload and what is on record. */
import { templateNamed, type Edition } from '../../shared/editions.ts';
import { checkName, issuePlace, warnedTemplates } from '../../shared/client.ts';
import type { Issue } from '../../shared/validate.ts';
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
          // The file itself is kept, so that 校验 and 上传 read it again as it is on disk.
          if (f) await a.openFile(f.name, new Uint8Array(await f.arrayBuffer()), f);
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
  const kept = s.unchanged.map((t) => templateNamed(t).sheet);
  return (
    <>
      {name ? <p class="hint">已选择：{name}</p> : null}
      {missing ? (
        <p class="absent" role="note" aria-label="缺少的报表">
          {missing}
        </p>
      ) : null}
      {kept.length ? (
        <p class="hint" role="note" aria-label="未变化的报表">
          {kept.join('、')}与已上报的版本相同，上传时不再重复上报，保持原来的版本和审核状态。
        </p>
      ) : null}
    </>
  );
}

/** The edition an issue is read with: the checked workbook's. */
const editionOfIssues = (s: State): Edition => s.checked?.edition ?? editionOfState(s);

/** An issue's symbol: the colour is never the only sign of its severity. */
export const SYMBOL = { error: '✖', warning: '⚠' } as const;
export const SEVERITY_TEXT = { error: '错误', warning: '提示' } as const;

/** 「错误 · M1 基层组织数分项」: the severity and the check by the name the sheet's 说明 gives it. */
export function issueKind(e: Edition, i: Issue): string {
  return `${SEVERITY_TEXT[i.severity]} · ${checkName(e, i.template, i.code)}`;
}

/** Every issue in words — where it is in the sheet, which check, what is wrong — with its cell; a click shows the cell. */
export function Issues({ s, a }: ViewProps) {
  const issues = s.checked?.issues ?? [];
  if (!issues.length) return null;
  const e = editionOfIssues(s);
  return (
    <ul class="issues" id="issues" tabIndex={-1} aria-label="问题列表">
      {issues.map((i) => (
        <li class={i.severity}>
          <button type="button" class="issue" disabled={!i.cell} onClick={() => i.cell && void a.selectCell(i.cell)}>
            <span class="place">
              <span class="sym" aria-hidden="true">
                {SYMBOL[i.severity]}
              </span>{' '}
              {issuePlace(e, i)}
            </span>
            <span class="cell">{i.cell ?? templateNamed(i.template).sheet}</span>
            <span class="code">{issueKind(e, i)}</span>
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

/** One 情况说明 box per template that will be uploaded with warnings: an unchanged one keeps the explanation on record. */
function Explanations({ s, a }: ViewProps) {
  const warned = warnedTemplates(s.checked?.issues ?? []).filter((t) => !s.unchanged.includes(t));
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

/** What the last upload did, template by template: a new revision, or kept as it was. */
function ThisUpload({ s }: Pick<ViewProps, 's'>) {
  const r = s.receipts;
  if (!r) return null;
  return (
    <ul class="receipts" aria-label="本次上传">
      {r.items.map((x) => (
        <li>
          {templateNamed(x.template).sheet}：第 {x.revision} 版，{chinaTime(x.createdAt)}（北京时间）
          {r.outcome === 'unchanged' ? '（没有变化）' : r.outcome === 'recovered' ? '（上次上传已送达）' : '，新版本'}
          {r.explained.includes(x.template) ? '，已附情况说明' : ''}
        </li>
      ))}
      {r.kept.map((x) => (
        <li>
          {templateNamed(x.template).sheet}：第 {x.revision} 版（没有变化，未重新上传）
        </li>
      ))}
    </ul>
  );
}

/**
 * 上报回执: the unit's current revision of each template, as the server has them — rebuilt
 * whenever the pane loads the unit's year, so it is there again after a reload — with
 * the checksum that identifies each; printable on its own.
 */
export function Receipt({ s }: Pick<ViewProps, 's'>) {
  const unit = s.me?.unit;
  const current = s.ctx?.current ?? {};
  const rows = editionOfState(s).templates.flatMap((t) => (current[t.id] ? [{ t, r: current[t.id]! }] : []));
  if (!unit || !rows.length) return null;
  return (
    <section class="card receipt" id="receipt" tabIndex={-1} aria-label="上报回执">
      <h2>上报回执</h2>
      <p>
        单位：{unit.name}（{unit.code}）　报告年度：{s.year}年
      </p>
      <ThisUpload s={s} />
      <div class="scroll">
        <table aria-label="回执明细">
          <thead>
            <tr>
              <th>报表</th>
              <th>版本</th>
              <th>状态</th>
              <th>上报时间（北京时间）</th>
              <th>校验码（SHA-256）</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ t, r }) => (
              <tr>
                <td>{t.sheet}</td>
                <td>第 {r.revision} 版</td>
                <td>{STATUS_LABELS[r.status]}</td>
                <td>{chinaTime(r.createdAt)}</td>
                <td class="checksum">{r.checksum}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">以上是服务器上保存的本单位 {s.year}年度各报表的当前版本；校验码可用于核对报表内容未被改动。</p>
      <div class="buttons no-print">
        <button type="button" onClick={() => window.print()}>
          打印回执
        </button>
      </div>
    </section>
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
    <section class="card" id="work" tabIndex={-1} aria-label="填报">
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
      {open && hasErrors(s) ? (
        <p class="hint">{file ? '报表有错误：请在表格软件中改正并保存，再点“选择报表文件”重新选择这个文件，才能上传。' : '报表有错误，改正后重新校验，才能上传。'}</p>
      ) : null}
      {open ? chosen(s, a) : null}
      <Issues s={s} a={a} />
      {open ? <Explanations s={s} a={a} /> : null}
      <StatusTable s={s} />
    </section>
  );
}
