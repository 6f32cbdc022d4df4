/**
 * Everything the pane does, as actions on the one store: each runs with the
 * controls disabled and a progress line, says its outcome in words, and
 * leaves what the person typed in place whatever happens. No DOM here
 * beyond saving a download, so the actions run in Node tests too.
 */
import { RETURN_NEEDS_COMMENT, type TemplateId } from '../shared/catalog.ts';
import { templateNamed } from '../shared/editions.ts';
import { batchBody, emptyLists, skippedText, unchangedTemplates, unitContext, warnedTemplates, withCells, type Checked } from '../shared/client.ts';
import { blankWorkbook } from '../shared/layout.ts';
import { consolidatedLayout } from '../shared/consolidated-layout.ts';
import { fromColumns } from '../shared/columns.ts';
import type { Consolidated, ConsolidatedColumns, Correction, Me, Period, Progress, Quality, Receipt, ReportFigures, RevisionContext, RevisionDetail, SheetKey, SubmissionsPage, Trace } from '../shared/responses.ts';
import type { TrendPoint } from '../shared/responses.ts';
import { parseTargetText, targetText } from '../shared/assessment.ts';
import type { Assessment, Target } from '../shared/responses.ts';
import type { Issue } from '../shared/validate.ts';
import { WorkbookError } from '../shared/xlsx/read.ts';
import { Api, ApiFailure } from './api.ts';
import type { FileWorkbook } from './file.ts';
import { checkWorkbook, marksOf } from './flow.ts';
import { WorkbookFailure, type WorkbookPort } from './port.ts';
import { areaQuery, editionOfState, EMPTY_SETTINGS, initialState, periodOf, reviewable, Store, writableTemplates, type DeskTab, type Outcome, type Question, type State, type Tone } from './state.ts';
import { chaseLayout, chaseUnits } from '../shared/chase.ts';
import { writeXlsx } from '../shared/xlsx/write.ts';
import type { TokenStore } from './store.ts';

/** Saves a blob as a file the person keeps (an <a download> in the page). */
export type SaveFile = (blob: Blob, name: string) => void;
/** Puts text on the clipboard; rejects when the host allows no clipboard. */
export type CopyText = (text: string) => Promise<void>;

const sheetList = (ts: readonly TemplateId[]) => ts.map((t) => `“${templateNamed(t).sheet}”`).join('、');
const revisions = (rs: readonly Receipt[]) => rs.map((r) => `${templateNamed(r.template).sheet} 第 ${r.revision} 版`).join('、');

/** The failure as the person should read it. */
function messageOf(e: unknown): string {
  if (e instanceof ApiFailure || e instanceof WorkbookFailure || e instanceof WorkbookError) return e.message;
  return `出现意外错误：${e instanceof Error ? e.message : String(e)}`;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A page of the review list. */
const REVIEW_PAGE = 50;

/** What the desk shows of one year and area, before it is loaded. */
const DESK_EMPTY = {
  progress: null,
  pending: [],
  pendingCursor: null,
  reviewing: null,
  quality: null,
  report: null,
  consolidated: null,
  trace: null,
  revision: null,
  targets: null,
  assessment: null,
} satisfies Partial<State>;

export class Actions {
  private answer: ((yes: boolean) => void) | null = null;

  constructor(
    readonly store: Store,
    private readonly api: Api,
    readonly port: WorkbookPort,
    private readonly tokens: TokenStore,
    private readonly save: SaveFile,
    private readonly copyText: CopyText = () => Promise.reject(new Error('no clipboard')),
  ) {
    if (port.kind === 'file') (port as FileWorkbook).onChange = () => this.store.set((s) => ({ fileVersion: s.fileVersion + 1 }));
  }

  private get s(): State {
    return this.store.get();
  }

  say(text: string, tone: Tone = 'info') {
    this.store.set({ status: { text, tone } });
  }

  /**
   * Runs one action: controls off, progress said, failure said in words; typed text is never touched.
   * Once done, focus goes to what the action produced (`focusOn`), or to the status line that says
   * why it failed — never lost to the top of the page.
   */
  private async act(label: string, fn: () => Promise<void>) {
    if (this.s.busy) return;
    this.store.set({ busy: label, focus: null, status: { text: `${label}…`, tone: 'info' } });
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'unauthorized') {
        this.tokens.clear();
        this.store.set({ me: null, ctx: null, progress: null, pending: [], reviewing: null, quality: null, report: null });
      }
      this.say(messageOf(e), 'error');
      // Where the action pointed at what to fix (a comment box to fill), focus goes there; else to what was said.
      if (!this.s.focus) this.focusOn('status');
    } finally {
      this.store.set((s) => ({ busy: null, done: s.done + 1 }));
    }
  }

  /** Names the element (by id) that holds the running action's result: it gets the focus when the action is done. */
  focusOn(id: string | null) {
    this.store.set({ focus: id });
  }

  // ── asking inside the page ─────────────────────────────────────────

  /** Asks a yes/no question in the page's own dialog; resolves when it is answered. */
  ask(q: Omit<Question, 'confirm' | 'cancel'>): Promise<boolean> {
    this.answer?.(false);
    return new Promise((resolve) => {
      this.answer = resolve;
      this.store.set({ question: { ...q, confirm: '确定', cancel: '取消' } });
    });
  }

  reply(yes: boolean) {
    const a = this.answer;
    this.answer = null;
    this.store.set({ question: null });
    a?.(yes);
  }

  // ── signing in and the year ────────────────────────────────────────

  async start(notice: string | null) {
    const settings = await this.api.get<State['settings']>('/settings').catch(() => EMPTY_SETTINGS);
    this.store.set({ settings });
    if (this.tokens.get()) await this.signIn();
    if (notice) this.say(notice, 'warn');
  }

  async signIn(token?: string) {
    await this.act('正在登录', async () => {
      if (token !== undefined) {
        if (!token.trim()) throw new ApiFailure('请输入访问令牌', 'bad_request', 400);
        this.tokens.set(token.trim());
      }
      const me = await this.api.get<Me>('/me');
      const periods = (await this.api.get<{ periods: Period[] }>('/periods')).periods;
      const open = periods.filter((p) => p.status === 'open');
      const year = (open[0] ?? periods[0])?.year ?? new Date().getFullYear() - 1;
      this.store.set({ me, periods, year });
      await this.loadYear();
      this.say(`已登录：${whoText(me)}`, 'ok');
      this.focusOn('work');
    });
  }

  signOut() {
    this.tokens.clear();
    const { settings, fileVersion } = this.s;
    this.store.set({ ...initialState(), settings, fileVersion, status: { text: '已退出登录', tone: 'info' } });
    void this.port.clearMarks().catch(() => undefined);
  }

  async changeYear(year: number) {
    this.store.set({ year, area: null, areaPath: [] });
    await this.act('正在切换年度', async () => {
      await this.loadYear();
      this.say(`已切换到 ${year}年`, 'ok');
      this.focusOn('work');
    });
  }

  /** What the year shows: the unit's context, or progress and the revisions waiting for review. */
  private async loadYear() {
    const { me, year } = this.s;
    // A workbook checked before (before signing in, or for another year) is checked again for this one.
    const recheck = this.s.checked !== null;
    this.store.set({ checked: null, unchanged: [], explanations: {}, receipts: null, unconfirmed: null, correction: null, ctx: null, corrections: [], ...DESK_EMPTY });
    if (!me) return;
    if (me.unit) {
      const [ctx, corrections] = await Promise.all([unitContext(this.api, me.unit.code, year, editionOfState(this.s)), this.api.get<{ corrections: Correction[] }>(`/periods/${year}/corrections`)]);
      this.store.set({ ctx, correction: corrections.corrections.find((c) => c.unit === me.unit!.code && c.status === 'open') ?? null });
    }
    if (me.role !== 'clerk') await this.loadDesk();
    if (recheck && this.hasWorkbook()) await this.check();
  }

  // ── the clerk's work ───────────────────────────────────────────────

  /** Whether there is a workbook to check: Excel's open one, or a chosen file. */
  hasWorkbook(): boolean {
    return this.port.kind !== 'file' || (this.port as FileWorkbook).sheets.size > 0;
  }

  /** Opens a chosen file (`source`: the file itself, so that 校验 and 上传 can read it again). */
  async openFile(name: string, bytes: Uint8Array, source: Blob | null = null) {
    await this.act(`正在读取 ${name}`, async () => {
      this.store.set({ checked: null, unchanged: [], receipts: null });
      (this.port as FileWorkbook).open(name, bytes, source);
      await this.check();
      this.focusOn(this.s.checked?.issues.length ? 'issues' : 'status');
    });
  }

  /** A chosen file is read again before it is checked or uploaded: the clerk may have fixed and saved it meanwhile. */
  private async reread() {
    if (this.port.kind === 'file') await (this.port as FileWorkbook).reread();
  }

  async validate() {
    await this.act('正在校验', async () => {
      try {
        await this.reread();
      } catch (e) {
        // What was checked before is of a copy that is no longer the file: nothing of it may be uploaded.
        this.store.set({ checked: null, unchanged: [] });
        throw e;
      }
      await this.check();
      this.focusOn(this.s.checked?.issues.length ? 'issues' : 'status');
    });
  }

  /** Reads and checks the workbook, marks its cells, says the result; returns it. */
  private async check(): Promise<Checked> {
    const { me, year, ctx } = this.s;
    const unit = me?.unit ?? null;
    const edition = me ? editionOfState(this.s) : null;
    const c = await checkWorkbook(this.port, { unit, year: me ? year : null, edition, ctx: unit ? ctx : null });
    this.store.set({ checked: c, unchanged: unit && edition && !c.problems.length ? unchangedTemplates(c.reports, ctx, unit.org, edition) : [] });
    // The borders only point at cells the issue list already names: a workbook Excel will not
    // let us mark still gets its result said, and can still be uploaded.
    let unmarked = '';
    try {
      await this.port.markCells(marksOf(c.issues));
    } catch (e) {
      unmarked = `（未能在工作表中标出问题单元格：${messageOf(e)}）`;
    }
    this.sayChecked(c, unmarked);
    return c;
  }

  private sayChecked(c: Checked, note = '') {
    const say = (text: string, tone: Tone) => this.say(`${text}${note}`, tone);
    if (c.problems.length) return say(c.problems.join('；'), 'error');
    const errors = c.issues.filter((i) => i.severity === 'error').length;
    const warnings = c.issues.length - errors;
    const skipped = c.skipped.length ? `。未登录，以下审核需要已上报的数据，登录后再核对：${skippedText(c.skipped)}` : '';
    if (errors) return say(`发现 ${errors} 处错误${warnings ? `、${warnings} 处提示` : ''}，请按问题列表修改后重新校验${skipped}`, 'error');
    if (warnings) return say(`校验通过，有 ${warnings} 处提示需要核实；如确属实，请在情况说明中说明原因后上传${skipped}`, 'warn');
    const sheets = c.reports.map((r) => templateNamed(r.template).sheet).join('、');
    say(`校验通过（${sheets}）${this.s.me ? '，可以上传' : ''}${skipped}`, 'ok');
  }

  setExplanation(template: TemplateId, text: string) {
    this.store.set((s) => ({ explanations: { ...s.explanations, [template]: text } }));
  }

  async upload() {
    await this.act('正在校验并上传', async () => {
      const { me, year } = this.s;
      const unit = me?.unit;
      if (!unit) throw new ApiFailure('请使用本单位填报员的令牌登录后再上传', 'forbidden', 403);
      const writable = writableTemplates(this.s);
      if (!writable) throw new ApiFailure(closedText(year, periodOf(this.s), me.role), 'period_closed', 409);
      try {
        await this.reread();
      } catch (e) {
        this.store.set({ checked: null, unchanged: [] });
        throw e;
      }
      const checked = await this.check();
      // In a closed year, a correction reopens some templates only: those are uploaded, the others stay as published.
      const c = writable === 'all' ? checked : { ...checked, reports: checked.reports.filter((r) => writable.includes(r.template)), issues: checked.issues.filter((i) => writable.includes(i.template)) };
      if (writable !== 'all' && !c.reports.length) throw new ApiFailure(`工作簿中没有更正的报表（${sheetList(writable)}）`, 'bad_request', 400);
      if (c.problems.length || c.issues.some((i) => i.severity === 'error')) return this.focusOn('issues');
      // Only what changed goes: a template whose figures are on record keeps its revision, its status and its 情况说明.
      const kept = this.s.unchanged.filter((t) => c.reports.some((r) => r.template === t));
      const send = c.reports.filter((r) => !kept.includes(r.template));
      const current = this.s.ctx?.current ?? {};
      const keptReceipts: Receipt[] = kept.flatMap((t) => (current[t] ? [current[t]!] : []));
      if (!send.length) {
        this.store.set({ receipts: { items: [], kept: keptReceipts, outcome: 'unchanged', explained: [] } });
        this.say(`没有变化：工作簿中的报表与已上报的版本相同，未上传，也未产生新版本（${revisions(keptReceipts)}）`, 'info');
        return this.focusOn('receipt');
      }
      const warned = warnedTemplates(c.issues).filter((t) => send.some((r) => r.template === t));
      const unexplained = warned.filter((t) => !this.s.explanations[t]?.trim());
      if (unexplained.length) {
        this.say(`${sheetList(unexplained)}有需要核实的提示，请在对应的“情况说明”中说明原因后再上传`, 'warn');
        return this.focusOn(`explanation-${unexplained[0]}`);
      }
      const empty = emptyLists(send);
      if (empty.length) {
        const yes = await this.ask({ title: '确认“本年无”', text: `${sheetList(empty)}没有填写任何一行，将按“本年无”上报。确定吗？` });
        if (!yes) return this.say('已取消上传，请补填后再上传');
      }
      const explanations = Object.fromEntries(warned.map((t) => [t, this.s.explanations[t]!]));
      const body = batchBody(send, unit.code, year, explanations);
      const key = JSON.stringify(body);
      this.say('正在上传…');
      let res: { status: number; body: { submissions: Receipt[] } };
      try {
        res = await this.api.post<{ submissions: Receipt[] }>('/submissions/batch', body);
      } catch (e) {
        if (e instanceof ApiFailure && e.code === 'offline') this.store.set({ unconfirmed: key });
        if (e instanceof ApiFailure && e.issues.length) await this.showServerIssues(c, e.issues);
        throw e;
      }
      const outcome: Outcome = res.status === 201 ? 'created' : this.s.unconfirmed === key ? 'recovered' : 'unchanged';
      const items = res.body.submissions;
      this.store.set({ receipts: { items, kept: keptReceipts, outcome, explained: warned }, unconfirmed: null, ctx: await unitContext(this.api, unit.code, year, editionOfState(this.s)) });
      // What is now on record is what the workbook holds: checked again, nothing of it counts as changed.
      this.store.set({ unchanged: c.reports.map((r) => r.template) });
      const keptText = keptReceipts.length ? `；${sheetList(kept)}没有变化，未重新上传` : '';
      const said: Record<Outcome, [string, Tone]> = {
        created: [`上传成功：${revisions(items)}${keptText}`, 'ok'],
        recovered: [`上传成功：${revisions(items)}（上次上传已送达服务器，本次未重复保存）${keptText}`, 'ok'],
        unchanged: [`没有变化：内容与已上报的版本相同，未产生新版本（${revisions(items)}）`, 'info'],
      };
      this.say(...said[outcome]);
      this.focusOn('receipt');
    });
  }

  /** The server's refusal, with each issue on its cell. */
  private async showServerIssues(c: Checked, issues: Issue[]) {
    const mapped = withCells(issues, c.reports);
    this.store.set({ checked: { ...c, issues: mapped } });
    await this.port.markCells(marksOf(mapped)).catch(() => undefined);
  }

  async selectCell(cell: string) {
    try {
      await this.port.selectCell(cell);
    } catch (e) {
      this.say(messageOf(e), 'error');
    }
  }

  async insertBlank() {
    await this.act('正在准备空白报表', async () => {
      const { me, year, settings, ctx } = this.s;
      if (this.port.kind === 'file') {
        // A clerk's copy comes with its unit filled in and last year's figures in the 上年 column.
        this.save(await this.api.blob(`/templates/${year}/workbook.xlsx`), `${year}年群团统计报表${me?.unit ? `-${me.unit.name}` : ''}.xlsx`);
        this.say('空白报表已下载，请用 Excel、WPS 或 LibreOffice 填写后在此选择文件上传', 'ok');
        return;
      }
      const sheets = blankWorkbook(year, me?.unit ?? null, settings, ctx?.previous ?? {}, editionOfState(this.s));
      const existing = (await this.port.sheetNames()).filter((n) => sheets.some((s) => s.sheet === n));
      if (existing.length) {
        const yes = await this.ask({
          title: '覆盖已有工作表？',
          text: `工作簿中已有${existing.map((n) => `“${n}”`).join('、')}，插入空白报表会覆盖这些工作表中的内容。确定覆盖吗？`,
        });
        if (!yes) return this.say('已取消，原有工作表保持不变');
      }
      await this.port.writeSheets(sheets);
      this.store.set({ checked: null });
      this.say(`已插入 ${year}年 ${sheets.length} 张空白报表，请在黄色单元格中填写`, 'ok');
    });
  }

  // ── the statistician's work ────────────────────────────────────────

  setComment(id: string, text: string) {
    this.store.set((s) => ({ comments: { ...s.comments, [id]: text } }));
  }

  /**
   * Accepts or returns a revision. It stays in the list where it was, showing its new status, so
   * that the rows below do not move under the mouse; the list is read again only when asked.
   */
  async review(id: string, action: 'accept' | 'return') {
    await this.act(action === 'accept' ? '正在审核通过' : '正在退回', async () => {
      const comment = this.s.comments[id]?.trim() ?? '';
      if (action === 'return' && !comment) {
        this.focusOn(`comment-${id}`);
        throw new ApiFailure(RETURN_NEEDS_COMMENT, 'validation_failed', 422);
      }
      const done = await this.reviewOne(id, action, comment);
      await this.refreshProgress();
      const what = this.revisionName(done);
      this.say(action === 'accept' ? `已审核通过：${what}` : `已退回：${what}，单位可修改后重新上报`, 'ok');
      this.focusOn(`revision-${id}`);
    });
  }

  /** POSTs one review and puts the answer in place: in the list (same row) and in the open panel. */
  private async reviewOne(id: string, action: 'accept' | 'return', comment = ''): Promise<RevisionDetail> {
    const done = (await this.api.post<RevisionDetail>(`/submissions/${encodeURIComponent(id)}/review`, { action, ...(comment ? { comment } : {}) })).body;
    const { [id]: _done, ...comments } = this.s.comments;
    this.store.set((s) => ({
      pending: s.pending.map((p) => (p.id === id ? { ...p, status: done.status } : p)),
      comments,
      reviewing: s.reviewing?.detail.id === id ? { ...s.reviewing, detail: done } : s.reviewing,
    }));
    return done;
  }

  private async refreshProgress() {
    this.store.set({ progress: await this.api.get<Progress>(`/progress/${this.s.year}${areaQuery(this.s)}`).catch(() => this.s.progress) });
  }

  /** 「兴宾区妇联 表2 培训 第 2 版」 */
  private revisionName(r: { unit: string; template: TemplateId; revision: number }): string {
    return `${this.unitName(r.unit)} ${templateNamed(r.template).sheet} 第 ${r.revision} 版`;
  }

  unitName(code: string): string {
    return this.s.progress?.units.find((u) => u.unit === code)?.name ?? this.s.quality?.warnings.find((w) => w.unit === code)?.name ?? code;
  }

  /**
   * 全部通过: every revision of the unit waiting for review this year (as the server lists them,
   * not only the page loaded), after asking; each stays in its row with its new status.
   */
  async acceptUnit(unit: string) {
    const name = this.unitName(unit);
    await this.act(`正在通过 ${name} 的报表`, async () => {
      const q = new URLSearchParams({ year: String(this.s.year), unit, status: 'submitted', limit: '100' });
      const waiting = (await this.api.get<SubmissionsPage>(`/submissions?${q}`)).submissions.filter((r) => reviewable(this.s, r.unit, r.template));
      if (!waiting.length) return this.say(`${name}没有待审核的报表`, 'info');
      const warned = waiting.filter((r) => r.warnings.length);
      const yes = await this.ask({
        title: `全部通过：${name}`,
        text: `确定通过${name}的 ${waiting.length} 张报表（${sheetList(waiting.map((r) => r.template))}）吗？${warned.length ? `其中${sheetList(warned.map((r) => r.template))}有提示，请确认已看过情况说明。` : ''}`,
      });
      if (!yes) return this.say('已取消，报表保持待审核');
      for (const r of waiting) await this.reviewOne(r.id, 'accept');
      await this.refreshProgress();
      this.say(`已审核通过${name}的 ${waiting.length} 张报表`, 'ok');
      this.focusOn(`unit-${unit}`);
    });
  }

  /** The review list's page after `cursor` (the first without), as filtered, in the area drilled into. */
  private reviewPage(cursor: string | null): Promise<SubmissionsPage> {
    const { year, reviewFilter: f, area } = this.s;
    const q = new URLSearchParams({ year: String(year), status: f.status, limit: String(REVIEW_PAGE) });
    if (f.template) q.set('template', f.template);
    if (f.org) q.set('org', f.org);
    // A district chosen in the filter lies inside the area drilled into.
    const within = f.area ?? area?.code ?? null;
    if (within) q.set('area', within);
    if (cursor) q.set('cursor', cursor);
    return this.api.get<SubmissionsPage>(`/submissions?${q}`);
  }

  /** Progress and the review list, then whatever the open tab shows. */
  private async loadDesk() {
    const closed = periodOf(this.s)?.status === 'closed';
    const [progress, page, corrections] = await Promise.all([
      this.api.get<Progress>(`/progress/${this.s.year}${areaQuery(this.s)}`).catch(() => null),
      this.reviewPage(null),
      // A closed year is read-only but for its open corrections, whose templates may still be reviewed.
      closed ? this.api.get<{ corrections: Correction[] }>(`/periods/${this.s.year}/corrections`).then((c) => c.corrections, () => []) : Promise.resolve([]),
    ]);
    this.store.set({ progress, pending: page.submissions, pendingCursor: page.nextCursor ?? null, corrections });
    await this.loadTab();
  }

  private async loadTab() {
    const { tab, year } = this.s;
    if (tab === 'quality' && !this.s.quality) this.store.set({ quality: await this.api.get<Quality>(`/quality/${year}${areaQuery(this.s)}`) });
    if (tab === 'report' && !this.s.report) this.store.set({ report: await this.api.get<ReportFigures>(`/report-figures/${year}${areaQuery(this.s)}`) });
  }

  async chooseTab(tab: DeskTab) {
    this.store.set({ tab });
    // The charts draw the consolidation (members by org type) beside the trend they read themselves.
    if (tab === 'charts' && !this.s.consolidated) return this.loadConsolidated();
    if (tab === 'targets' && !this.s.targets) return this.loadTargets();
    const label = { progress: null, review: null, figures: null, charts: null, targets: null, quality: '正在检查数据质量', report: '正在生成报告用数' }[tab];
    if (!label || (tab === 'quality' && this.s.quality) || (tab === 'report' && this.s.report)) return;
    await this.act(label, async () => {
      await this.loadTab();
      if (tab === 'quality') this.say(`数据质量：${this.s.quality!.warnings.length} 条提示，${this.s.quality!.outliers.length} 个异常值`, 'ok');
      else this.say('报告用数已生成：点数字可查看来源，点“复制”可粘贴到报告中', 'ok');
    });
  }

  async setReviewFilter(patch: Partial<State['reviewFilter']>) {
    this.store.set((s) => ({ reviewFilter: { ...s.reviewFilter, ...patch } }));
    await this.act('正在筛选报表', async () => {
      const page = await this.reviewPage(null);
      this.store.set({ pending: page.submissions, pendingCursor: page.nextCursor ?? null });
      this.say(`共找到 ${page.submissions.length}${page.nextCursor ? '+' : ''} 份报表`, 'ok');
    });
  }

  /** Reads the review list again with the same filters: revisions reviewed meanwhile leave it. */
  async reloadPending() {
    await this.act('正在刷新报表列表', async () => {
      const page = await this.reviewPage(null);
      this.store.set({ pending: page.submissions, pendingCursor: page.nextCursor ?? null });
      this.say(`共找到 ${page.submissions.length}${page.nextCursor ? '+' : ''} 份报表`, 'ok');
      this.focusOn('review-list');
    });
  }

  setProgressFilter(patch: Partial<State['progressFilter']>) {
    this.store.set((s) => ({ progressFilter: { ...s.progressFilter, ...patch } }));
  }

  /** A cell of 报送进度: the unit's current revision of the template, opened for review. */
  async openCell(unit: string, template: TemplateId) {
    const q = new URLSearchParams({ year: String(this.s.year), unit, template });
    let id: string | undefined;
    await this.act('正在查找报表', async () => {
      id = (await this.api.get<SubmissionsPage>(`/submissions?${q}`)).submissions[0]?.id;
      if (!id) throw new ApiFailure(`${this.unitName(unit)}尚未上报${templateNamed(template).sheet}`, 'not_found', 404);
    });
    if (id) await this.openReview(id);
  }

  /**
   * 导出催报名单: the units shown in 报送进度 (its district and org-type filters) that still
   * have a template missing or returned, with their contacts, as an .xlsx file.
   */
  async exportChase() {
    await this.act('正在生成催报名单', async () => {
      const p = this.s.progress;
      if (!p) return;
      const units = chaseUnits(p.units, this.s.progressFilter);
      if (!units.length) return this.say('筛选范围内的单位都已报齐，不需要催报', 'ok');
      const where = this.s.progressFilter.district ?? (p.area.level ? p.area.name : '全市');
      const sheet = chaseLayout({ year: this.s.year, deadline: p.deadline, where, units, edition: editionOfState(this.s), at: new Date().toISOString() });
      this.save(new Blob([writeXlsx([sheet]) as BlobPart], { type: XLSX_TYPE }), `${this.s.year}年${where}催报名单.xlsx`);
      this.say(`已导出催报名单：${units.length} 个单位尚未报齐`, 'ok');
    });
  }

  async morePending() {
    await this.act('正在读取更多报表', async () => {
      const { pendingCursor } = this.s;
      if (!pendingCursor) return;
      const page = await this.reviewPage(pendingCursor);
      this.store.set((s) => ({ pending: [...s.pending, ...page.submissions.filter((p) => !s.pending.some((x) => x.id === p.id))], pendingCursor: page.nextCursor ?? null }));
      this.say(`已读取 ${this.s.pending.length} 份报表`, 'ok');
    });
  }

  /**
   * Opens a revision for review: what was uploaded, the unit's last year and
   * its peers' median, and the unit's revision before it to show what changed.
   */
  async openReview(id: string) {
    await this.act('正在打开报表', async () => {
      this.focusOn('review-panel');
      const at = (x: string) => `/submissions/${encodeURIComponent(x)}`;
      const [detail, context] = await Promise.all([this.api.get<RevisionDetail>(at(id)), this.api.get<RevisionContext>(`${at(id)}/context`)]);
      let before: RevisionDetail | null = null;
      if (detail.revision > 1) {
        const q = new URLSearchParams({ year: String(detail.year), unit: detail.unit, template: detail.template, history: '1', limit: String(detail.revision) });
        const prior = (await this.api.get<SubmissionsPage>(`/submissions?${q}`)).submissions.find((r) => r.revision === detail.revision - 1);
        if (prior) before = await this.api.get<RevisionDetail>(at(prior.id));
      }
      const name = this.unitName(detail.unit);
      this.store.set({ tab: 'review', reviewing: { detail, template: editionOfState(this.s).template(detail.template), context, before, name } });
      this.say(`已打开：${name} ${templateNamed(detail.template).sheet} 第 ${detail.revision} 版`, 'ok');
    });
  }

  closeReview() {
    this.store.set({ reviewing: null });
  }

  setQualityFilter(patch: Partial<State['qualityFilter']>) {
    this.store.set((s) => ({ qualityFilter: { ...s.qualityFilter, ...patch } }));
  }

  /** Copies a sentence (or all of them) for the report; says so, or how to copy by hand. */
  async copy(text: string, what: string) {
    try {
      await this.copyText(text);
      this.say(`已复制${what}，可直接粘贴到报告中`, 'ok');
    } catch {
      this.say('无法使用剪贴板：请选中文字后按 Ctrl+C 复制', 'error');
    }
  }

  /**
   * Drills into a child area (or back up the path to one above, or to the
   * caller's own with null): progress, the review list and the figures follow.
   */
  async drill(area: { code: string; name: string } | null) {
    const path = this.s.areaPath;
    const i = area ? path.findIndex((a) => a.code === area.code) : -1;
    const areaPath = area ? (i >= 0 ? path.slice(0, i + 1) : [...path, area]) : [];
    this.store.set({ area, areaPath, ...DESK_EMPTY, progress: this.s.progress });
    await this.act(area ? `正在打开 ${area.name}` : '正在返回', async () => {
      await this.loadDesk();
      this.say(`当前区域：${this.s.progress?.area.name ?? area?.name ?? ''}`, 'ok');
    });
  }

  // ── consolidated figures and where they come from ─────────────────

  /** A year's consolidation for the area shown, fetched in columns (the keys once per sheet: far fewer bytes for a big city). */
  private async consolidatedOf(year: number): Promise<Consolidated> {
    return fromColumns(await this.api.get<ConsolidatedColumns>(`/consolidated/${year}?shape=columns${areaQuery(this.s, '&')}`));
  }

  async loadConsolidated() {
    await this.act('正在读取汇总数据', async () => {
      const consolidated = await this.consolidatedOf(this.s.year);
      this.store.set({ consolidated, trace: null, revision: null });
      const p = consolidated.published;
      this.say(p ? `${this.s.year}年汇总：第 ${p.version} 版（已发布）` : `${this.s.year}年汇总（未发布，随上报变化）`, 'ok');
    });
  }

  chooseSheet(sheet: SheetKey) {
    this.store.set({ sheet, trace: null, revision: null });
  }

  /** 数据溯源: the counted revisions a figure is made of. */
  async openTrace(sheet: SheetKey, key: string, row: string, label: string) {
    await this.act('正在溯源', async () => {
      const version = this.s.consolidated?.published?.version;
      const q = new URLSearchParams({ template: sheet, key, row, ...(version ? { version: String(version) } : {}), ...(this.s.area ? { area: this.s.area.code } : {}) });
      const data = await this.api.get<Trace>(`/consolidated/${this.s.year}/trace?${q}`);
      this.store.set({ trace: { label, data }, revision: null });
      const n = 'contributions' in data ? data.contributions.length : data.numerator.contributions.length;
      this.say(`${label}：由 ${n} 个单位的报表汇总而来`, 'ok');
    });
  }

  async openRevision(id: string) {
    await this.act('正在打开报表', async () => {
      this.store.set({ revision: await this.api.get<RevisionDetail>(`/submissions/${encodeURIComponent(id)}`) });
      this.say('已打开该报表版本', 'ok');
    });
  }

  async pull() {
    await this.act('正在拉取全市汇总', async () => {
      const { year } = this.s;
      const [c, targets, assessment] = await Promise.all([
        this.consolidatedOf(year),
        this.api.get<{ targets: Target[] }>(`/targets/${year}`),
        this.api.get<Assessment>(`/assessment/${year}${areaQuery(this.s)}`),
      ]);
      // 目标考核 as the downloaded workbook has it: when the city set org-type targets, or the area's units have their own.
      const assessed = targets.targets.some((t) => t.org) || assessment.rows.length > 0;
      const sheets = consolidatedLayout(c, this.s.settings, assessed ? assessment : null);
      await this.port.writeSheets(sheets);
      this.say(`已写入 ${year}年${c.area.level ? c.area.name : '全市'}汇总（${sheets.length} 张工作表，含图表和报告用数${assessed ? '、目标考核' : ''}）`, 'ok');
    });
  }

  // ── targets and assessment (目标管理考核) ─────────────────────────

  /** The year's targets, the units of the caller's area (to read pasted codes), and each unit's completion. */
  async loadTargets() {
    await this.act('正在读取考核目标', async () => {
      const year = this.s.year;
      const [targets, assessment, progress] = await Promise.all([
        this.api.get<{ targets: Target[] }>(`/targets/${year}`),
        this.api.get<Assessment>(`/assessment/${year}`),
        this.api.get<Progress>(`/progress/${year}`),
      ]);
      this.store.set({ targets: { saved: targets.targets, units: progress.units.map((u) => ({ code: u.unit, name: u.name, org: u.org })) }, assessment });
      this.say(`${year}年：已保存 ${targets.targets.length} 条考核目标，${assessment.rows.length} 个单位参加考核`, 'ok');
    });
  }

  setTargetsText(text: string) {
    this.store.set({ targetsText: text });
  }

  /** Puts the saved targets into the text box, as a sheet would give them, to be edited and saved again. */
  editSavedTargets() {
    this.store.set({ targetsText: targetText(this.s.targets?.saved ?? []) });
    this.say('已把已保存的目标填入文本框，可修改后保存', 'info');
  }

  /** Saves the pasted targets (PUT: they replace the year's, within the caller's area), then reads the completion again. */
  async saveTargets() {
    await this.act('正在保存考核目标', async () => {
      const { year, targets, me } = this.s;
      if (!targets) return;
      const lines = parseTargetText(this.s.targetsText, { units: new Map(targets.units.map((u) => [u.code, u])), orgTargets: !me?.area });
      if (!lines.length) throw new ApiFailure('请先把目标从表格中复制粘贴到文本框中', 'validation_failed', 422);
      const bad = lines.filter((l) => l.error);
      if (bad.length) throw new ApiFailure(`有 ${bad.length} 行目标有误（第 ${bad.slice(0, 5).map((l) => l.line).join('、')} 行${bad.length > 5 ? '等' : ''}），请按预览中的说明改正后再保存；目标未保存`, 'validation_failed', 422);
      if (targets.saved.length) {
        const yes = await this.ask({
          title: '替换已保存的目标？',
          text: `保存后，${me?.area ? `${me.area.name}各单位` : `${year}年度`}已保存的 ${targets.saved.length} 条目标将被这次粘贴的 ${lines.length} 条目标替换。确定吗？`,
        });
        if (!yes) return this.say('已取消，已保存的目标保持不变');
      }
      let saved: { targets: Target[] };
      try {
        saved = await this.api.put<{ targets: Target[] }>(`/targets/${year}`, { targets: lines.map((l) => l.target!) });
      } catch (e) {
        // Closed meanwhile: the view turns read-only (the pasted text stays in state).
        if (e instanceof ApiFailure && e.code === 'period_closed') this.store.set({ periods: (await this.api.get<{ periods: Period[] }>('/periods')).periods });
        throw e;
      }
      const assessment = await this.api.get<Assessment>(`/assessment/${year}`);
      this.store.set({ targets: { ...targets, saved: saved.targets }, assessment, targetsText: '' });
      this.say(`已保存 ${lines.length} 条考核目标`, 'ok');
    });
  }

  async downloadConsolidated() {
    await this.act('正在生成全市汇总表', async () => {
      if (!this.port.downloads) throw new WorkbookFailure('这里不能下载文件，请用“拉取汇总”把全市汇总写入当前工作簿');
      const where = this.s.progress?.area.level ? this.s.progress.area.name : '全市';
      this.save(await this.api.blob(`/consolidated/${this.s.year}/workbook.xlsx${areaQuery(this.s)}`), `${this.s.year}年群团统计${where}汇总.xlsx`);
      this.say('全市汇总表已下载', 'ok');
    });
  }

  // ── charts ─────────────────────────────────────────────────────────

  /**
   * 历年趋势 for the trend chart: a figure (`sheet.key`, e.g. `members.members_total`) over the five
   * years to the chosen one, for the area looked at. Read beside the consolidation, not as an `act`:
   * the statistician goes on reading and tracing figures meanwhile, the status line keeps what the
   * last action said, and a failure is said in the chart itself. An answer that comes back after
   * another figure, year or area was chosen is dropped.
   */
  async loadTrend(key: string) {
    const { year } = this.s;
    const area = this.s.area?.code ?? null;
    const ask = { key, year, area };
    const current = () => this.s.trend?.key === key && this.s.trend.year === year && this.s.trend.area === area;
    this.store.set({ trend: { ...ask, points: null, error: null } });
    const [sheet = '', field = ''] = key.split('.');
    const q = new URLSearchParams({ template: sheet, key: field, from: String(year - 4), to: String(year), ...(area ? { area } : {}) });
    try {
      const { points } = await this.api.get<{ points: TrendPoint[] }>(`/trend?${q}`);
      if (current()) this.store.set({ trend: { ...ask, points, error: null } });
    } catch (e) {
      if (current()) this.store.set({ trend: { ...ask, points: null, error: messageOf(e) } });
    }
  }
}

/** 「兴宾区妇联（XB-WOMEN）· 填报员」 */
export function whoText(me: Me): string {
  const role = { admin: '管理员', statistician: '统计员', clerk: '填报员' }[me.role];
  if (me.unit) return `${me.unit.name}（${me.unit.code}）· ${role}`;
  return me.area ? `${me.area.name} · ${role}` : role;
}

/** Why nothing can be uploaded or reviewed for the year, said to the one who would. */
export function closedText(year: number, p: Period | undefined, role: Me['role'] | null = null): string {
  if (!p) return `${year}年度尚未开放上报`;
  if (role === 'statistician') return `${year}年度已关闭，数据已发布，只能查看，不能审核；如需更正，由管理员为单位开放更正后再审核`;
  if (role === 'admin') return `${year}年度已关闭，数据已发布，只能查看，不能上传或审核；如需更正，请为单位开放更正（npm run admin -- corrections open）`;
  return `${year}年度已关闭，只能查看，不能上传或审核；如需更正，请联系市统计员`;
}
