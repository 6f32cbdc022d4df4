/**
 * npm run upload -- --file <xlsx|ods> --year <year> [--base <url>] [--token <token>] [--explanation <text>]
 * npm run upload -- --check --file <xlsx|ods> [--year <year>] [--base <url> --token <token>] [--json]
 *
 * Reads a filled workbook (Excel, WPS, LibreOffice; .xlsx or .ods), checks it
 * locally with the same rules as the server, and uploads the templates it
 * holds that differ from the unit's current revisions, in one batch. Prints a
 * line per template — the revision with its time (China) and checksum, or
 * 没有变化, or each issue with its cell in words — and exits non-zero if
 * anything was refused.
 *
 * --check reads and checks without uploading, for files that came by e-mail.
 * With a server (--base/--token or QUNTUAN_BASE/QUNTUAN_TOKEN) it checks
 * against the stored data as an upload would; without one it skips the
 * checks that need stored data and says which, and — the unit's org type
 * being unknown — leaves blank the fields asked of some org types only.
 * --json prints one JSON object instead: the rows read per template and the issues.
 */
import { readFileSync } from 'node:fs';
import {
  absentNotice,
  batchBody,
  checkName,
  checkReports,
  chinaTime,
  editionOf,
  hasErrors,
  issuePlace,
  STATUS_LABELS,
  templateNamed,
  unchangedTemplates,
  unitContext,
  warnedTemplates,
  withCells,
  type Edition,
  type Issue,
  type Me,
  type OrgKey,
  type Receipt,
  type SkippedCheck,
  type Unit,
} from '../shared/index.ts';
import { readReportWorkbook, WorkbookError, type ReportWorkbook } from '../shared/xlsx/index.ts';
import { api, CliError, expectOk, flag, parseArgs, runMain, server, type ErrorBody, type Server } from './cli.ts';

const USAGE = `用法：npm run upload -- --file <报表.xlsx|报表.ods> --year <年度> [--base <服务器地址>] [--token <令牌>] [--explanation <情况说明>]
      只读取和校验、不上传：npm run upload -- --check --file <报表.xlsx|报表.ods> [--year <年度>] [--base <服务器地址> --token <令牌>] [--json]`;

const FLAGS = { file: 'value', year: 'value', base: 'value', token: 'value', explanation: 'value', check: 'switch', json: 'switch', help: 'switch' } as const;

async function findUnit(s: Server, code: string, checkOnly = false): Promise<Unit> {
  const me = expectOk<Me>(await api(s, 'GET', '/me'));
  if (me.role === 'statistician' && !checkOnly) throw new CliError('统计员负责审核，不能上报报表；请使用管理员或本单位填报员的令牌');
  if (me.role === 'clerk') {
    if (!me.unit || me.unit.code !== code) throw new CliError(`报表的单位代码为“${code}”，而令牌属于单位“${me.unit?.code}”，请使用本单位的报表`);
    return me.unit;
  }
  let cursor = '';
  for (;;) {
    const page = expectOk<{ units: Unit[]; nextCursor?: string }>(await api(s, 'GET', `/units?limit=1000${cursor ? `&cursor=${cursor}` : ''}`));
    const u = page.units.find((x) => x.code === code);
    if (u) return u;
    if (!page.nextCursor) throw new CliError(`服务器上没有单位“${code}”，请先导入单位名册`);
    cursor = page.nextCursor;
  }
}

/** Each issue as the pane says it: severity, the check by its 说明 name, the cell, where that is in words, what is wrong. */
function printIssues(issues: Issue[], edition: Edition) {
  for (const i of issues) {
    const where = i.cell ? `${i.cell}（${issuePlace(edition, i)}）` : issuePlace(edition, i);
    console.log(`  ${i.severity === 'error' ? '错误' : '提示'} ${checkName(edition, i.template, i.code)} ${where}：${i.message}`);
  }
}

/** The year's edition as the server records it (a year not opened yet: the one valid for it). */
async function serverEdition(s: Server, year: number): Promise<Edition> {
  return editionOf(expectOk<{ edition: Edition['id'] }>(await api(s, 'GET', `/templates?year=${year}`)).edition);
}

/** The file read (with `edition`, else the one its year says), or refused with the reader's message (`CliError`). */
function readFile(file: string, year: number | undefined, edition?: Edition): ReportWorkbook {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch {
    throw new CliError(`无法读取文件 ${file}`);
  }
  try {
    return readReportWorkbook(bytes, year === undefined ? {} : { year }, { name: file }, edition);
  } catch (e) {
    if (e instanceof WorkbookError) throw new CliError(`${file}：${e.message}`);
    throw e;
  }
}

/** The one unit and year the sheets name; what is inconsistent or missing goes to `wb.problems`. */
function unitAndYear(wb: ReportWorkbook, given: number | undefined): { code: string | null; year: number | null } {
  const codes = [...new Set(wb.reports.map((r) => r.unit.code).filter((c): c is string => !!c))];
  if (codes.length > 1) wb.problems.push(`各工作表的单位代码不一致（${codes.join('、')}），请核对`);
  if (codes.length === 0 && wb.reports.length) wb.problems.push('报表中找不到单位代码，请在“单位代码：”右侧填写');
  let year = given ?? null;
  if (year === null && wb.reports.length) {
    const years = [...new Set(wb.reports.map((r) => r.year).filter((y): y is number => y !== null))];
    if (years.length > 1) wb.problems.push(`各工作表的报告期不一致（${years.map((y) => `${y}年`).join('、')}），请核对`);
    else if (years.length === 0) wb.problems.push('报表中找不到报告期，请在“报告期：”右侧填写，或用 --year 指定年度');
    else year = years[0]!;
  }
  return { code: codes.length === 1 ? codes[0]! : null, year };
}

interface CheckOutcome {
  unit: { code: string | null; name: string | null; org: OrgKey | null };
  year: number | null;
  issues: Issue[];
  skipped: SkippedCheck[];
  /** Whether the server's stored data was used. */
  server: boolean;
}

/** --check: read and check, with the server's stored context when there is a server, else without it. */
async function check(flags: Map<string, string | true>, file: string, given: number | undefined): Promise<number> {
  const json = flags.has('json');
  const connected = flag(flags, 'base') ?? process.env.QUNTUAN_BASE ?? flag(flags, 'token') ?? process.env.QUNTUAN_TOKEN;
  let wb: ReportWorkbook;
  try {
    wb = readFile(file, given);
  } catch (e) {
    if (!(e instanceof CliError) || !json) throw e;
    console.log(JSON.stringify({ file, ok: false, refused: e.message.replace(`${file}：`, '') }));
    return 1;
  }
  const { code, year } = unitAndYear(wb, given);
  const out: CheckOutcome = { unit: { code, name: null, org: null }, year, issues: [], skipped: [], server: false };
  if (!wb.problems.length && year !== null) {
    // The same checks as the pane: with the server's stored context when connected, else every check the file alone answers.
    let ctx = null;
    if (connected) {
      const s = server(flags);
      const unit = await findUnit(s, code!, true);
      // A year's edition is the server's to say: read the file again if the year records another.
      const edition = await serverEdition(s, year);
      if (edition.id !== wb.edition.id) wb = readFile(file, year, edition);
      ctx = await unitContext({ get: async <T>(path: string) => expectOk<T>(await api(s, 'GET', path)) }, unit.code, year, edition);
      out.unit = { code: unit.code, name: unit.name, org: unit.org };
      out.server = true;
    } else out.unit.name = wb.reports.find((r) => r.unit.name)?.unit.name ?? null;
    const checked = checkReports(wb, year, out.unit.org, ctx);
    out.issues = checked.issues;
    out.skipped = checked.skipped;
  }
  const errors = out.issues.filter((i) => i.severity === 'error').length;
  const ok = !wb.problems.length && errors === 0;
  if (json) {
    console.log(
      JSON.stringify({
        file,
        format: wb.format,
        ok,
        unit: out.unit,
        year: out.year,
        server: out.server,
        templates: wb.reports.map((r) => ({ template: r.template, sheet: r.sheet, count: r.rows.length, rows: r.rows, signoff: r.signoff })),
        absent: wb.absent,
        notice: absentNotice(wb.edition, wb.absent, wb.others),
        problems: wb.problems,
        issues: out.issues,
        skipped: out.skipped,
        unknownOrg: !out.server,
      }),
    );
    return ok ? 0 : 1;
  }
  const notice = absentNotice(wb.edition, wb.absent, wb.others);
  if (wb.problems.length) {
    console.log(`${file}：无法读取报表`);
    for (const p of wb.problems) console.log(`  ${p}`);
    if (notice) console.log(`  ${notice}`);
    return 1;
  }
  const who = out.unit.name ? `${out.unit.name}（${out.unit.code}）` : `单位代码 ${out.unit.code}`;
  console.log(`${file}：${who}，${year}年度，读取了 ${wb.reports.map((r) => `${r.sheet}（${r.rows.length} 行）`).join('、')}`);
  if (notice) console.log(`  ${notice}`);
  if (!out.server) {
    console.log('未连接服务器（没有 --base/--token）：');
    if (out.skipped.length) {
      console.log('  以下校验需要服务器上保存的数据，本次跳过：');
      for (const k of out.skipped) console.log(`    ${k.code}（${templateNamed(k.template).sheet}）：${k.reason}`);
    }
    const partial = wb.edition.templates.filter((t) => wb.reports.some((r) => r.template === t.id)).flatMap((t) => t.fields.filter((f) => f.applies).map((f) => f.label));
    if (partial.length) console.log(`  组织类型未知：只对部分组织类型填报的指标（${[...new Set(partial)].join('、')}）留空时不算错误`);
  }
  if (out.issues.length) {
    console.log(`校验${errors ? '未通过' : '通过，但有需要核实的提示'}（${errors} 处错误，${out.issues.length - errors} 处提示）：`);
    printIssues(out.issues, wb.edition);
  } else console.log('校验通过，没有发现问题');
  console.log('（仅检查，未上传）');
  return ok ? 0 : 1;
}

async function main(): Promise<number> {
  const { flags, words } = parseArgs(process.argv.slice(2), FLAGS, USAGE);
  if (flags.has('help')) throw new CliError(USAGE, 0);
  if (words.length) throw new CliError(`多余的参数：${words.join(' ')}\n${USAGE}`, 2);
  const file = flag(flags, 'file');
  const yearText = flag(flags, 'year');
  const year = yearText === undefined ? undefined : Number(yearText);
  if (!file || (year !== undefined && !Number.isInteger(year))) throw new CliError(USAGE, 2);
  if (flags.has('check')) {
    if (flags.has('explanation')) throw new CliError(`--check 只检查不上传，不需要 --explanation\n${USAGE}`, 2);
    return check(flags, file, year);
  }
  if (flags.has('json')) throw new CliError(`--json 只用于 --check\n${USAGE}`, 2);
  if (year === undefined) throw new CliError(USAGE, 2);
  const s = server(flags);
  const explanation = flag(flags, 'explanation')?.trim();

  const wb = readFile(file, year, await serverEdition(s, year));
  unitAndYear(wb, year);
  const notice = absentNotice(wb.edition, wb.absent, wb.others);
  if (wb.problems.length) {
    console.log(`${file}：无法读取报表`);
    for (const p of wb.problems) console.log(`  ${p}`);
    if (notice) console.log(`  ${notice}`);
    return 1;
  }
  const codes = [...new Set(wb.reports.map((r) => r.unit.code))];
  const unit = await findUnit(s, codes[0]!);
  console.log(`${file}：${unit.name}（${unit.code}），${year}年度，${wb.reports.map((r) => templateNamed(r.template).sheet).join('、')}`);
  if (notice) console.log(`  ${notice}`);

  // The same stored context and checks as the pane: last year's counted 表1/表4, this year's other templates.
  const ctx = await unitContext({ get: async <T>(path: string) => expectOk<T>(await api(s, 'GET', path)) }, unit.code, year, wb.edition);
  const { issues } = checkReports(wb, year, unit.org, ctx);
  if (hasErrors(issues)) {
    console.log(`本地校验未通过，未上传（${issues.filter((i) => i.severity === 'error').length} 处错误）：`);
    printIssues(issues, wb.edition);
    return 1;
  }
  // As the pane does: a template whose figures are on record is not sent again, and keeps its revision and status.
  const kept = unchangedTemplates(wb.reports, ctx, unit.org, wb.edition);
  const send = wb.reports.filter((r) => !kept.includes(r.template));
  for (const t of kept) {
    const r = ctx.current[t]!;
    console.log(`  ${templateNamed(t).sheet}：没有变化，未重新上传，仍为第 ${r.revision} 版（${STATUS_LABELS[r.status]}）`);
  }
  if (!send.length) {
    console.log('  内容与服务器上的最新版本相同，未上传，未产生新版本');
    return 0;
  }
  const warned = warnedTemplates(issues).filter((t) => send.some((r) => r.template === t));
  if (warned.length && !explanation) {
    console.log('报表有需要核实的提示，请核实后用 --explanation "情况说明" 说明原因再上传：');
    printIssues(
      issues.filter((i) => warned.includes(i.template)),
      wb.edition,
    );
    return 1;
  }

  // The explanation goes with the templates whose warnings it answers, not with the others.
  const explanations = Object.fromEntries(warned.map((t) => [t, explanation ?? '']));
  const res = await api<{ submissions: Receipt[] } | ErrorBody>(s, 'POST', '/submissions/batch', batchBody(send, unit.code, year, explanations));
  if (res.status === 200 || res.status === 201) {
    // The receipt (回执): each template's revision, its time in China and the checksum that identifies its content.
    for (const r of (res.body as { submissions: Receipt[] }).submissions) {
      const sheet = templateNamed(r.template).sheet;
      const none = wb.reports.find((x) => x.template === r.template)?.rows.length === 0 ? '（本年无）' : '';
      console.log(`  ${sheet}：已上报${none}，第 ${r.revision} 版，${chinaTime(r.createdAt)}（北京时间），校验码 ${r.checksum}`);
    }
    if (res.status === 200) console.log('  内容与服务器上的最新版本相同，未产生新版本');
    return 0;
  }
  const e = (res.body as ErrorBody).error;
  console.log(`上传被拒绝：${e?.message ?? `HTTP ${res.status}`}`);
  // The server's issues carry no cell: map them back with the reader's cell map.
  printIssues(withCells(e?.issues ?? [], wb.reports), wb.edition);
  return 1;
}

runMain(main);
