/**
 * The task pane's page: plain DOM, text always set as text (never parsed as
 * HTML), every control named for screen readers (and for the tests). One UI
 * for both places: inside Excel it works on the open workbook; in a browser
 * it works on an .xlsx file the clerk chooses.
 */
import { orgLabel, TEMPLATES, templateOf, type TemplateId } from '../shared/catalog.ts';
import { columnName } from '../shared/grid.ts';
import { type Settings } from '../shared/layout.ts';
import { STATUS_LABELS, type StatusKey } from '../shared/progress.ts';
import { type Issue } from '../shared/validate.ts';
import { WorkbookError } from '../shared/xlsx/index.ts';
import { Api, ApiFailure } from './api.ts';
import type { FileWorkbook } from './file.ts';
import {
  blankSheets,
  checkWorkbook,
  consolidatedForExcel,
  emptyLists,
  marksOf,
  unitContext,
  uploadWorkbook,
  type Checked,
  type Me,
  type Receipt,
  type TemplateStatus,
  type UnitContext,
} from './flow.ts';
import { WorkbookFailure, type WorkbookPort } from './port.ts';
import type { TokenStore } from './store.ts';

type Child = Node | string | null | undefined | false;

/** Creates an element; strings become text nodes, so nothing is ever parsed as HTML. */
export function h(tag: string, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

interface Progress {
  year: number;
  deadline: string | null;
  units: { unit: string; name: string; org: Parameters<typeof orgLabel>[0]; district: string; overdue: boolean; templates: Record<TemplateId, { status: StatusKey; revision?: number; comment?: string }> }[];
  summary: { expected: number; missing: number; submitted: number; returned: number; accepted: number };
}
interface Pending {
  id: string;
  unit: string;
  template: TemplateId;
  revision: number;
  status: string;
  createdAt: string;
  explanation: string | null;
}

/** A server time (UTC) as the clerk's clock shows it. */
function localTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('zh-CN', { hour12: false });
}

export class Pane {
  private me: Me | null = null;
  private years: { year: number; status: string; deadline: string | null }[] = [];
  private year = 0;
  private settings: Settings = { city: '', issuer: '', docNo: '', validUntil: '' };
  private ctx: UnitContext | null = null;
  private checked: Checked | null = null;
  private issues: Issue[] = [];
  private receipts: Receipt[] = [];
  private progress: Progress | null = null;
  private pending: Pending[] = [];
  private busy = false;
  private readonly api: Api;
  private readonly status: HTMLElement;
  private readonly main: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly port: WorkbookPort,
    private readonly tokens: TokenStore,
    private readonly notice: string | null = null,
  ) {
    this.api = new Api(() => this.tokens.get());
    this.status = h('p', { role: 'status', 'aria-live': 'polite', class: 'status' });
    this.main = h('main');
    root.replaceChildren(h('header', {}, h('h1', {}, '群团统计报表'), this.status), this.main);
    if (port.kind === 'file') (port as FileWorkbook).onChange = () => this.renderPreview();
  }

  async start() {
    this.settings = await this.api.get<Settings>('/settings').catch(() => this.settings);
    if (this.tokens.get()) await this.signIn();
    else this.render();
    if (this.notice) this.say(this.notice, 'warn');
  }

  // ── state changes ────────────────────────────────────────────────

  private say(text: string, kind: 'info' | 'ok' | 'warn' | 'error' = 'info') {
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
  }

  /** Runs an action with the buttons disabled and its failure said in words. */
  private async act(label: string, fn: () => Promise<void>) {
    if (this.busy) return;
    this.busy = true;
    this.say(`${label}…`);
    this.render();
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'unauthorized') {
        this.tokens.clear();
        this.me = null;
      }
      if (e instanceof ApiFailure && e.issues.length) this.issues = e.issues;
      const msg = e instanceof ApiFailure || e instanceof WorkbookFailure || e instanceof WorkbookError ? e.message : `出现意外错误：${e instanceof Error ? e.message : String(e)}`;
      this.say(msg, 'error');
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private async signIn(token?: string) {
    await this.act('正在登录', async () => {
      if (token !== undefined) {
        if (!token.trim()) throw new ApiFailure('请输入访问令牌', 'bad_request', 400);
        this.tokens.set(token.trim());
      }
      this.me = await this.api.get<Me>('/me');
      this.years = (await this.api.get<{ periods: { year: number; status: string; deadline: string | null }[] }>('/periods')).periods;
      const open = this.years.filter((p) => p.status === 'open');
      this.year = (open[0] ?? this.years[0])?.year ?? new Date().getFullYear() - 1;
      await this.loadYear();
      this.say(`已登录：${this.who()}`, 'ok');
    });
  }

  private who(): string {
    if (!this.me) return '';
    const role = { admin: '管理员', statistician: '统计员', clerk: '填报员' }[this.me.role];
    return this.me.unit ? `${this.me.unit.name}（${this.me.unit.code}）· ${role}` : role;
  }

  private async loadYear() {
    this.checked = null;
    this.issues = [];
    this.receipts = [];
    if (this.me?.unit) this.ctx = await unitContext(this.api, this.me.unit.code, this.year);
    if (this.me && this.me.role !== 'clerk') {
      this.progress = await this.api.get<Progress>(`/progress/${this.year}`).catch(() => null);
      const list = await this.api.get<{ submissions: Pending[] }>(`/submissions?year=${this.year}&limit=1000`);
      this.pending = list.submissions.filter((s) => s.status === 'submitted');
    }
  }

  private signOut() {
    this.tokens.clear();
    this.me = null;
    this.ctx = null;
    this.checked = null;
    this.issues = [];
    this.say('已退出登录');
    this.render();
  }

  private async insertBlank() {
    await this.act('正在准备空白报表', async () => {
      const sheets = blankSheets(this.me?.unit ?? null, this.year, this.settings, this.ctx);
      if (this.port.kind === 'file') {
        const unit = this.me?.unit ? `?unit=${encodeURIComponent(this.me.unit.code)}` : '';
        this.download(await this.api.blob(`/templates/${this.year}/workbook.xlsx${this.me?.role === 'clerk' ? '' : unit}`), `${this.year}年群团统计报表.xlsx`);
        this.say('空白报表已下载，请用 Excel、WPS 或 LibreOffice 填写后在此选择文件上传', 'ok');
        return;
      }
      const existing = (await this.port.sheetNames()).filter((n) => sheets.some((s) => s.sheet === n));
      if (existing.length && !window.confirm(`工作簿中已有“${existing.join('”“')}”，插入空白报表会覆盖这些工作表中的内容。确定覆盖吗？`)) {
        this.say('已取消，原有工作表保持不变');
        return;
      }
      await this.port.writeSheets(sheets);
      this.say(`已插入 ${this.year}年 四张空白报表，请在黄色单元格中填写`, 'ok');
    });
  }

  private async openFile(file: File) {
    await this.act(`正在读取 ${file.name}`, async () => {
      (this.port as FileWorkbook).open(file.name, new Uint8Array(await file.arrayBuffer()));
      this.checked = null;
      this.issues = [];
      this.receipts = [];
      await this.check();
    });
  }

  /** Reads and checks the workbook; marks the cells; returns whether it can be uploaded. */
  private async check(): Promise<boolean> {
    const unit = this.me?.unit;
    if (!unit) throw new ApiFailure('请使用本单位填报员的令牌登录后再校验', 'forbidden', 403);
    this.ctx ??= await unitContext(this.api, unit.code, this.year);
    const c = await checkWorkbook(this.port, unit, this.year, this.ctx);
    this.checked = c;
    this.issues = c.issues;
    await this.port.markCells(marksOf(c.issues));
    if (c.problems.length) {
      this.say(c.problems.join('；'), 'error');
      return false;
    }
    const errors = c.issues.filter((i) => i.severity === 'error').length;
    const warnings = c.issues.length - errors;
    if (errors) this.say(`发现 ${errors} 处错误${warnings ? `、${warnings} 处提示` : ''}，请按问题列表修改后重新校验`, 'error');
    else if (warnings) this.say(`校验通过，有 ${warnings} 处提示需要核实；如确属实，请填写情况说明后上传`, 'warn');
    else this.say(`校验通过（${c.reports.map((r) => templateOf(r.template).sheet).join('、')}），可以上传`, 'ok');
    return errors === 0;
  }

  private async validateNow() {
    await this.act('正在校验', async () => {
      await this.check();
    });
  }

  private async upload() {
    await this.act('正在校验并上传', async () => {
      if (!(await this.check())) return;
      const c = this.checked!;
      const explanation = (this.root.querySelector('textarea') as HTMLTextAreaElement | null)?.value ?? '';
      if (c.issues.length && !explanation.trim()) {
        this.say('报表有需要核实的提示，请在“情况说明”中说明原因后再上传', 'warn');
        return;
      }
      const empty = emptyLists(c);
      if (empty.length && !window.confirm(`${empty.map((t) => `“${templateOf(t).sheet}”`).join('、')}没有填写任何一行，将按“本年无”上报。确定吗？`)) {
        this.say('已取消上传，请补填后再上传');
        return;
      }
      this.say('正在上传…');
      const { receipts, created } = await uploadWorkbook(this.api, c, this.me!.unit!, this.year, explanation);
      this.receipts = receipts;
      this.ctx = await unitContext(this.api, this.me!.unit!.code, this.year);
      const list = receipts.map((r) => `${templateOf(r.template).sheet} 第 ${r.revision} 版`).join('、');
      this.say(created ? `上传成功：${list}` : `内容与已上报的版本相同，未产生新版本：${list}`, 'ok');
    });
  }

  private async review(id: string, action: 'accept' | 'return', comment: string) {
    await this.act(action === 'accept' ? '正在审核通过' : '正在退回', async () => {
      await this.api.post(`/submissions/${id}/review`, { action, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      await this.loadYear();
      this.say(action === 'accept' ? '已审核通过' : '已退回，单位可修改后重新上报', 'ok');
    });
  }

  private async pull() {
    await this.act('正在拉取全市汇总', async () => {
      const c = await this.api.get<Parameters<typeof consolidatedForExcel>[0]>(`/consolidated/${this.year}`);
      const { sheets, chart } = consolidatedForExcel(c, this.settings);
      await this.port.writeSheets(sheets, { chart });
      this.say(`已写入 ${this.year}年全市汇总（${sheets.length} 张工作表和汇总图表）`, 'ok');
    });
  }

  private async downloadConsolidated() {
    await this.act('正在生成全市汇总表', async () => {
      this.download(await this.api.blob(`/consolidated/${this.year}/workbook.xlsx`), `${this.year}年群团统计全市汇总.xlsx`);
      this.say('全市汇总表已下载', 'ok');
    });
  }

  private download(blob: Blob, name: string) {
    const a = h('a', { href: URL.createObjectURL(blob), download: name }) as HTMLAnchorElement;
    document.body.append(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // ── rendering ────────────────────────────────────────────────────

  render() {
    const dis = this.busy;
    if (!this.me) {
      let input: HTMLInputElement;
      const form = h(
        'form',
        { class: 'card', onsubmit: (e: Event) => (e.preventDefault(), void this.signIn(input.value)) },
        h('h2', {}, '登录'),
        h('p', { class: 'hint' }, '请输入单位管理员发给您的访问令牌。'),
        h('label', { for: 'token' }, '访问令牌'),
        (input = h('input', { id: 'token', type: 'password', autocomplete: 'off', 'aria-label': '访问令牌' }) as HTMLInputElement),
        h('button', { type: 'submit', disabled: dis }, '登录'),
      );
      this.main.replaceChildren(form);
      return;
    }
    const yearSelect = h(
      'select',
      { id: 'year', 'aria-label': '报告年度', disabled: dis, onchange: (e: Event) => this.changeYear(Number((e.target as HTMLSelectElement).value)) },
      ...this.years.map((p) => {
        const o = h('option', { value: String(p.year) }, `${p.year}年${p.status === 'open' ? '' : '（已关闭）'}`) as HTMLOptionElement;
        o.selected = p.year === this.year;
        return o;
      }),
    );
    const period = this.years.find((p) => p.year === this.year);
    const top = h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, h('span', { class: 'who' }, this.who()), h('button', { type: 'button', class: 'link', onclick: () => this.signOut() }, '退出')),
      h('div', { class: 'row' }, h('label', { for: 'year' }, '报告年度'), yearSelect),
      period?.deadline ? h('p', { class: 'hint' }, `报送截止：${period.deadline}${period.status === 'open' ? '' : '（该年度已关闭，只能查看）'}`) : null,
    );
    const parts: Child[] = [top];
    if (this.me.unit) parts.push(this.clerkSection(dis));
    if (this.me.role !== 'clerk') parts.push(this.statisticianSection(dis));
    this.main.replaceChildren(...parts.filter((p): p is Node => p instanceof Node));
    this.renderPreview();
  }

  private async changeYear(year: number) {
    this.year = year;
    await this.act('正在切换年度', async () => {
      await this.loadYear();
      this.say(`已切换到 ${year}年`, 'ok');
    });
  }

  private clerkSection(dis: boolean): HTMLElement {
    const file = this.port.kind === 'file';
    const picker = file
      ? h(
          'label',
          { class: 'file' },
          '选择报表文件',
          h('input', {
            type: 'file',
            accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'aria-label': '选择报表文件',
            disabled: dis,
            onchange: (e: Event) => {
              const f = (e.target as HTMLInputElement).files?.[0];
              if (f) void this.openFile(f);
              (e.target as HTMLInputElement).value = '';
            },
          }),
        )
      : null;
    const warnings = this.issues.filter((i) => i.severity === 'warning').length;
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, '填报'),
      h(
        'div',
        { class: 'buttons' },
        h('button', { type: 'button', disabled: dis, onclick: () => void this.insertBlank() }, file ? '下载空白报表' : '插入空白报表'),
        picker,
        h('button', { type: 'button', disabled: dis || (file && !(this.port as FileWorkbook).sheets.size), onclick: () => void this.validateNow() }, '校验'),
        h('button', { type: 'button', class: 'primary', disabled: dis || (file && !(this.port as FileWorkbook).sheets.size), onclick: () => void this.upload() }, '上传'),
      ),
      file && (this.port as FileWorkbook).fileName ? h('p', { class: 'hint' }, `已选择：${(this.port as FileWorkbook).fileName}`) : null,
      this.issueList(),
      warnings || this.issues.some((i) => i.severity === 'warning')
        ? h('div', { class: 'explain' }, h('label', { for: 'explanation' }, '情况说明'), h('textarea', { id: 'explanation', rows: '3', 'aria-label': '情况说明', placeholder: '请说明提示项属实的原因，例如：本年新建非公企业工会较多' }))
        : null,
      this.receipts.length
        ? h('ul', { class: 'receipts', 'aria-label': '上报回执' }, ...this.receipts.map((r) => h('li', {}, `${templateOf(r.template).sheet}：第 ${r.revision} 版，${localTime(r.createdAt)}`)))
        : null,
      this.statusTable(this.ctx?.statuses ?? []),
    );
  }

  private issueList(): HTMLElement | null {
    if (!this.issues.length) return null;
    return h(
      'ul',
      { class: 'issues', 'aria-label': '问题列表' },
      ...this.issues.map((i) =>
        h(
          'li',
          { class: i.severity },
          h(
            'button',
            { type: 'button', class: 'issue', disabled: !i.cell, onclick: () => i.cell && void this.port.selectCell(i.cell).catch((e: Error) => this.say(e.message, 'error')) },
            h('span', { class: 'cell' }, i.cell ?? templateOf(i.template).sheet),
            h('span', { class: 'code' }, `${i.severity === 'error' ? '错误' : '提示'} ${i.code}`),
            h('span', { class: 'msg' }, i.message),
          ),
        ),
      ),
    );
  }

  private statusTable(statuses: TemplateStatus[]): HTMLElement {
    return h(
      'table',
      { class: 'status-table', 'aria-label': '报送状态' },
      h('thead', {}, h('tr', {}, h('th', {}, '报表'), h('th', {}, '状态'))),
      h(
        'tbody',
        {},
        ...TEMPLATES.map((t) => {
          const s = statuses.find((x) => x.template === t.id) ?? { status: 'missing' as const, label: STATUS_LABELS.missing };
          return h(
            'tr',
            {},
            h('td', {}, t.sheet),
            h('td', { class: `st-${s.status}` }, `${s.label}${'revision' in s && s.revision ? `（第 ${s.revision} 版）` : ''}`, 'comment' in s && s.comment ? h('div', { class: 'comment' }, `退回意见：${s.comment}`) : null),
          );
        }),
      ),
    );
  }

  private statisticianSection(dis: boolean): HTMLElement {
    const p = this.progress;
    const excel = this.port.kind === 'excel';
    const pending = (u: Progress['units'][number]) => Object.values(u.templates).filter((t) => t.status === 'missing' || t.status === 'returned').length;
    const units = p ? [...p.units].sort((a, b) => pending(b) - pending(a)) : [];
    const names = new Map(p?.units.map((u) => [u.unit, u.name]) ?? []);
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, '汇总与审核'),
      h(
        'div',
        { class: 'buttons' },
        excel ? h('button', { type: 'button', class: 'primary', disabled: dis, onclick: () => void this.pull() }, '拉取汇总') : null,
        h('button', { type: 'button', disabled: dis, onclick: () => void this.downloadConsolidated() }, '下载汇总表'),
      ),
      p
        ? h(
            'p',
            { class: 'summary', 'aria-label': '报送统计' },
            `应报 ${p.summary.expected}　未报 ${p.summary.missing}　已报 ${p.summary.submitted}　退回 ${p.summary.returned}　已审核 ${p.summary.accepted}`,
          )
        : null,
      p
        ? h(
            'table',
            { class: 'matrix', 'aria-label': '报送进度' },
            h('thead', {}, h('tr', {}, h('th', {}, '单位'), ...TEMPLATES.map((t) => h('th', { title: t.sheet }, `表${t.no}`)))),
            h(
              'tbody',
              {},
              ...units.map((u) =>
                h(
                  'tr',
                  { class: u.overdue ? 'overdue' : '' },
                  h('th', { scope: 'row' }, u.name, h('div', { class: 'hint' }, `${orgLabel(u.org)} · ${u.district}${u.overdue ? ' · 逾期' : ''}`)),
                  ...TEMPLATES.map((t) => {
                    const s = u.templates[t.id];
                    return h('td', { class: `st-${s.status}`, title: s.comment ?? '' }, STATUS_LABELS[s.status]);
                  }),
                ),
              ),
            ),
          )
        : null,
      h('h3', {}, `待审核（${this.pending.length}）`),
      h(
        'ul',
        { class: 'reviews', 'aria-label': '待审核' },
        ...this.pending.slice(0, 200).map((s) => {
          let comment: HTMLInputElement;
          return h(
            'li',
            {},
            h('div', {}, `${names.get(s.unit) ?? s.unit} · ${templateOf(s.template).sheet} · 第 ${s.revision} 版`),
            s.explanation ? h('div', { class: 'hint' }, `情况说明：${s.explanation}`) : null,
            h(
              'div',
              { class: 'row' },
              (comment = h('input', { type: 'text', 'aria-label': '退回意见', placeholder: '退回意见' }) as HTMLInputElement),
              h('button', { type: 'button', disabled: dis, onclick: () => void this.review(s.id, 'accept', '') }, '通过'),
              h('button', { type: 'button', disabled: dis, onclick: () => void this.review(s.id, 'return', comment.value) }, '退回'),
            ),
          );
        }),
      ),
    );
  }

  /** In the browser: the opened file's sheets, with marked and selected cells. */
  private renderPreview() {
    if (this.port.kind !== 'file') return;
    const fw = this.port as FileWorkbook;
    this.root.querySelector('.preview')?.remove();
    if (!fw.sheets.size || !this.me) return;
    const marks = new Map(fw.marks.map((m) => [m.cell, m]));
    const sheets = TEMPLATES.map((t) => t.sheet).filter((s) => fw.sheets.has(s));
    const shown = fw.selected?.sheet && fw.sheets.has(fw.selected.sheet) ? fw.selected.sheet : sheets[0];
    if (!shown) return;
    const grid = fw.sheets.get(shown)!;
    const width = Math.max(0, ...grid.map((r) => r.length));
    const col = columnName;
    const ref = (r: number, c: number) => `'${shown}'!${col(c)}${r + 1}`;
    const table = h(
      'table',
      { class: 'sheet', 'aria-label': `预览：${shown}` },
      h('tbody', {}, ...grid.map((row, r) =>
        h('tr', {}, h('th', {}, String(r + 1)), ...Array.from({ length: width }, (_, c) => {
          const m = marks.get(ref(r, c));
          const sel = fw.selected?.sheet === shown && fw.selected.row === r && fw.selected.col === c;
          const v = row[c];
          return h('td', { class: `${m ? `mark-${m.severity}` : ''}${sel ? ' selected' : ''}`, title: m?.message ?? '', 'data-cell': `${col(c)}${r + 1}` }, v === null || v === undefined ? '' : String(v));
        })),
      )),
    );
    const tabs = h('div', { class: 'tabs', role: 'tablist' }, ...sheets.map((s) => h('button', { type: 'button', role: 'tab', 'aria-selected': String(s === shown), onclick: () => void fw.selectCell(`'${s}'!A1`) }, s)));
    const section = h('section', { class: 'card preview' }, h('h2', {}, '报表预览'), tabs, h('div', { class: 'scroll' }, table));
    this.main.append(section);
    section.querySelector('.selected')?.scrollIntoView({ block: 'center', inline: 'center' });
  }
}
